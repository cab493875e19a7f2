import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import DateFilter

from .models import SecurityEvent


class SecurityEventFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SecurityEvent.Kind.choices, label=_("event"))
    username = django_filters.CharFilter(lookup_expr="icontains", label=_("username"))
    date_from = DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label=_("from"),
    )
    date_to = DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label=_("to"),
    )

    class Meta:
        model = SecurityEvent
        fields = ("kind", "username", "date_from", "date_to")
