from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, checkbox_filter, choices_filter, user_filter
from notes.selectors import stale_leads_q

from .models import Lead


class LeadFilterSet(BaseFilterSet):
    status = choices_filter(
        Lead.Status.choices,
        label=_("status"),
    )
    owner = user_filter(label=_("owner"))
    stale = checkbox_filter(stale_leads_q, label=_("not followed up for 14 days"))

    class Meta:
        model = Lead
        fields = ("q", "status", "owner", "stale")
