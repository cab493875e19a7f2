from django import template
from django.db import models
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.display import kronor

register = template.Library()

# Bookkeeping columns shown in the card footer or not at all.
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "created_by", "updated_by", "search_text"}


def display_value(obj, field):
    value = getattr(obj, field.name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DecimalField):  # the CRM's decimals are amounts in kronor
        return kronor(value)
    if isinstance(field, models.ForeignKey) and hasattr(value, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
    if isinstance(field, models.URLField):
        return format_html('<a href="{0}" rel="noopener">{0}</a>', value)
    if isinstance(field, models.EmailField):
        return format_html('<a href="mailto:{0}">{0}</a>', value)
    return value


@register.inclusion_tag("generic/_fields.html")
def object_fields(obj, only=""):
    """The record's own fields as label/value rows; ``only`` is a comma-separated subset."""
    names = [n.strip() for n in only.split(",") if n.strip()]
    fields = (
        [obj._meta.get_field(n) for n in names]
        if names
        else [
            f
            for f in obj._meta.concrete_fields
            if f.name not in HIDDEN_FIELDS and not f.name.endswith("_ptr")
        ]
    )
    return {"rows": [(f.verbose_name, display_value(obj, f)) for f in fields]}


@register.filter
def verbose_name(obj):
    """The record type's name, e.g. "affär", for labelling where a note was written."""
    return obj._meta.verbose_name


@register.simple_tag(takes_context=True)
def table_row_cells(context, table, row):
    """The ``<td>`` cells of one row of a list, as django-tables2's template renders them.

    django-tables2 recomputes every column's attributes for every cell (about a third of a
    50-row list's server time) and looks each column up by name; the project's tables have
    the same attributes on every row, so they are computed once per table, and the cells of
    a row are rendered in one pass (core.tables.CachedSignatureRow.rendered_cells).
    """
    columns = getattr(table, "_row_columns", None)
    if columns is None:
        columns = table._row_columns = [
            (column, column.attrs["td"].as_html(), column.localize) for column in table.columns
        ]
    bound = [column for column, _attrs, _localize in columns]
    if hasattr(row, "rendered_cells"):
        values = row.rendered_cells(bound)
    else:
        values = [cell for _column, cell in row.items()]
    cells = []
    for (_column, attrs, localized), cell in zip(columns, values, strict=True):
        if localized is not None:
            cell = localize(cell, use_l10n=localized)
        # attrs is HTML already (AttributeDict.as_html) and the value comes out escaped: put
        # together directly, not through format_html, which would escape both again per cell.
        cells.append(f"<td {attrs}>{render_value_in_context(cell, context)}</td>")
    return mark_safe("".join(cells))


@register.filter
def kr(value):
    """An amount in kronor as the CRM writes it everywhere: "415 000 kr"."""
    return kronor(value) or "—"


@register.simple_tag
def active_filter_count(filterset):
    """How many of a list's filters are in use (the search box counts as one)."""
    if filterset is None:
        return 0
    form = filterset.form
    count = 0
    for name, field in form.fields.items():
        value = field.widget.value_from_datadict(filterset.data, {}, form.add_prefix(name))
        values = value if isinstance(value, list | tuple) else [value]
        count += any(v not in (None, "", False) for v in values)
    return count
