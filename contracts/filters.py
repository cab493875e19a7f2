import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, autocomplete_filter, choices_filter
from services.models import Service

from .models import Contract
from .selectors import effective_status_q, overdue_q


class ContractFilterSet(BaseFilterSet):
    status = choices_filter(
        Contract.Status.choices,
        label=_("status"),
        method="filter_status",
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("marked active but past the end date"),
        widget=forms.CheckboxInput,
    )
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all(), label=_("service"))
    party = autocomplete_filter(Contract, "parties", label=_("party"))
    ending_after = django_filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("ending on or after")
    )
    ending_before = django_filters.DateFilter(
        field_name="end_date", lookup_expr="lte", label=_("ending on or before")
    )

    class Meta:
        model = Contract
        fields = ("q", "status", "overdue", "service", "party", "ending_after", "ending_before")

    def filter_status(self, queryset, name, value):
        # The status as shown: a contract past its end date counts as ended.
        return queryset.filter(effective_status_q(value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset
