"""``ordering``: the columns a list's page sorts by, as its table declares them."""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

CURSOR_KEY = "cursor_key"


def _path_fields(model, path):
    """The model fields along ``path`` ("county__code"), and the path extended to a column
    where it ends on a relation (which orders by the related model's own ordering)."""
    fields, current = [], model
    parts = path.split("__")
    for part in parts:
        field = current._meta.get_field(part)
        fields.append(field)
        current = field.related_model if field.is_relation else current
    if fields[-1].is_relation:
        first = (current._meta.ordering or [current._meta.pk.name])[0].lstrip("-")
        return _path_fields(model, f"{path}__{first}")
    return fields, path


def _sentinel(field):
    """A value below any the field holds, for its nulls: the cursor cannot point at NULL."""
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(1, 1, 1)
    if isinstance(field, models.DecimalField):
        return Decimal("-1e15")
    if isinstance(field, models.IntegerField | models.FloatField):
        return -(2**62)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.TimeField):
        return datetime.time.min  # PostgreSQL refuses '' as a time
    return ""


class RecordFilterBackend(DjangoFilterBackend):
    """The list page's filter set (the view's ``filterset_class``), ``q`` included."""


class TableOrdering(BaseFilterBackend):
    """Orders a list by ``ordering=column`` or ``-column``, a column its page's table sorts
    by (the view's ``table_class``), as the page sorts by it; by default as the page opens.

    The primary key ends every ordering, so that it is total and the cursor stable. The
    cursor keeps the first column's value: where that column is not the record's own
    non-null field, it is selected as ``cursor_key`` (with a value below all others for
    NULL), which the cursor can compare.
    """

    param = "ordering"

    @staticmethod
    def columns(view) -> dict[str, tuple[str, ...]]:
        """{column: the model paths it orders by} for the view's table."""
        cached = getattr(view, "_ordering_columns", None)
        if cached is not None:
            return cached
        found = {}
        if view.table_class is None:
            view._ordering_columns = found
            return found
        table = view.table_class([])
        for column in table.columns:
            if not column.orderable:
                continue
            found[column.name] = tuple(str(part).replace(".", "__") for part in column.order_by)
        view._ordering_columns = found
        return found

    def _requested(self, request, view) -> list[str]:
        value = request.query_params.get(self.param, "")
        if not value:
            if view.table_class is None:
                return list(view.default_ordering)
            return list(view.table_class._meta.order_by or ())
        terms = [term.strip() for term in value.split(",") if term.strip()]
        columns = self.columns(view)
        unknown = [term for term in terms if term.lstrip("-") not in columns]
        if unknown or not terms:
            raise ValidationError(
                {
                    self.param: _("Sort by one of: %(columns)s.")
                    % {"columns": ", ".join(sorted(columns))}
                }
            )
        return terms

    def _plan(self, request, view):
        """(the ordering, and the expression for the cursor key or None)."""
        model = view.queryset.model
        columns = self.columns(view)
        ordering = []
        for term in self._requested(request, view):
            descending = term.startswith("-")
            for path in columns.get(term.lstrip("-"), (term.lstrip("-"),)):
                flip = path.startswith("-")
                path = path.lstrip("-")
                sign = "-" if descending != flip else ""
                ordering.append(f"{sign}{path}")
        ordering.append("-pk" if ordering and ordering[0].startswith("-") else "pk")
        first = ordering[0]
        sign, path = ("-", first[1:]) if first.startswith("-") else ("", first)
        if path == "pk" or path in view.queryset.query.annotations:
            # an annotation of the list's queryset (a count): the rows carry it already
            return ordering, None
        fields, path = _path_fields(model, path)
        nullable = any(field.null for field in fields)
        if len(fields) == 1 and not nullable and path in {f.name for f in model._meta.fields}:
            return ordering, None
        final = fields[-1]
        expression = (
            Coalesce(F(path), Value(_sentinel(final)), output_field=final.__class__())
            if nullable
            else F(path)
        )
        return [f"{sign}{CURSOR_KEY}", *ordering[1:]], expression

    def get_ordering(self, request, queryset, view):
        return self._plan(request, view)[0]

    def filter_queryset(self, request, queryset, view):
        ordering, expression = self._plan(request, view)
        if expression is not None:
            queryset = queryset.annotate(**{CURSOR_KEY: expression})
        return queryset.order_by(*ordering)

    def get_schema_operation_parameters(self, view):
        columns = sorted(self.columns(view))
        if not columns:
            return []
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": _(
                    "Sort by a column of the list, descending with a leading minus; several "
                    "separated by commas."
                ),
                "schema": {"type": "string", "enum": [*columns, *(f"-{c}" for c in columns)]},
            }
        ]
