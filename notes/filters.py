import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.filters import BaseFilterSet, autocomplete_filter

from .models import Note


class NoteFilterSet(BaseFilterSet):
    author = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        label=_("author"),
    )
    member = autocomplete_filter(Note, "member", label=_("member"))
    occurred_after = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("from date")
    )
    occurred_before = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("to date")
    )

    class Meta:
        model = Note
        fields = ("q", "kind", "author", "member", "occurred_after", "occurred_before")
