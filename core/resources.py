"""Shared base of the admin imports from the old CRM (django-import-export).

Each app's ``resources.py`` declares its columns on ``CrmResource``. What they have in common:

- Swedish column headers, with the English field names and verbose names accepted too; a
  column that matches no field stops the import (a misspelt header would otherwise be
  ignored silently).
- Rows are matched on natural keys (``get_instance``), so importing the same file twice
  updates instead of duplicating, and unchanged rows are reported as such.
- An empty cell never clears what the CRM has: old exports leave cells empty for "unknown".
- Model validation (``full_clean``) runs on every row, and the whole file is one
  transaction: one rejected row, and nothing is written.
- A file exported from a list imports again (``list_table``): its columns are known, and
  those that are not imported (counts, the population) are left out; CSV files are read as
  the lists write them and as Excel saves them (``SpreadsheetCSV``).
"""

import codecs
import csv
import datetime
import re
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats.base_formats import CSV
from import_export.results import RowResult

from .exports import FORMULA_TRIGGERS
from .models import normalize_search


class ImportFileError(Exception):
    """The file itself cannot be imported (unknown or repeated columns, a key column missing)."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as text; spreadsheet numbers lose their ".0" (180.0 is the code "180"), and
    the apostrophe an export puts before text a spreadsheet would run as a formula ("'+46
    8 …") is taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


# --- Files ----------------------------------------------------------------------------------

CSV_DELIMITERS = (";", "\t", ",")  # the lists' own first, then Excel's other choices


def csv_text(data: bytes | str) -> str:
    """The text of a CSV file in the encodings Excel saves: UTF-8 with or without a byte
    order mark (the lists' exports, "CSV UTF-8"), UTF-16 ("Unicode text"), else
    Windows-1252 (Swedish Excel's plain "CSV"). ImportFileError if it is none of them."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("The file is not text in UTF-8 or Windows-1252: save it from Excel as CSV.")
    )


def csv_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most columns: ";" (the lists and
    Swedish Excel), a tab (Excel's "Text") or "," (other programs). A header is short and
    holds no delimiter of its own, so this is safer than guessing from the rows."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")

    def columns(delimiter):
        return len(next(csv.reader([first_line], delimiter=delimiter), []))

    return max(CSV_DELIMITERS, key=columns)  # on a tie, the first in CSV_DELIMITERS


class SpreadsheetCSV(CSV):
    """CSV as the CRM's lists export it and as Excel saves it, in any locale: encoding
    (``csv_text``) and delimiter (``csv_delimiter``) found in the file. Decimal commas are
    the widgets' part (``DecimalWidget``)."""

    def is_binary(self):
        return True  # the admin hands over the bytes; csv_text finds their encoding

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = csv_text(in_stream)
        return tablib.Dataset().load(text, format="csv", delimiter=csv_delimiter(text))


def fold(value) -> str:
    return normalize_search(cell_text(value))


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class NullableTextWidget(widgets.CharWidget):
    """Text for a nullable unique column (codes, numbers, email): empty is NULL, never ""."""

    def __init__(self, normalize=None, **kwargs):
        super().__init__(**kwargs)
        self.normalize = normalize

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        return self.normalize(text) if self.normalize else text


def zero_padded(width: int):
    """Spreadsheets drop leading zeros: the code 0180 arrives as 180."""

    def pad(text: str) -> str:
        return text.zfill(width) if text.isdigit() else text

    return pad


class ChoiceWidget(widgets.Widget):
    """A choice given by its stored value or its label in Swedish or English."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def options(self) -> dict[str, str]:
        options = {}
        for language in ("en", "sv"):
            with translation.override(language):
                options.update({fold(label): value for value, label in self.choices.choices})
        options.update({fold(value): value for value in self.choices.values})
        return options

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        found = self.options().get(fold(value))
        if found is None:
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {
                    "value": cell_text(value),
                    "choices": ", ".join(str(label) for label in self.choices.labels),
                }
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class DateWidget(widgets.DateWidget):
    """ISO dates (2024-01-31) or spreadsheet date cells; a date cell's time is dropped."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        return super().clean(cell_text(value) or None, row, **kwargs)


# A number with at most one decimal sign; with thousands grouped by "." (decimal comma) or
# by "," (decimal point), as Swedish and English spreadsheets write them.
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
DOTS_GROUPED = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
COMMAS_GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def decimal_text(text: str) -> str | None:
    """A number as Swedish Excel, English Excel or the CRM's exports write it, with a "."
    decimal point, or None: "1 234,50", "1234,5", "1.234,50", "1,234.50" and "1234.5" are
    all 1234.50. A lone comma or point is the decimal sign (Swedish "415000,00"); thousands
    may be grouped by spaces, or by the sign that is not the decimal one."""
    text = text.replace("\xa0", "").replace("\u202f", "").replace(" ", "").removesuffix("kr")
    if PLAIN_NUMBER.fullmatch(text):
        return text.replace(",", ".")
    if DOTS_GROUPED.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    if COMMAS_GROUPED.fullmatch(text):
        return text.replace(",", "")
    return None


class DecimalWidget(widgets.Widget):
    """Amounts as spreadsheets write them: "1 234,50" (Swedish) as well as 1234.5, see
    ``decimal_text``; number cells as they are."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        text = decimal_text(cell_text(value))
        try:
            return Decimal(text)
        except (InvalidOperation, TypeError) as exc:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from exc

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class BooleanWidget(widgets.Widget):
    TRUE = {"ja", "j", "yes", "y", "true", "sant", "1", "x", "aktiv", "active"}
    FALSE = {"nej", "n", "no", "false", "falskt", "0", "inaktiv", "inactive"}

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            return value
        text = fold(value)
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is neither yes (ja) nor no (nej).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else (_("yes") if value else _("no"))


class LookupWidget(widgets.Widget):
    """A related record named by one of its unique columns (a service by name, a county by
    code, or by name as the lists show it: ``also``), matched case-insensitively. The table
    is read once per import: these are small lookup tables, and a query per row would be
    the alternative."""

    def __init__(self, model, field, normalize=None, also=(), **kwargs):
        super().__init__(**kwargs)
        self.model, self.field, self.normalize, self.also = model, field, normalize, also
        self._index = None

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if self._index is None:
            self._index = {}
            for obj in self.model.objects.all():
                for name in (*self.also, self.field):  # the key column wins a clash
                    self._index[fold(getattr(obj, name))] = obj
        text = cell_text(value)
        found = self._index.get(fold(self.normalize(text) if self.normalize else text))
        if found is None:
            raise ValueError(
                _("No %(model)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "value": text}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


# The column name of a header the list's export has and the import leaves out.
LEFT_OUT = "\x00left out "


class CrmResource(resources.ModelResource):
    """Base of every import: see the module docstring."""

    # Further header spellings per field name, besides its column name, its own name and the
    # model field's verbose name in English and Swedish.
    header_aliases: dict[str, tuple[str, ...]] = {}
    # Fields matched case-insensitively: a value that differs only so keeps the CRM's spelling.
    keep_spelling: tuple[str, ...] = ("name",)
    # The list's table (django-tables2) whose export this file type reads back: its columns
    # are known headers, and those that are no field here are left out of the import.
    list_table = None

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.headers: set[str] = set()
        self.user = None
        self.file_name = ""

    # --- headers --------------------------------------------------------------------------

    def header_names(self) -> dict[str, str]:
        """Every accepted header, folded, with the column name it stands for."""
        names = {}
        model_fields = {f.name: f for f in self._meta.model._meta.get_fields()}
        for name, field in self.fields.items():
            spellings = [name, field.column_name, *self.header_aliases.get(name, ())]
            model_field = model_fields.get(field.attribute or "")
            if model_field is not None and hasattr(model_field, "verbose_name"):
                for language in ("en", "sv"):
                    with translation.override(language):
                        spellings.append(str(model_field.verbose_name))
            for spelling in spellings:
                names.setdefault(fold(spelling), field.column_name)
        for header in self.list_headers():
            names.setdefault(fold(header), LEFT_OUT)
        return names

    def list_headers(self) -> list[str]:
        """The column headers of the list's export, in English and Swedish."""
        if self.list_table is None:
            return []
        headers = []
        for language in ("en", "sv"):
            with translation.override(language):
                table = self.list_table(self._meta.model.objects.none())
                headers += [
                    str(column.header)
                    for column in table.columns.itervisible()
                    if not column.column.exclude_from_export
                ]
        return headers

    def canonical_headers(self, headers) -> list[str]:
        accepted = self.header_names()
        result, unknown, repeated = [], [], []
        for header in headers:
            if is_blank(header):
                result.append("")
                continue
            column = accepted.get(fold(header))
            if column == LEFT_OUT:  # shown in the list, not imported
                result.append(f"{LEFT_OUT}{len(result)}")
                continue
            if column is None:
                unknown.append(cell_text(header))
            elif column in result:
                repeated.append(cell_text(header))
            result.append(column or cell_text(header))
        problems = []
        if unknown:
            problems.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        if repeated:
            problems.append(
                _("Columns given twice: %(columns)s.") % {"columns": ", ".join(repeated)}
            )
        if problems:
            columns = ", ".join(field.column_name for field in self.fields.values())
            problems.append(
                _("The columns of this file type are: %(columns)s.") % {"columns": columns}
            )
            raise ImportFileError(" ".join(problems))
        return result

    def require_one_of(self, *field_names):
        """Stop the import when none of these key columns is in the file."""
        columns = [self.fields[name].column_name for name in field_names]
        if not self.headers.intersection(columns):
            raise ImportFileError(
                _("The file needs the column %(columns)s.")
                % {"columns": _(" or ").join(f"“{c}”" for c in columns)}
            )

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.file_name = kwargs.get("file_name") or ""
        try:
            dataset.headers = self.canonical_headers(dataset.headers or [])
            for header in [h for h in dataset.headers if h.startswith(LEFT_OUT)]:
                del dataset[header]
            self.headers = set(dataset.headers)
            # Spreadsheets often end in empty rows: they are no records.
            while len(dataset) and all(is_blank(v) for v in dataset[-1]):
                del dataset[-1]
            self.prepare(dataset)
        except ImportFileError:
            # Nothing in the file is imported; the error is shown instead of its rows.
            dataset.wipe()
            raise

    def prepare(self, dataset):
        """Check the file's columns and load what the rows are matched against."""

    def get_import_id_fields(self):
        # The natural keys in this file: the library's "column missing" check would ask for
        # every key column, where one is enough (``require_one_of``).
        return [name for name in self._meta.import_id_fields if self.column(name) in self.headers]

    def column(self, name) -> str:
        return self.fields[name].column_name

    def value(self, row, name):
        """The cleaned value of a column in ``row``, or None when absent or empty."""
        field = self.fields[name]
        if field.column_name not in row or is_blank(row[field.column_name]):
            return None
        return field.widget.clean(row[field.column_name], row=row)

    # --- rows -----------------------------------------------------------------------------

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in row and is_blank(row[field.column_name]):
            return  # an empty cell keeps the CRM's value (or the model default)
        if (
            field.attribute in self.keep_spelling
            and instance.pk is not None
            and field.column_name in row
            and fold(row[field.column_name]) == fold(getattr(instance, field.attribute))
        ):
            return  # "ALE KOMMUN" in an old export does not rename "Ale kommun"
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``full_clean`` as the library runs it, less the "who changed it" columns: the
        importing user is set by us, and checking that it exists costs two queries a row."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, "created_by", "updated_by"], validate_unique=validate_unique
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance.stamp(self.user)
        instance._change_reason = _("Imported from %(file)s") % {"file": self.file_name}

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            row_result.validation_error = self.with_column_names(row_result.validation_error)
        return row_result

    def with_column_names(self, error: ValidationError) -> ValidationError:
        """Name the file's columns in error messages, not the model's fields."""
        if not hasattr(error, "error_dict"):
            return error
        columns = {}
        for name, field in self.fields.items():
            columns.setdefault(name, field.column_name)
            if field.attribute:
                columns.setdefault(field.attribute, field.column_name)
                columns.setdefault(field.attribute.split("__")[0], field.column_name)
        return ValidationError(
            {columns.get(key, key): value for key, value in error.error_dict.items()}
        )
