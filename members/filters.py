import django_filters
from django.utils.translation import gettext_lazy as _

from contracts.selectors import members_using
from core.filters import (
    BaseFilterSet,
    checkbox_filter,
    choices_filter,
    range_filter,
    user_filter,
)
from services.models import Service

from .models import County, Member
from .selectors import population_outdated_q


class MemberFilterSet(BaseFilterSet):
    org_type = choices_filter(
        Member.OrgType.choices,
        label=_("organisation type"),
    )
    status = choices_filter(
        Member.Status.choices,
        label=_("membership status"),
    )
    county = django_filters.ModelChoiceFilter(queryset=County.objects.all(), label=_("county"))
    population = range_filter(_("population"))
    service = django_filters.ModelChoiceFilter(
        queryset=Service.objects.all(),
        method="filter_service",
        label=_("uses service (contract in force)"),
    )
    responsible = user_filter(label=_("responsible case officer"))
    population_outdated = checkbox_filter(
        population_outdated_q, label=_("population older than the latest imported year")
    )

    class Meta:
        model = Member
        fields = (
            "q",
            "status",
            "org_type",
            "county",
            "population",
            "service",
            "responsible",
            "population_outdated",
        )

    def filter_service(self, queryset, name, value):
        # A subquery: a member with several contracts for the service is listed once.
        return queryset.filter(pk__in=members_using(value).values("pk")) if value else queryset
