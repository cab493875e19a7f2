import datetime

from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, DateFilter, autocomplete_filter, user_filter
from core.models import day_start

from .models import Note
from .selectors import timeline_q


def timeline_filter(subject_field):
    """Notes on one record's history timeline: what its panel's "All notes" link lists."""
    return autocomplete_filter(
        Note,
        subject_field,
        label=Note._meta.get_field(subject_field).verbose_name,
        method="filter_timeline",
    )


class NoteFilterSet(BaseFilterSet):
    author = user_filter(label=_("author"))
    member = timeline_filter("member")
    contact = timeline_filter("contact")
    lead = timeline_filter("lead")
    deal = timeline_filter("deal")
    contract = timeline_filter("contract")
    occurred_after = DateFilter(method="filter_from_date", label=_("from date"))
    occurred_before = DateFilter(method="filter_to_date", label=_("to date"))

    class Meta:
        model = Note
        fields = (
            "q",
            "kind",
            "author",
            "member",
            "contact",
            "lead",
            "deal",
            "contract",
            "occurred_after",
            "occurred_before",
        )

    def filter_from_date(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=day_start(value))

    def filter_to_date(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=day_start(value + datetime.timedelta(days=1)))

    def filter_timeline(self, queryset, name, value):
        return queryset.filter(timeline_q(name, value))
