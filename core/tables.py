import datetime
import functools

import django_tables2 as tables
from django.db import models
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import library
from django_tables2.data import TableQuerysetData
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import Accessor, signature

from .display import kronor

# Cells whose text a line break would make unreadable: a phone number, a date, an amount, a
# code. Columns of these names (and every date and amount column) never wrap.
UNBROKEN_COLUMNS = {"phone", "kommunkod", "org_number", "number", "ip"}


class DeepPageQuerysetData(TableQuerysetData):
    """Table data whose page 50 costs what page 1 does.

    With OFFSET the database reads, joins and computes the columns of every row it skips:
    2,450 of them on page 50. Here a page after the first selects its primary keys first (the
    ordering's index alone), then reads only those rows with their joins.
    """

    def __getitem__(self, key):
        if isinstance(key, slice) and key.start:
            return self.data.filter(pk__in=self.data.values("pk")[key])
        return super().__getitem__(key)

    def order_by(self, aliases):
        """The column's ordering, then the primary key: rows that tie on the column (contracts
        starting the same day) come in one order on every page, or a page could repeat a
        row of the one before and skip another. The key runs the way the first column does,
        so that an index on that column still serves the ordering."""
        super().order_by(aliases)
        self.end_ordering_with_key()

    def end_ordering_with_key(self):
        ordering = list(self.data.query.order_by)
        if ordering and not any(str(o).lstrip("-") in ("pk", "id") for o in ordering):
            first = ordering[0]
            descending = getattr(first, "descending", str(first).startswith("-"))
            self.data = self.data.order_by(*ordering, "-pk" if descending else "pk")


# django-tables2 asks inspect.signature() which arguments a column's render method and a link's
# url function take, for every cell: half of a list's rendering time. The answer never changes.
_SIGNATURES = {}


def _call_with_appropriate(fn, kwargs):
    """django_tables2.utils.call_with_appropriate, with each function's signature worked out
    once (per function, bound or not) instead of once per cell."""
    key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
    parameters = _SIGNATURES.get(key)
    if parameters is None:
        parameters = _SIGNATURES[key] = signature(fn)
    args, kwargs_name = parameters
    if not kwargs_name:
        if any(arg not in kwargs for arg in args):
            return None
        kwargs = {arg: kwargs[arg] for arg in args}
    return fn(**kwargs)


@functools.cache
def _accessor(name: str) -> Accessor:
    return Accessor(name)


@functools.cache
def _field_value(model, accessor: str):
    """How a cell reads a model field that an accessor names directly: the name of the
    method giving a choice's label (get_stage_display), the field's name, or None for
    anything else (a property, a path through relations, an annotation)."""
    if Accessor.LEGACY_SEPARATOR in accessor or Accessor.SEPARATOR in accessor:
        return None
    for field in model._meta.concrete_fields:
        if field.name == accessor:
            display = f"get_{accessor}_display"
            return display if field.choices and hasattr(model, display) else accessor
    return None


class CachedSignatureRow(BoundRow):
    """django-tables2's row, with what does not change from row to row worked out once: the
    signatures of render methods and link functions, and how a column reads a model field.
    The cells are the same (core/tests/test_tables.py compares them with django-tables2's).
    """

    def _get_and_render_with(self, bound_column, render_func, default):
        record = self.record
        how = _field_value(type(record), bound_column.accessor)
        if how is None:
            return super()._get_and_render_with(bound_column, render_func, default)
        value = getattr(record, how)
        if how != bound_column.accessor:
            value = value()
        if value in bound_column.column.empty_values:
            return default
        return render_func(bound_column, value)

    def rendered_cells(self, columns):
        """The rendered cells of ``columns`` (bound columns), in order: get_cell without
        looking each column up by name."""
        return [
            self._get_and_render_with(column, self._call_render, column.default)
            for column in columns
        ]

    def _call_render(self, bound_column, value=None):
        render_kwargs = self._optional_cell_arguments(bound_column, value)
        content = _call_with_appropriate(bound_column.render, render_kwargs)
        link = bound_column.link
        if not link:
            return content
        if link.attrs or link.reverse_args or link.accessor is not None:
            return link(content, **render_kwargs)
        if link.url:
            href = _call_with_appropriate(link.url, render_kwargs)
        else:
            # linkify=True: the cell's value's page if it has one, else the record's.
            target = _accessor(bound_column.name).resolve(self.record)
            if not hasattr(target, "get_absolute_url"):
                target = self.record
            href = target.get_absolute_url()
        if href is None:
            return content
        return format_html('<a href="{}">{}</a>', href, content)


class CachedSignatureRows(BoundRows):
    def __iter__(self):
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        for record in self.data:
            yield CachedSignatureRow(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key):
        if isinstance(key, slice):
            return CachedSignatureRows(
                data=self.data[key], table=self.table, pinned_data=self.pinned_data
            )
        return CachedSignatureRow(record=self.data[key], table=self.table)


class BaseTable(tables.Table):
    """Shared look and empty text of every list.

    Headers are in sentence case. A list fits its screen: ``Meta.secondary`` names the columns
    shown only on a wide screen (1400 px and up), so that the rest fits a laptop's 1280 px; a
    table still wider than its screen (a phone's) scrolls in its own area. Phone numbers,
    dates, amounts and codes never break over two lines.
    """

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("Nothing matches.")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        secondary = set(getattr(getattr(self, "Meta", None), "secondary", ()))
        for bound in self.columns:
            column = bound.column
            if column.verbose_name is not None:
                column.verbose_name = capfirst(column.verbose_name)
            classes = []
            if bound.name in secondary:
                classes.append("d-none d-xxl-table-cell")
            if bound.name in UNBROKEN_COLUMNS or isinstance(
                column, (tables.DateColumn, tables.DateTimeColumn, AmountColumn)
            ):
                classes.append("text-nowrap")
            if classes:
                attrs = dict(column.attrs)
                for cell in ("th", "td"):
                    cell_attrs = dict(attrs.get(cell, {}))
                    cell_attrs["class"] = " ".join([cell_attrs.get("class", ""), *classes]).strip()
                    attrs[cell] = cell_attrs
                column.attrs = attrs
        if type(self.data) is TableQuerysetData:
            self.data = DeepPageQuerysetData(self.data.data)
            self.data.set_table(self)
            self.data.end_ordering_with_key()  # the table's own ordering, applied above
        self.rows = CachedSignatureRows(data=self.data, table=self, pinned_data=self.pinned_data)


# django-tables2's date columns compile a template for every cell they render (a hundred
# compilations for a 50-row list with two dates). These format the value directly, exactly
# as the template (``value|date:format``) would; registered after django-tables2's own, so
# every date field of every table gets them.


class DirectDateFormat:
    """Formats a column's date or time without a template; ``formats`` is (short, long)."""

    formats = ("SHORT_DATE_FORMAT", "DATE_FORMAT")

    def __init__(self, format=None, short=True, *args, **kwargs):
        self.date_format = format or self.formats[0 if short else 1]
        super().__init__(format, short, *args, **kwargs)

    def render(self, value, bound_column):
        if value is None:
            return bound_column.default
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, self.date_format)


@library.register
class DateColumn(DirectDateFormat, tables.DateColumn):
    pass


@library.register
class DateTimeColumn(DirectDateFormat, tables.DateTimeColumn):
    formats = ("SHORT_DATETIME_FORMAT", "DATETIME_FORMAT")


@library.register
class AmountColumn(tables.Column):
    """An amount in kronor, "415 000 kr", right-aligned; a number in exports."""

    exports_raw_value = True  # core/exports.py reads the number itself

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"th": {"class": "text-end"}, "td": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return kronor(value)

    def value(self, value):
        return value

    @classmethod
    def from_field(cls, field, **kwargs):
        # The CRM's decimal fields are amounts in kronor (a deal's or a contract's value).
        if isinstance(field, models.DecimalField):
            return cls(**kwargs)
        return None
