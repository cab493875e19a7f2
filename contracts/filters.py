import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, autocomplete_filter
from services.models import Service

from .models import Contract


class ContractFilterSet(BaseFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Contract.Status.choices, label=_("status"), widget=forms.CheckboxSelectMultiple
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
        fields = ("q", "status", "service", "party", "ending_after", "ending_before")
