import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, autocomplete_filter, choices_filter
from notes.selectors import stale_deals_q
from services.models import Service

from .models import Deal


class DealFilterSet(BaseFilterSet):
    stage = choices_filter(
        Deal.Stage.choices,
        label=_("stage"),
    )
    service = django_filters.ModelChoiceFilter(queryset=Service.objects.all(), label=_("service"))
    member = autocomplete_filter(Deal, "member", label=_("member"))
    owner = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        label=_("owner"),
    )

    stale = django_filters.BooleanFilter(
        method="filter_stale",
        label=_("open with no note for 30 days"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Deal
        fields = ("q", "stage", "service", "member", "owner", "stale")

    def filter_stale(self, queryset, name, value):
        return queryset.filter(stale_deals_q()) if value else queryset
