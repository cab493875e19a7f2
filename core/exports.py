"""Exports of lists and reports to CSV and Excel (XLSX), in constant memory.

Every list page offers the rows it shows — filters, search and sort applied, every page — as
``?_export=csv`` or ``?_export=xlsx`` (``ExportMixin`` on ``core.views.ObjectListView``).
Reports call ``export_response`` with their own headers and rows.

- CSV is streamed row by row while the database cursor is read in chunks. It is written the
  way Swedish Excel opens it with a double-click: UTF-8 with a byte order mark (or å, ä, ö come
  out garbled), semicolons between fields (the list separator of the Swedish locale, where the
  comma is the decimal sign: a comma-separated file opens as one column) and decimal commas,
  CRLF line ends.
- XLSX is a zip whose directory comes last, so it cannot go to the socket as it is written:
  openpyxl's write-only workbook writes rows to a temporary file as they come, the finished
  file is streamed back. Cells are typed (numbers, dates), strings are inline (no shared
  string table growing in memory).
- Formula injection: a text cell a spreadsheet would run as a formula (OWASP, "CSV
  Injection") is made inert. Only text is touched; a number stays a number, negative or not.
"""

import csv
import datetime
import decimal
import html
import numbers
import tempfile

from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeData
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_tables2.columns import BooleanColumn, Column, DateColumn, DateTimeColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .signals import records_exported

EXPORT_PARAM = "_export"
CSV = "csv"
XLSX = "xlsx"
FORMATS = {
    CSV: ("text/csv; charset=utf-8", _lazy("Export CSV")),
    XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _lazy("Export Excel"),
    ),
}
# Rows fetched per database round trip; also what prefetch_related needs with .iterator().
CHUNK_SIZE = 2000
# CSV rows per write to the socket: fewer, larger writes than one per row.
CSV_ROWS_PER_WRITE = 200
# An XLSX export stays in memory up to this size, then moves to a temporary file on disk.
XLSX_SPOOL_BYTES = 8 * 1024 * 1024

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def record_export(request, model, count):
    """Announce an export (core.signals.records_exported; the security log records it).

    Called once the last row is written (or the download was cut off: ``count`` is then what
    left). ``model`` is a model class or, for a report, its name.
    """
    query = request.GET.copy()
    export_format = query.pop(EXPORT_PARAM, [""])[-1]
    records_exported.send(
        sender=model if isinstance(model, type) else None,
        request=request,
        what=str(getattr(getattr(model, "_meta", None), "label", model)),
        export_format=export_format,
        rows=count,
        query=query,
    )


def needs_neutralising(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(value):
    """``value``, with a leading apostrophe if it is text a spreadsheet would run as a formula.

    "=HYPERLINK(…)", "+1", "-2", "@SUM(…)" become "'=HYPERLINK(…)" and so on: shown as text,
    never run. Numbers are no formula and are returned as they are, -2 included.
    """
    if needs_neutralising(value):
        return "'" + value
    return value


# --- Writers -------------------------------------------------------------------------------------


def export_response(request, export_format, *, name, headers, rows, subject=None):
    """The download of ``headers`` and ``rows`` as CSV or XLSX.

    ``name`` is what is exported in the user's language ("medlemmar"): the file is called
    ``medlemmar-2026-11-27.csv`` and the Excel sheet "Medlemmar". ``rows`` is any iterable of
    sequences of cell values (str, int, Decimal, date, datetime, bool, None; anything else is
    written as its text); it is read once, lazily. ``subject`` is what ``record_export``
    records (a model class or a report name); it defaults to ``name``.
    """
    if export_format not in FORMATS:
        raise BadRequest(f"Unknown export format {export_format!r}.")
    content_type = FORMATS[export_format][0]
    filename = f"{slugify(str(name))}-{timezone.localdate().isoformat()}.{export_format}"
    headers = [capfirst(str(header)) for header in headers]

    def done(count):
        record_export(request, subject if subject is not None else str(name), count)

    rows = _counted(rows, done)
    if export_format == CSV:
        stream = _csv_stream(headers, rows, translation.get_language())
        response = StreamingHttpResponse(stream, content_type=content_type)
        response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        response = FileResponse(
            _xlsx_file(str(name), headers, rows),
            as_attachment=True,
            filename=filename,
            content_type=content_type,
        )
    # Exports hold personal data: no copy in a browser's or proxy's cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def _counted(rows, done):
    count = 0
    try:
        for row in rows:
            count += 1
            yield row
    finally:
        done(count)


def _plain(value):
    """A cell value as a spreadsheet types it: numbers, dates and booleans keep their type,
    times are local, anything else (lazy translations, related records) is its text."""
    if value is None or isinstance(value, bool | int | float | decimal.Decimal):
        return value
    if isinstance(value, numbers.Real):  # a Fraction (a share in a report)
        return float(value)
    if isinstance(value, datetime.datetime):
        return timezone.make_naive(value) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, SafeData):  # a render_FOO() returning HTML: the text the user reads
        return html.unescape(strip_tags(value))
    return str(value)


class _Echo:
    """csv.writer's file: hands each formatted line back instead of storing it."""

    def write(self, line):
        return line


def _csv_text(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe_cell(value)


def _csv_stream(headers, rows, language):
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    # The rows are read while the response is sent, after the view has returned: keep the
    # request's language for the choice labels in them.
    with translation.override(language):
        yield "\ufeff" + writer.writerow([safe_cell(header) for header in headers])
        lines = []
        for row in rows:
            lines.append(writer.writerow([_csv_text(value) for value in row]))
            if len(lines) == CSV_ROWS_PER_WRITE:
                yield "".join(lines)
                lines = []
        if lines:
            yield "".join(lines)


def _xlsx_file(name, headers, rows):
    """The workbook in a (spooled) temporary file, positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(name))
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, 1):
        # Widths must be set before the first row; the values are not known yet.
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(header) + 4, 40))
    bold = Font(bold=True)
    header_cells = [_xlsx_text_cell(sheet, header) for header in headers]
    for cell in header_cells:
        cell.font = bold
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    # Closed by the FileResponse once sent.
    out = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115
    try:
        workbook.save(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def _xlsx_cell(sheet, value):
    value = _plain(value)
    if not isinstance(value, str):
        return value
    # Control characters (pasted from Word, say) make openpyxl refuse the whole file.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if needs_neutralising(value) or value in ERROR_CODES:
        return _xlsx_text_cell(sheet, value)
    return value  # openpyxl types any other string as text


def _xlsx_text_cell(sheet, text):
    """A cell of type text holding exactly ``text``: never a formula nor an error value.

    XLSX has a real text type, so unlike CSV nothing needs prefixing; quotePrefix is how Excel
    stores a typed leading apostrophe, so the cell stays text when someone edits it (and
    "+46 8 …" keeps its plus, unmangled).
    """
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    if needs_neutralising(text):
        cell.quotePrefix = True
    return cell


def _sheet_title(name):
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    title = capfirst(name).translate({ord(c): " " for c in "[]:*?/\\"}).strip()
    return title[:31] or "Export"


# --- Tables --------------------------------------------------------------------------------------


def table_export_data(table):
    """(headers, rows) of a django-tables2 table as its list shows it, over all its rows.

    The headers are the table's column headers; the values are what django-tables2 exports
    (``value_FOO``, else ``render_FOO``, else the column's value: choice labels, related
    records), except that a date, time or yes/no column keeps its type instead of
    django-tables2's text for it. A queryset is read with ``.iterator()`` in chunks, in the
    table's order: constant memory however many rows, and no query per row as long as the
    list's queryset select_related()s what its columns show.
    """
    columns = [
        column for column in table.columns.itervisible() if not column.column.exclude_from_export
    ]
    headers = [column.header for column in columns]
    model = getattr(table.data, "model", None)
    getters = [cell_getter(table, column, model) for column in columns]

    def rows():
        data = table.data.data
        records = data.iterator(chunk_size=CHUNK_SIZE) if isinstance(data, QuerySet) else data
        for record in records:
            yield [get(record) for get in getters]

    return headers, rows()


def cell_getter(table, bound_column, model=None):
    """``record -> value`` of one column in an export.

    django-tables2's own ``BoundRow.get_cell_value`` inspects the signature of the column's
    value function for every cell, most of an export's time. A column that exports its value
    as it is (no ``value_FOO``/``render_FOO`` on the table, no ``value()``/``render()`` of its
    own, or a link column showing its address) is read here directly, choice labels included;
    every other column goes through django-tables2.
    """
    column = bound_column.column
    accessor = bound_column.accessor
    own_value = getattr(bound_column.value, "__self__", None) is column
    if own_value and (
        isinstance(column, DateColumn | DateTimeColumn | BooleanColumn)
        or getattr(column, "exports_raw_value", False)
    ):
        # django-tables2 exports these as text: keep the date, time, yes/no or amount.
        return lambda record: accessor.resolve(record, quiet=True)
    exports_its_value = (type(column).value, type(column).render) == (Column.value, Column.render)
    if isinstance(column, BaseLinkColumn) and column.text is None:
        exports_its_value = True  # an e-mail or URL column exports the address itself
    if own_value and exports_its_value:
        field = accessor.get_field(model) if model is not None else None
        if getattr(field, "choices", None):
            # The labels once, not get_FOO_display() per row, which rebuilds the choices.
            labels = dict(field.flatchoices)

            def choice_label(record):
                value = accessor.resolve(record, quiet=True)
                return None if value is None else str(labels.get(value, value))

            return choice_label

        def value(record):
            value = accessor.resolve(record, quiet=True)
            return None if value in column.empty_values else value

        return value

    return lambda record: BoundRow(record, table=table).get_cell_value(bound_column.name)


def table_export_response(request, export_format, table, *, model=None):
    """The download of a list's table; what ``ExportMixin`` answers with."""
    model = model or table.data.model
    headers, rows = table_export_data(table)
    return export_response(
        request,
        export_format,
        name=model._meta.verbose_name_plural,
        headers=headers,
        rows=rows,
        subject=model,
    )


def export_links(request, page_field="page"):
    """[(label, URL)] of the export buttons: the page's own query string (filters, search,
    sort) without the page number, plus the format."""
    links = []
    for export_format, (_content_type, label) in FORMATS.items():
        query = request.GET.copy()
        query.pop(page_field, None)
        query[EXPORT_PARAM] = export_format
        links.append((label, f"?{query.urlencode()}"))
    return links


class ExportMixin:
    """For list views on SingleTableMixin + FilterView: ``?_export=csv|xlsx`` answers with the
    whole filtered, searched and sorted table as a download instead of the page.

    The export goes through the view itself, so it has the list's permission check, its
    queryset, filters and ordering, and cannot drift from what the page shows.
    """

    export_format = None

    def get(self, request, *args, **kwargs):
        self.export_format = request.GET.get(EXPORT_PARAM) or None
        if self.export_format is not None and self.export_format not in FORMATS:
            raise BadRequest(f"Unknown export format {self.export_format!r}.")
        return super().get(request, *args, **kwargs)

    def get_table_pagination(self, table):
        if self.export_format:
            return False  # every page
        return super().get_table_pagination(table)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.export_format:
            page_field = context["table"].prefixed_page_field
            context["export_links"] = export_links(self.request, page_field)
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.export_format:
            return table_export_response(
                self.request, self.export_format, context["table"], model=self.model
            )
        return super().render_to_response(context, **response_kwargs)
