"""Read population files downloaded from Statistics Sweden (SCB).

Pure parsing: bytes in, normalised rows out, no database access. A service function
matches the rows to members and stores the figures.

The user never says which format a file has, so it is recognised from the content:

* Statistikdatabasen CSV (old PxWeb, API v1 and PxWeb 2): comma, semicolon, tab or
  space separated, with or without the quoted title line (and the blank line after it).
  Either "wide", one column per year (header cells such as ``"2024"`` or
  ``"Folkmängd 2024"``), or "long" like the API's csv2/csv3, one line per region and
  year (``"Region","Tid","BE0101N1"``). UTF-8 with or without BOM, or
  ISO-8859-1/Windows-1252, CRLF or LF.
* XLSX as PxWeb 2 writes it (PCAxis.Serializers' Xlsx2Serializer: the title in A1,
  from row 3 one heading row per heading variable with its values from column B and no
  stub names, the data rows, a blank row, then footnotes and an information block of
  "Kontakt:" lines and label/value pairs such as "Tabell:" "TAB638") and similar
  sheets such as SCB's yearly ``Kod | Kommunnamn | Folkmängd`` table, where the year is
  only in the title.

In every table the data ends at the first blank row after the data rows; nothing below
it is read.
* JSON from API v1 (``"format": "json"``) and JSON-stat / JSON-stat2.

Every problem raises ScbFormatError with a translatable message that names the file
and, where it helps, the line.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from itertools import product
from math import prod
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

Cell = str | int | float | None
Rows = list[tuple[int, list[Cell]]]  # (1-based line or sheet row, cells)


@dataclass(frozen=True)
class PopulationRow:
    line: int  # 1-based line (XLSX: sheet row; JSON: position of the record in the data)
    code: str | None  # "0114" (kommun) or "01" (län); None when the file gives only a name
    name: str | None
    year: int
    population: int | None  # None for SCB's missing-value symbols ("..", "-", …)


@dataclass
class ParsedFile:
    path: str
    format: str  # human description, e.g. "CSV (semikolon, ISO-8859-1)"
    years: list[int]  # sorted years of the returned figures
    rows: list[PopulationRow]  # country rows ("00"/"Riket") are left out …
    skipped_country_rows: int  # … but counted here, one per region and year


class ScbFormatError(Exception):
    def __init__(self, message: str, *, path: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path)
        self.line = line

    def __str__(self) -> str:
        params = {"path": self.path, "line": self.line, "message": self.message}
        if self.line is None:
            return _("%(path)s: %(message)s") % params
        return _("%(path)s, line %(line)s: %(message)s") % params


def parse_population_file(path: str | Path, *, year: int | None = None) -> ParsedFile:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ScbFormatError(
            _("The file could not be read (%(error)s).") % {"error": exc.strerror or exc},
            path=str(path),
        ) from exc
    return parse_population_bytes(data, filename=str(path), year=year)


def parse_population_bytes(data: bytes, *, filename: str, year: int | None = None) -> ParsedFile:
    try:
        description, collector = _parse(data, filename, year)
        rows, skipped, years = collector.result()
    except _Problem as problem:
        raise ScbFormatError(problem.message, path=filename, line=problem.line) from None
    return ParsedFile(
        path=filename, format=description, years=years, rows=rows, skipped_country_rows=skipped
    )


class _Problem(Exception):
    """Raised inside the parser; the public functions add the file name."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


# --- detecting the file type -------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary .xls format
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # never in a CSV, always in a binary file


def _parse(data: bytes, filename: str, year: int | None) -> tuple[str, _Collector]:
    body = data.removeprefix(_UTF8_BOM)
    if not body.strip():
        raise _Problem(_("The file is empty."))
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):  # a zip file, which XLSX is
        return "XLSX", _parse_xlsx(data, year)
    if data.startswith(_OLE_MAGIC):
        raise _Problem(
            _(
                "The file is in the old Excel format (.xls). "
                "Save it as .xlsx or download it from SCB as CSV."
            )
        )
    if filename.lower().endswith(".xlsx"):
        raise _Problem(_damaged_xlsx())
    if body.lstrip()[:1] in (b"{", b"["):
        return _parse_json(body, year)
    return _parse_csv(data, year)


def _unknown_type() -> str:
    return _("Unknown file type. Expected a CSV, XLSX or JSON file downloaded from SCB.")


def _damaged_xlsx() -> str:
    return _("The Excel file is damaged or incomplete and cannot be opened.")


# --- CSV -------------------------------------------------------------------------

_SEPARATOR_NAMES = {
    ",": gettext_noop("comma"),
    ";": gettext_noop("semicolon"),
    "\t": gettext_noop("tab"),
    " ": gettext_noop("space"),
}
_SNIFF_LINES = 30


def _decode(data: bytes) -> tuple[str, str]:
    """Return the text and the name of its encoding.

    SCB writes the table's code page (ISO-8859-1 in every real export seen) while
    PxWeb 2 and hand-saved files are often UTF-8. A Latin-1 file is almost never
    valid UTF-8, so strict UTF-8 first and Windows-1252 as the fallback is safe.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _Problem(_unknown_type()) from None
    data = data.removeprefix(_UTF8_BOM)
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Bytes 0x80–0x9f are control characters in ISO-8859-1 but letters and signs
    # in Windows-1252; name the encoding the file really uses.
    name = "Windows-1252" if re.search(rb"[\x80-\x9f]", data) else "ISO-8859-1"
    try:
        return data.decode("cp1252"), name
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1"), "ISO-8859-1"


def _sniff_separator(text: str) -> str:
    """Pick the separator that splits most of the first lines into the same number
    of fields. SCB quotes all text, so a quoted title or region name never splits."""
    sample = text.splitlines()[:_SNIFF_LINES]
    best, best_score = ",", 0
    for separator in _SEPARATOR_NAMES:
        try:
            widths = Counter(len(f) for f in csv.reader(sample, delimiter=separator) if len(f) > 1)
        except csv.Error:
            continue
        score = max(widths.values(), default=0)
        if score > best_score:
            best, best_score = separator, score
    return best


def _parse_csv(data: bytes, year: int | None) -> tuple[str, _Collector]:
    text, encoding = _decode(data)
    if _CONTROL_CHARS.search(text[:4096]) or text.lstrip().startswith("<"):
        raise _Problem(_unknown_type())  # binary data, HTML or XML
    separator = _sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: Rows = []
    try:
        for fields in reader:
            rows.append((reader.line_num, list(fields)))
    except csv.Error:
        raise _Problem(_("The line cannot be read as CSV."), reader.line_num) from None
    description = _("CSV (%(separator)s, %(encoding)s)") % {
        "separator": _(_SEPARATOR_NAMES[separator]),
        "encoding": encoding,
    }
    return description, _read_table(rows, _find_heading(rows), year, strict_width=True)


# --- XLSX ------------------------------------------------------------------------


def _parse_xlsx(data: bytes, year: int | None) -> _Collector:
    sheets = _read_xlsx(data)
    first_problem = None
    # PxWeb writes one sheet; other workbooks may start with an information sheet.
    for rows in sheets:
        try:
            heading = _find_heading(rows)
        except _Problem as problem:
            first_problem = first_problem or problem
            continue
        return _read_table(rows, heading, year, strict_width=False)
    raise first_problem or _Problem(_("The file contains no data rows."))


def _read_xlsx(data: bytes) -> list[Rows]:
    import openpyxl  # imported here: only XLSX uploads need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:  # typically a truncated upload: the zip directory is at the end
        raise _Problem(_damaged_xlsx()) from None
    if "xl/workbook.xml" not in names:  # another zip file: .ods, .docx, …
        raise _Problem(_unknown_type())
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            # read_only iter_rows fills in missing rows, so the counter is the sheet row.
            return [
                [
                    (number, list(row))
                    for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
                ]
                for sheet in workbook.worksheets
            ]
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl fails in many ways on a broken file; all mean the same
        raise _Problem(_damaged_xlsx()) from exc


# --- tables (CSV and XLSX) -----------------------------------------------------------

_HEADING_SEARCH_ROWS = 30
_TIME_LABELS = {"år", "ar", "årtal", "tid", "year"}
_REGION_WORDS = ("region", "kommun", "län", "namn", "name", "område", "municipalit", "county")
_POPULATION_WORDS = ("folkmängd", "folkmangd", "befolkning", "be0101n1", "population", "invånare")
# A year inside a heading such as "Folkmängd 2024"; "2023M01" (a month) is not one.
_YEAR_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(?![0-9A-Za-z])")


@dataclass
class _Heading:
    index: int  # position in rows
    kinds: list[str]  # per column: empty, time, code, region, population or other
    years: dict[int, int]  # column -> year, for headings that name a year


def _filled(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _cell(cells: list[Cell], column: int) -> Cell:
    return cells[column] if column < len(cells) else None


def _display(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _label_kind(cell: Cell) -> str:
    if not _filled(cell):
        return "empty"
    if not isinstance(cell, str):
        return "other"
    text = cell.strip().casefold()
    if text in _TIME_LABELS:
        return "time"
    if "kod" in text or text == "code":  # Kod, Kommunkod, Länskod, Regionkod
        return "code"
    if any(word in text for word in _REGION_WORDS):
        return "region"
    if any(word in text for word in _POPULATION_WORDS):
        return "population"
    return "other"


def _is_population_label(cell: Cell) -> bool:
    return isinstance(cell, str) and any(w in cell.casefold() for w in _POPULATION_WORDS)


def _heading_year(cell: Cell) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):  # XLSX heading cells may be numbers
        return int(cell) if float(cell).is_integer() and 1900 <= cell <= 2099 else None
    if isinstance(cell, str):
        found = set(_YEAR_IN_TEXT.findall(cell))
        if len(found) == 1:
            return int(found.pop())
    return None


def _find_heading(rows: Rows) -> _Heading:
    """Find the heading row below any title lines.

    Years never count in the first column: that is where the title sits (CSV title
    line, XLSX cell A1), and a heading always has a region column before the years.
    A lone year cell is enough because PxWeb's XLSX leaves the stub headings empty.
    A heading without years ("Kod | Kommunnamn | Folkmängd") needs a region heading.
    """
    for index, (_line, cells) in enumerate(rows[:_HEADING_SEARCH_ROWS]):
        kinds = [_label_kind(cell) for cell in cells]
        years = {}
        for column in range(1, len(cells)):
            found = _heading_year(cells[column])
            if found is not None:
                years[column] = found
        named = sum(kind != "empty" for kind in kinds)
        labelled_region = "region" in kinds or "code" in kinds
        # A "Folkmängd" row without a region heading is PxWeb's contents row above the years.
        if years or (named >= 2 and "time" in kinds) or (labelled_region and "population" in kinds):
            return _Heading(index, kinds, years)
    raise _Problem(
        _(
            "Could not find the heading row with regions and years. Expected for example "
            '"region","2024" or "region","år","Folkmängd".'
        )
    )


def _region_columns(kinds: list[str], candidates: list[int], line: int) -> tuple[int | None, int]:
    """Return (separate code column or None, region column)."""
    code = next((c for c in candidates if kinds[c] == "code"), None)
    region = next((c for c in candidates if kinds[c] == "region"), None)
    if code is None and region is None:
        # PxWeb's XLSX leaves stub headings empty; a named column such as "ålder"
        # is never taken for the region.
        region = next((c for c in candidates if kinds[c] == "empty"), None)
    if region is None and code is None:
        raise _Problem(
            _(
                "Could not find the region column (municipality or county). The first "
                'column should be for example "region" with values like "0114 Upplands Väsby".'
            ),
            line,
        )
    if region is None:  # only a code column: read it like a region cell
        return None, code
    return code, region


def _read_table(rows: Rows, heading: _Heading, year: int | None, *, strict_width: bool):
    line, header = rows[heading.index]
    kinds = heading.kinds
    if "time" in kinds:  # long: one line per region and year (API csv2/csv3)
        time_column = kinds.index("time")
        value_column = _long_value_column(kinds, line)
        others = [c for c in range(len(kinds)) if c not in (time_column, value_column)]
        code_column, region_column = _region_columns(kinds, others, line)
        columns: dict[int, int] = {}
    else:
        if heading.years:  # wide: one column per year
            columns = _year_columns(rows, heading)
        else:  # one figures column; the year is in the title (SCB's yearly table)
            columns = {_title_year(rows, heading, line): kinds.index("population")}
        first = min(columns.values())
        code_column, region_column = _region_columns(kinds, list(range(first)), line)
        time_column = value_column = None

    collector = _Collector(year)
    regions = _RegionReader(code_column, region_column)
    wheres = {  # how error messages name each figures column
        column: _('column "%(column)s"') % {"column": _display(header[column])}
        for column in [*columns.values(), value_column]
        if column is not None
    }
    for line, cells in rows[heading.index + 1 :]:
        if not any(map(_filled, cells)):
            if regions.previous is not None:
                # The data ends at the first blank row after it: below it PxWeb's XLSX
                # has the footnotes and the information block ("Databas:" and
                # "Statistikdatabasen", "Tabell:" and "TAB638"…), which are never data.
                break
            continue
        # A CSV line with fewer fields than the heading is broken; one field is a
        # note line.
        if strict_width and 1 < len(cells) < len(header):
            raise _Problem(
                _("The line has %(found)s columns, but the heading has %(expected)s.")
                % {"found": len(cells), "expected": len(header)},
                line,
            )
        if time_column is not None:
            time_cell, value_cell = _cell(cells, time_column), _cell(cells, value_column)
            if not (_filled(time_cell) or _filled(value_cell)):
                continue
            values = [(_year_value(time_cell, line), value_column, value_cell)]
        else:
            values = [(y, column, _cell(cells, column)) for y, column in columns.items()]
            if not any(_filled(cell) for _y, _c, cell in values):
                continue  # a line with no figures, such as a note
            if regions.previous is None and _more_heading(cells, first, values):
                continue
        code, name = regions.read(cells, line)
        for value_year, column, cell in values:
            collector.add(line, code, name, value_year, cell, wheres[column])
    return collector


def _more_heading(cells: list[Cell], first_value_column: int, values: list) -> bool:
    """A heading row below the year row: PxWeb's XLSX writes one row per heading
    variable, and when the years come first the contents ("Folkmängd") follow."""
    if any(_filled(_cell(cells, c)) for c in range(first_value_column)):
        return False
    return all(
        isinstance(cell, str) and not _NUMBER.fullmatch(cell.strip())
        for _y, _c, cell in values
        if _filled(cell)
    )


def _long_value_column(kinds: list[str], line: int) -> int:
    if "population" in kinds:
        return kinds.index("population")
    # csv2/csv3 write the contents last, named after the contents (code or text).
    last = max((c for c, kind in enumerate(kinds) if kind != "empty"), default=None)
    if last is not None and kinds[last] == "other":
        return last
    raise _Problem(_("Could not find the column with the population figures."), line)


def _year_columns(rows: Rows, heading: _Heading) -> dict[int, int]:
    """Map year -> column; when a year has several columns (several contents, such
    as Folkmängd and Folkökning), take the population one."""
    line = rows[heading.index][0]
    by_year: dict[int, list[int]] = {}
    for column, y in heading.years.items():
        by_year.setdefault(y, []).append(column)
    columns = {}
    for y, candidates in sorted(by_year.items()):
        if len(candidates) > 1:
            texts = _heading_texts(rows, heading)
            candidates = [c for c in candidates if _is_population_label(texts[c])]
            if len(candidates) != 1:
                raise _Problem(
                    _(
                        "There are several columns for %(year)s and none of them is "
                        "clearly the population (Folkmängd)."
                    )
                    % {"year": y},
                    line,
                )
        columns[y] = candidates[0]
    return columns


def _heading_texts(rows: Rows, heading: _Heading) -> dict[int, str]:
    """The full heading of each year column.

    The CSV heading already joins all heading variables ("Folkmängd 2024"). PxWeb's
    XLSX puts each variable on its own row above the years, writing a label once
    over the columns it covers, so labels are carried to the right."""
    first = min(heading.years)
    texts = {column: _display(_cell(rows[heading.index][1], column)) for column in heading.years}
    for index in range(heading.index - 1, -1, -1):
        cells = rows[index][1]
        if any(_filled(_cell(cells, c)) for c in range(first)) or not any(map(_filled, cells)):
            break  # the title or the blank line under it: no more heading rows
        label = ""
        for column in range(first, max(heading.years) + 1):
            if _filled(_cell(cells, column)):
                label = _display(cells[column])
            if column in texts:
                texts[column] = f"{label} {texts[column]}"
    return texts


def _title_year(rows: Rows, heading: _Heading, line: int) -> int:
    found = {
        int(y)
        for _line, cells in rows[: heading.index]
        for cell in cells
        if isinstance(cell, str)
        for y in _YEAR_IN_TEXT.findall(cell)
    }
    if len(found) != 1:
        raise _Problem(
            _(
                "Could not find any year column. The heading should contain the years, "
                'for example "2024" or "Folkmängd 2024".'
            ),
            line,
        )
    return found.pop()


def _year_value(cell: Cell, line: int | None) -> int:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if float(cell).is_integer() and 1900 <= cell <= 2099:
            return int(cell)
    elif isinstance(cell, str) and re.fullmatch(r"(?:19|20)[0-9]{2}", cell.strip()):
        return int(cell)
    raise _Problem(_('"%(value)s" is not a year.') % {"value": _display(cell)}, line)


# --- regions ---------------------------------------------------------------------

# "0114 Upplands Väsby" (PRESTEXT 2) or "0114 - Upplands Väsby" (PxWeb 2 UseCodesAndTexts)
_CODE_AND_NAME = re.compile(r"([0-9]{2}|[0-9]{4})(?:\s*-\s*|\s+)(\S.*)")
_CODE = re.compile(r"[0-9]{2}|[0-9]{4}")
_COUNTRY_CODE = "00"
_COUNTRY_NAMES = {"riket", "hela riket", "sverige"}


def _number_code(number: int) -> str:
    # Excel drops leading zeros: 1–99 can only be a county, larger numbers a municipality.
    return f"{number:02d}" if number < 100 else f"{number:04d}"


def _split_region(cell: Cell) -> tuple[str | None, str | None]:
    """Return (code, name) from a region cell: code and name, code alone or name alone."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return _number_code(int(cell)), None
    if not _filled(cell):
        return None, None
    text = " ".join(str(cell).split())  # also folds non-breaking spaces
    if _CODE.fullmatch(text):
        return text, None
    match = _CODE_AND_NAME.fullmatch(text)
    if match:
        return match[1], match[2]
    return None, text


class _RegionReader:
    def __init__(self, code_column: int | None, region_column: int):
        self.code_column = code_column
        self.region_column = region_column
        self.previous: tuple[str | None, str | None] | None = None

    def read(self, cells: list[Cell], line: int) -> tuple[str | None, str | None]:
        code, name = _split_region(_cell(cells, self.region_column))
        if self.code_column is not None:
            raw = _cell(cells, self.code_column)
            if isinstance(raw, int | float) and not isinstance(raw, bool) and raw == int(raw):
                code = _number_code(int(raw))
            elif _filled(raw):
                if not _CODE.fullmatch(_display(raw)):
                    raise _Problem(
                        _('"%(value)s" is not a region code (two or four digits).')
                        % {"value": _display(raw)},
                        line,
                    )
                code = _display(raw)
        if code is None and name is None:
            # PxWeb's XLSX writes an outer stub value only on the first row of its group.
            if self.previous is None:
                raise _Problem(_("The region is missing on this line."), line)
            return self.previous
        self.previous = (code, name)
        return code, name


def _is_country(code: str | None, name: str | None) -> bool:
    if code is not None:
        return code == _COUNTRY_CODE
    return name is not None and name.casefold() in _COUNTRY_NAMES


# --- figures ---------------------------------------------------------------------

# PX symbols for missing figures: .. not available, . not applicable, - nothing to report.
_MISSING = {"", "..", ".", "...", "-", "–", "—", "…"}
_MINUS_SIGNS = "-\u2010\u2011\u2012\u2013\u2212"  # SCB's publications use U+2011
_SPACES = " \u00a0\u2009\u202f"  # thousands separators in SCB's published tables
_NUMBER = re.compile(rf"([{_MINUS_SIGNS}]?)\s*([0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+|[0-9]+)")


class _BadNumber(Exception):
    def __init__(self, template: str):
        super().__init__(template)
        self.template = template


def _population(cell: Cell) -> int | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise _BadNumber(_('"%(value)s" in %(where)s is not a number.'))
    if isinstance(cell, float):
        if not cell.is_integer():
            raise _BadNumber(_('"%(value)s" in %(where)s is not a whole number.'))
        cell = int(cell)
    if isinstance(cell, int):
        number = cell
    else:
        text = cell.strip()
        if text in _MISSING:
            return None
        match = _NUMBER.fullmatch(text)
        if not match:
            raise _BadNumber(_('"%(value)s" in %(where)s is not a number.'))
        number = int(re.sub("[^0-9]", "", match[2]))
        if match[1]:
            number = -number
    if number < 0:
        raise _BadNumber(_('The population "%(value)s" in %(where)s is negative.'))
    return number


class _Collector:
    """Collects figures, skips the country total and refuses a region and year twice."""

    def __init__(self, year: int | None, *, numbered_lines: bool = True):
        self.year = year
        self.numbered_lines = numbered_lines  # False for JSON, where "line" is a position
        self.rows: list[PopulationRow] = []
        self.skipped = 0
        self.all_years: set[int] = set()
        self.seen: dict[tuple[str, int], int] = {}

    def add(self, line: int, code, name, year: int, cell: Cell, where: str | None = None):
        self.all_years.add(year)
        if self.year is not None and year != self.year:
            return
        region = code or name  # how messages name the region
        error_line = line if self.numbered_lines else None
        try:
            population = _population(cell)
        except _BadNumber as bad:
            if where is None:
                where = _("region %(region)s, year %(year)s") % {"region": region, "year": year}
            raise _Problem(
                bad.template % {"value": _display(cell), "where": where}, error_line
            ) from None
        if _is_country(code, name):
            self.skipped += 1
            return
        key = (code or "name:" + (name or "").casefold(), year)
        first = self.seen.get(key)
        if first is not None:
            params = {"region": region, "year": year, "first": first, "line": line}
            if self.numbered_lines:
                message = _(
                    "%(region)s appears more than once for %(year)s (lines %(first)s and "
                    "%(line)s). Choose a single value for other variables, such as age or "
                    "sex, when downloading from SCB."
                )
            else:
                message = _(
                    "%(region)s appears more than once for %(year)s. Choose a single value "
                    "for other variables, such as age or sex, when downloading from SCB."
                )
            raise _Problem(message % params, error_line)
        self.seen[key] = line
        self.rows.append(PopulationRow(line, code, name, year, population))

    def result(self) -> tuple[list[PopulationRow], int, list[int]]:
        if not self.all_years:
            raise _Problem(_("The file contains no data rows."))
        if self.year is not None and self.year not in self.all_years:
            raise _Problem(
                _("The file has no figures for %(year)s. Years in the file: %(years)s.")
                % {"year": self.year, "years": ", ".join(map(str, sorted(self.all_years)))}
            )
        years = [self.year] if self.year is not None else sorted(self.all_years)
        return self.rows, self.skipped, years


# --- JSON ------------------------------------------------------------------------


def _parse_json(body: bytes, year: int | None) -> tuple[str, _Collector]:
    text, _encoding = _decode(body)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Problem(_("The file is not valid JSON."), exc.lineno) from None
    try:
        if isinstance(doc, dict) and "columns" in doc and "data" in doc:
            return "JSON", _read_api_json(doc, year)
        if isinstance(doc, dict) and isinstance(doc.get("dataset"), dict):
            return "JSON-stat", _read_json_stat(doc["dataset"], year)  # version 1 wraps it
        if isinstance(doc, dict) and "dimension" in doc:
            return "JSON-stat2", _read_json_stat(doc, year)
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
        raise _Problem(_("The JSON file does not have the structure SCB uses.")) from exc
    raise _Problem(
        _(
            "The JSON file is not in a format from SCB. Expected an API response with "
            '"columns" and "data", or JSON-stat.'
        )
    )


def _missing_region_variable() -> _Problem:
    return _Problem(_("Could not find the region variable in the JSON file."))


def _missing_time_variable() -> _Problem:
    return _Problem(_("Could not find the time variable in the JSON file."))


def _pick_contents(options: list[tuple[str, str]]) -> int:
    """Index of the population among the table contents (code, text)."""
    if len(options) == 1:
        return 0
    for index, (code, text) in enumerate(options):
        if _is_population_label(code) or _is_population_label(text):
            return index
    raise _Problem(_("Could not find the population figures among the contents of the file."))


def _read_api_json(doc: dict, year: int | None) -> _Collector:
    """API v1 "json": columns of type d (dimension), t (time) and c (contents);
    each record has one key per d/t column and one value per c column."""
    columns = doc["columns"]
    keys = [c for c in columns if c.get("type") != "c"]
    contents = [c for c in columns if c.get("type") == "c"]
    region = next(
        (
            i
            for i, c in enumerate(keys)
            if c["code"].casefold() == "region" or "region" in str(c.get("text", "")).casefold()
        ),
        None,
    )
    if region is None:
        raise _missing_region_variable()
    time = next(
        (i for i, c in enumerate(keys) if c.get("type") == "t" or c["code"].casefold() == "tid"),
        None,
    )
    if time is None:
        raise _missing_time_variable()
    value = _pick_contents([(c["code"], str(c.get("text", ""))) for c in contents])
    collector = _Collector(year, numbered_lines=False)
    for position, record in enumerate(doc["data"], start=1):
        code, name = _split_region(record["key"][region])
        record_year = _year_value(record["key"][time], None)
        collector.add(position, code, name, record_year, record["values"][value])
    return collector


def _category_codes(dimension: dict) -> list[str]:
    category = dimension["category"]
    index = category.get("index")
    if index is None:  # allowed for a dimension with a single category
        return list(category["label"])
    if isinstance(index, list):
        return [str(code) for code in index]
    return [code for code, _position in sorted(index.items(), key=lambda item: item[1])]


def _read_json_stat(doc: dict, year: int | None) -> _Collector:
    """JSON-stat: ``value`` is a flat array over all dimensions in row-major order."""
    dimensions = doc["dimension"]
    ids = doc.get("id") or dimensions["id"]  # version 1 keeps id/size/role in "dimension"
    sizes = doc.get("size") or dimensions["size"]
    role = doc.get("role") or dimensions.get("role") or {}
    codes = [_category_codes(dimensions[i]) for i in ids]
    values = doc["value"]
    if [len(c) for c in codes] != list(sizes) or (
        isinstance(values, list) and len(values) != prod(sizes)
    ):
        raise _Problem(_("The JSON-stat file is inconsistent: the values do not fit the sizes."))

    def label(k: int) -> str:
        return str(dimensions[ids[k]].get("label", ""))

    region = next(
        (
            k
            for k, i in enumerate(ids)
            if i.casefold() == "region" or "region" in label(k).casefold()
        ),
        None,
    )
    if region is None:
        raise _missing_region_variable()
    time_ids = [i for i in role.get("time", []) if i in ids]
    time_ids = time_ids or [i for i in ids if i.casefold() == "tid"]
    if not time_ids:
        raise _missing_time_variable()
    time = ids.index(time_ids[0])

    choices = [range(size) for size in sizes]
    for k, dimension_id in enumerate(ids):
        if dimension_id in role.get("metric", []) and sizes[k] > 1:
            texts = dimensions[dimension_id]["category"].get("label", {})
            choices[k] = [_pick_contents([(c, str(texts.get(c, ""))) for c in codes[k]])]

    region_labels = dimensions[ids[region]]["category"].get("label", {})
    years = [_year_value(code, None) for code in codes[time]]
    strides = [prod(sizes[k + 1 :]) for k in range(len(sizes))]
    collector = _Collector(year, numbered_lines=False)
    for combination in product(*choices):
        flat = sum(i * stride for i, stride in zip(combination, strides, strict=True))
        region_code = codes[region][combination[region]]
        code, name = _split_region(region_code)
        if region_code in region_labels:  # the label is the name, maybe with the code in front
            name = _split_region(region_labels[region_code])[1] or name
        cell = values[flat] if isinstance(values, list) else values.get(str(flat))
        collector.add(flat + 1, code, name, years[combination[time]], cell)
    return collector
