import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import (
    BaseFilterSet,
    DateFilter,
    autocomplete_filter,
    checkbox_filter,
    choices_filter,
)
from members.models import Member

from .models import Contact
from .selectors import stale_contacts_q


class ContactFilterSet(BaseFilterSet):
    member = autocomplete_filter(Contact, "member", label=_("member"))
    verified_before = DateFilter(
        field_name="last_verified",
        method="filter_verified_before",
        label=_("not verified since"),
    )
    role = choices_filter(Contact.Role.choices, label=_("elected or employee"))
    member_type = choices_filter(
        Member.OrgType.choices,
        q=lambda values: Q(member__org_type__in=values),
        label=_("member's organisation type"),
    )
    is_active = django_filters.BooleanFilter(label=_("active"))
    stale = checkbox_filter(stale_contacts_q, label=_("not verified in the last 12 months"))

    class Meta:
        model = Contact
        fields = ("q", "member", "member_type", "role", "is_active", "stale", "verified_before")

    def filter_verified_before(self, queryset, name, value):
        # Never verified counts as stale too.
        return queryset.filter(Q(last_verified__lt=value) | Q(last_verified__isnull=True))
