import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, choices_filter
from notes.selectors import stale_leads_q

from .models import Lead


class LeadFilterSet(BaseFilterSet):
    status = choices_filter(
        Lead.Status.choices,
        label=_("status"),
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        label=_("owner"),
    )

    stale = django_filters.BooleanFilter(
        method="filter_stale",
        label=_("not followed up for 14 days"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Lead
        fields = ("q", "status", "owner", "stale")

    def filter_stale(self, queryset, name, value):
        return queryset.filter(stale_leads_q()) if value else queryset
