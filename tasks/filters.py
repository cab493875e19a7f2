import django_filters
from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.filters import (
    BaseFilterSet,
    DateFilter,
    autocomplete_filter,
    checkbox_filter,
    choices_filter,
    user_filter,
)

from .models import SUBJECT_FIELDS, Campaign, Task
from .selectors import overdue_q

RECORD_TYPES = [
    (name, capfirst(Task._meta.get_field(name).verbose_name)) for name in SUBJECT_FIELDS
] + [("none", _("None (personal)"))]


class TaskFilterSet(BaseFilterSet):
    mine = django_filters.BooleanFilter(
        method="filter_mine", widget=forms.CheckboxInput, label=_("my tasks")
    )
    assignee = user_filter(label=_("assignee"))
    status = choices_filter(Task.Status.choices, label=_("status"))
    overdue = checkbox_filter(overdue_q, label=_("overdue"))
    due_after = DateFilter(field_name="due_date", lookup_expr="gte", label=_("due on or after"))
    due_before = DateFilter(field_name="due_date", lookup_expr="lte", label=_("due on or before"))
    member = autocomplete_filter(Task, "member", label=_("member"))
    contact = autocomplete_filter(Task, "contact", label=_("contact"))
    lead = autocomplete_filter(Task, "lead", label=_("lead"))
    deal = autocomplete_filter(Task, "deal", label=_("deal"))
    contract = autocomplete_filter(Task, "contract", label=_("contract"))
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("campaign")
    )
    record_type = django_filters.MultipleChoiceFilter(
        choices=RECORD_TYPES,
        method="filter_record_type",
        widget=forms.CheckboxSelectMultiple,
        label=_("about"),
    )

    class Meta:
        model = Task
        fields = (
            "q",
            "mine",
            "assignee",
            "status",
            "overdue",
            "due_after",
            "due_before",
            "record_type",
            "campaign",
            *SUBJECT_FIELDS,
        )

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(assignee=self.request.user)
        return queryset

    def filter_record_type(self, queryset, name, values):
        if not values:
            return queryset
        q = Q()
        for value in values:
            part = (
                {f"{n}__isnull": True for n in SUBJECT_FIELDS}
                if value == "none"
                else {f"{value}__isnull": False}
            )
            q |= Q(**part)
        return queryset.filter(q)


class CampaignFilterSet(BaseFilterSet):
    class Meta:
        model = Campaign
        fields = ("q",)
