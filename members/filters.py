import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, choices_filter

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
    population = django_filters.RangeFilter(label=_("population (from–to)"))

    population_outdated = django_filters.BooleanFilter(
        method="filter_population_outdated",
        label=_("population older than the latest imported year"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Member
        fields = ("q", "status", "org_type", "county", "population", "population_outdated")

    def filter_population_outdated(self, queryset, name, value):
        return queryset.filter(population_outdated_q()) if value else queryset
