import django_filters
from django.utils.translation import gettext_lazy as _

from .selectors import search_queryset
from .widgets import AutocompleteSelect


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
