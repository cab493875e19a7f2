import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import (
    BaseFilterSet,
    autocomplete_filter,
    checkbox_filter,
    choices_filter,
    user_filter,
)
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
    owner = user_filter(label=_("owner"))
    stale = checkbox_filter(stale_deals_q, label=_("open with no note for 30 days"))

    class Meta:
        model = Deal
        fields = ("q", "stage", "service", "member", "owner", "stale")
