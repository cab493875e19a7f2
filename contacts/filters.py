import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, autocomplete_filter

from .models import Contact


class ContactFilterSet(BaseFilterSet):
    member = autocomplete_filter(Contact, "member", label=_("member"))
    verified_before = django_filters.DateFilter(
        field_name="last_verified",
        method="filter_verified_before",
        label=_("not verified since"),
    )
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Contact
        fields = ("q", "member", "is_active", "verified_before")

    def filter_verified_before(self, queryset, name, value):
        # Never verified counts as stale too.
        return queryset.filter(Q(last_verified__lt=value) | Q(last_verified__isnull=True))
