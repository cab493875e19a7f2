import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .selectors import search_queryset
from .widgets import AutocompleteSelect, LabelledRangeWidget


class BaseFilterSet(django_filters.FilterSet):
    """Every list has a free-text ``q`` that matches Swedish text case-insensitively."""

    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset, name, value):
        return search_queryset(queryset, value)


def autocomplete_filter(model, model_field, **kwargs):
    """A filter on a relation to a large table: a search widget, never every row."""
    field = model._meta.get_field(model_field)
    kwargs.setdefault("field_name", model_field)
    return django_filters.ModelChoiceFilter(
        queryset=field.remote_field.model.objects.all(),
        widget=AutocompleteSelect(field),
        **kwargs,
    )


def choices_filter(choices, **kwargs):
    """Any of several values of the record's own column, as checkboxes.

    Without django-filter's default DISTINCT for this filter: no join can repeat a row here,
    and DISTINCT makes the database sort every matching row before the page is cut.
    """
    return django_filters.MultipleChoiceFilter(
        choices=choices, widget=forms.CheckboxSelectMultiple, distinct=False, **kwargs
    )


def range_filter(label, **kwargs):
    """A from–to range of numbers; each of its two inputs is named for screen readers."""
    return django_filters.RangeFilter(
        label=format_lazy("{} ({})", label, _("from–to")),
        widget=LabelledRangeWidget(label),
        **kwargs,
    )
