import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .forms import DateField
from .selectors import search_queryset
from .widgets import AutocompleteSelect, LabelledRangeWidget


class BaseFilterSet(django_filters.FilterSet):
    """Every list has a free-text ``q`` that matches Swedish text case-insensitively."""

    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset, name, value):
        return search_queryset(queryset, value)


class DateFilter(django_filters.DateFilter):
    """A date in the browser's date picker, within the range the CRM accepts (core.dates)."""

    field_class = DateField


def autocomplete_filter(model, model_field, **kwargs):
    """A filter on a relation to a large table: a search widget, never every row."""
    field = model._meta.get_field(model_field)
    kwargs.setdefault("field_name", model_field)
    return django_filters.ModelChoiceFilter(
        queryset=field.remote_field.model.objects.all(),
        widget=AutocompleteSelect(field),
        **kwargs,
    )


def choices_filter(choices, *, q=None, **kwargs):
    """Any of several values of the record's own column, as checkboxes; or, with ``q``, the
    rows matching ``q(values)`` (a status as shown rather than as stored, say).

    Without django-filter's default DISTINCT for this filter: no join can repeat a row here,
    and DISTINCT makes the database sort every matching row before the page is cut.
    """
    if q is not None:
        kwargs["method"] = _matching(q)
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


def checkbox_filter(q, **kwargs):
    """A tick box that keeps the rows matching ``q()`` (a Q built when the list is filtered,
    so that "today" in it is today); unticked, every row."""
    return django_filters.BooleanFilter(
        method=_matching(lambda _value: q()), widget=forms.CheckboxInput, **kwargs
    )


def user_filter(**kwargs):
    """A choice of the active users, by name: a record's owner, a note's author."""
    users = get_user_model().objects.filter(is_active=True)
    return django_filters.ModelChoiceFilter(
        queryset=users.order_by("first_name", "last_name", "username"), **kwargs
    )


def _matching(q):
    """A filter method keeping the rows that match ``q(value)``; all of them without a value."""

    def method(queryset, name, value):
        return queryset.filter(q(value)) if value else queryset

    return method
