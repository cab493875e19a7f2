import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet

from .models import Service


class ServiceFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=Service.Kind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=Service.Status.choices, label=_("status"))

    class Meta:
        model = Service
        fields = ("q", "kind", "status")
