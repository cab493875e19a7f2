import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import (
    BaseFilterSet,
    DateFilter,
    autocomplete_filter,
    checkbox_filter,
    choices_filter,
    user_filter,
)
from services.models import Service

from .models import Contract
from .selectors import effective_status_q, overdue_q


class ContractFilterSet(BaseFilterSet):
    # The status as shown: a contract past its end date counts as ended.
    status = choices_filter(Contract.Status.choices, q=effective_status_q, label=_("status"))
    overdue = checkbox_filter(overdue_q, label=_("marked active but past the end date"))
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all(), label=_("service"))
    party = autocomplete_filter(Contract, "parties", label=_("party"))
    responsible = user_filter(label=_("responsible case officer"))
    ending_after = DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("ending on or after")
    )
    ending_before = DateFilter(
        field_name="end_date", lookup_expr="lte", label=_("ending on or before")
    )

    class Meta:
        model = Contract
        fields = (
            "q",
            "status",
            "overdue",
            "service",
            "party",
            "responsible",
            "ending_after",
            "ending_before",
        )
