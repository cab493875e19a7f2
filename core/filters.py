import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.forms.utils import flatatt
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
    """A choice of the active users, by name: a record's owner, a note's author. Only what
    the name needs is read (core.display.person_name): the list renders every user."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .only("pk", "first_name", "last_name", "username")
    )
    return django_filters.ModelChoiceFilter(
        queryset=users.order_by("first_name", "last_name", "username"), **kwargs
    )


def _matching(q):
    """A filter method keeping the rows that match ``q(value)``; all of them without a value."""

    def method(queryset, name, value):
        return queryset.filter(q(value)) if value else queryset

    return method


def laid_out_fields(form) -> list[tuple[forms.BoundField, str, str]]:
    """The filter form's fields, each with how generic/_filter_fields.html lays it out in
    Bootstrap 5's markup, and the attributes of a drop-down. The kinds: "choices" (tick
    boxes under a legend), "select" (a label over a drop-down, a search widget's included),
    "check" (one tick box), "group" (a from–to pair under a legend), "field" (a label over
    any other input) or "hidden".

    Every list renders its filters on every request, and crispy-forms' templates for each
    field, and Django's for each option of a drop-down, cost as much as the 50 rows of the
    table: here the widgets get Bootstrap's classes and, when the value is wrong, the error's
    id, and one template writes the rest, tick boxes and drop-downs included.
    """
    laid_out = []
    for field in form:
        widget = field.field.widget
        css, attrs = "", ""
        if widget.is_hidden:
            kind = "hidden"
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            kind = "choices"
        elif isinstance(widget, forms.CheckboxInput):
            kind, css = "check", "form-check-input"
        elif isinstance(widget, forms.MultiWidget):
            kind, css = "group", "form-control"
        elif isinstance(widget, forms.Select):
            kind = "select"
        else:
            kind, css = "field", "form-control"
        if field.errors:
            css += " is-invalid"
            if kind in ("field", "check"):
                widget.attrs["aria-describedby"] = f"{field.auto_id}_error"
        if css:
            widget.attrs["class"] = css.strip()
        if kind == "select":
            extra = {"id": field.auto_id, "class": "form-select"}
            if widget.allow_multiple_selected:
                extra["multiple"] = True
            if field.errors:
                extra.update(
                    {
                        "class": "form-select is-invalid",
                        "aria-invalid": "true",
                        "aria-describedby": f"{field.auto_id}_error",
                    }
                )
            # A search widget adds its own: where to search, its look, its language.
            attrs = flatatt(widget.build_attrs(widget.attrs, extra))
        laid_out.append((field, kind, attrs))
    return laid_out
