"""Tests for members.scb.

Every file is built here, byte for byte, in the shapes SCB writes: text quoted,
numbers bare, CRLF, the table's code page (ISO-8859-1), titles, XLSX layout of
PxWeb 2, API v1 JSON and JSON-stat2. Nothing is read from outside the test.
"""

import io
import json
import time
import zipfile
from math import prod

import openpyxl
import pytest
from django.utils import translation

from members.scb import (
    PopulationRow,
    ScbFormatError,
    parse_population_bytes,
    parse_population_file,
)


@pytest.fixture(autouse=True)
def english():
    # The messages are English msgids; their Swedish translations live in the catalogue.
    with translation.override("en"):
        yield


# --- building files the way SCB does ---------------------------------------------


class Raw(str):
    """A CSV cell SCB writes without quotes: a number or a missing-value symbol."""


def scb_csv(
    lines,
    *,
    sep=",",
    title=None,
    blank_after_title=True,
    encoding="cp1252",
    eol="\r\n",
    bom=False,
) -> bytes:
    out = []
    if title is not None:
        out.append(f'"{title}"')
        if blank_after_title:  # old PxWeb "med rubrik"; PxWeb 2 writes no blank line
            out.append("")
    for cells in lines:
        out.append(sep.join(str(c) if isinstance(c, int | Raw) else f'"{c}"' for c in cells))
    data = (eol.join(out) + eol).encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def scb_xlsx(rows) -> bytes:
    """Rows of cell values from row 1; None leaves a cell empty."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "TAB638"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(doc, *, bom=False) -> bytes:
    data = json.dumps(doc, indent=4, ensure_ascii=False).encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def parse(data, name="Befolkning.csv", **kwargs):
    return parse_population_bytes(data, filename=name, **kwargs)


def figures(parsed):
    return [(r.code, r.name, r.year, r.population) for r in parsed.rows]


def failure(data, name="Befolkning.csv", **kwargs) -> ScbFormatError:
    with pytest.raises(ScbFormatError) as exc:
        parse(data, name, **kwargs)
    assert exc.value.path == name
    return exc.value


TITLE = "Folkmängd efter region, civilstånd, ålder, kön och år"


# --- CSV -------------------------------------------------------------------------


def test_statistikdatabasen_comma_download_without_title():
    data = scb_csv(
        [
            ("region", "2017"),
            ("0114 Upplands Väsby", 44605),
            ("0117 Österåker", 44130),
            ("2584 Kiruna", 23116),
        ]
    )
    assert data.startswith(b'"region","2017"\r\n"0114 Upplands V\xe4sby",44605\r\n"0117 \xd6ster')

    parsed = parse(data)

    assert parsed.path == "Befolkning.csv"
    assert parsed.format == "CSV (comma, ISO-8859-1)"
    assert parsed.years == [2017]
    assert parsed.skipped_country_rows == 0
    assert parsed.rows == [
        PopulationRow(2, "0114", "Upplands Väsby", 2017, 44605),
        PopulationRow(3, "0117", "Österåker", 2017, 44130),
        PopulationRow(4, "2584", "Kiruna", 2017, 23116),
    ]


@pytest.mark.parametrize(
    ("sep", "word"), [(",", "comma"), (";", "semicolon"), ("\t", "tab"), (" ", "space")]
)
@pytest.mark.parametrize(
    ("title", "blank", "heading_line"),
    [(None, False, 1), (TITLE, True, 3), (TITLE, False, 2)],
    ids=["no-title", "title-and-blank-line", "title-no-blank-line"],
)
def test_separators_and_title_lines(sep, word, title, blank, heading_line):
    data = scb_csv(
        [("region", "2024"), ("0114 Upplands Väsby", 50323), ("0180 Stockholm", 995574)],
        sep=sep,
        title=title,
        blank_after_title=blank,
    )

    parsed = parse(data)

    assert parsed.format == f"CSV ({word}, ISO-8859-1)"
    assert [(r.line, r.code, r.name, r.year, r.population) for r in parsed.rows] == [
        (heading_line + 1, "0114", "Upplands Väsby", 2024, 50323),
        (heading_line + 2, "0180", "Stockholm", 2024, 995574),
    ]


@pytest.mark.parametrize(
    ("cell", "code", "name"),
    [
        ("0114 Upplands Väsby", "0114", "Upplands Väsby"),  # old PxWeb, PRESTEXT 2
        ("0114 - Upplands Väsby", "0114", "Upplands Väsby"),  # PxWeb 2 UseCodesAndTexts
        ("0114", "0114", None),  # codes only
        ("Upplands Väsby", None, "Upplands Väsby"),  # texts only
        ("01 Stockholms län", "01", "Stockholms län"),  # county
        ("Stockholms län", None, "Stockholms län"),
    ],
)
def test_region_cell_styles(cell, code, name):
    data = scb_csv([("region", "2024"), (cell, 50323)], sep=";")
    assert figures(parse(data)) == [(code, name, 2024, 50323)]


def test_several_year_columns_give_all_years():
    data = scb_csv(
        [
            ("region", "Folkmängd 2023", "Folkmängd 2024"),
            ("0114 Upplands Väsby", 49627, 50323),
            ("0180 Stockholm", 984748, 995574),
        ],
        sep=";",
        title="Folkmängd efter region, tabellinnehåll och år",
    )

    parsed = parse(data)

    assert parsed.years == [2023, 2024]
    assert [(r.line, r.code, r.year, r.population) for r in parsed.rows] == [
        (4, "0114", 2023, 49627),
        (4, "0114", 2024, 50323),
        (5, "0180", 2023, 984748),
        (5, "0180", 2024, 995574),
    ]


def test_several_contents_take_the_population_column():
    data = scb_csv(
        [
            ("region", "Folkökning 2024", "Folkmängd 2024"),
            ("0114 Upplands Väsby", 696, 50323),
        ],
        sep=";",
    )
    assert figures(parse(data)) == [("0114", "Upplands Väsby", 2024, 50323)]


def test_two_columns_for_one_year_without_a_population_heading():
    data = scb_csv([("region", "män 2024", "kvinnor 2024"), ("0114 Upplands Väsby", 1, 2)])
    error = failure(data)
    assert error.line == 1
    assert error.message.startswith("There are several columns for 2024")


def test_year_argument_selects_one_year_column():
    data = scb_csv(
        [("region", "2022", "2023", "2024"), ("0114 Upplands Väsby", 48502, 49627, 50323)]
    )

    parsed = parse(data, year=2023)

    assert parsed.years == [2023]
    assert figures(parsed) == [("0114", "Upplands Väsby", 2023, 49627)]


def test_year_argument_for_a_year_the_file_lacks():
    data = scb_csv([("region", "2023", "2024"), ("0114 Upplands Väsby", 49627, 50323)])

    error = failure(data, year=2021)

    assert error.line is None
    assert str(error) == (
        "Befolkning.csv: The file has no figures for 2021. Years in the file: 2023, 2024."
    )


@pytest.mark.parametrize("symbol", ["..", ".", "-", "…", "..."])
def test_missing_value_symbols_give_none(symbol):
    data = scb_csv([("region", "2023", "2024"), ("0114 Upplands Väsby", Raw(symbol), 50323)])
    assert figures(parse(data)) == [
        ("0114", "Upplands Väsby", 2023, None),
        ("0114", "Upplands Väsby", 2024, 50323),
    ]


def test_windows_1252_only_characters_are_named_in_the_format():
    data = scb_csv([("region", "2024"), ("0114 Upplands Väsby", Raw("…"))])  # 0x85
    assert parse(data).format == "CSV (comma, Windows-1252)"


@pytest.mark.parametrize("riket", ["00 Riket", "Riket", "00"])
def test_country_row_is_skipped_and_counted_county_rows_are_kept(riket):
    data = scb_csv(
        [
            ("region", "2023", "2024"),
            (riket, 10551707, 10587710),
            ("01 Stockholms län", 2454821, 2473307),
            ("0114 Upplands Väsby", 49627, 50323),
        ]
    )

    parsed = parse(data)

    assert parsed.skipped_country_rows == 2  # one per region and year, like the rows
    assert [(r.line, r.code, r.year) for r in parsed.rows] == [
        (3, "01", 2023),
        (3, "01", 2024),
        (4, "0114", 2023),
        (4, "0114", 2024),
    ]


@pytest.mark.parametrize(
    ("encoding", "bom", "eol", "described"),
    [
        ("utf-8", True, "\r\n", "UTF-8"),
        ("utf-8", False, "\n", "UTF-8"),
        ("utf-8", False, "\r\n", "UTF-8"),
        ("cp1252", False, "\r\n", "ISO-8859-1"),
        ("cp1252", False, "\n", "ISO-8859-1"),
    ],
)
def test_encodings_and_line_endings(encoding, bom, eol, described):
    data = scb_csv(
        [
            ("region", "2024"),
            ("0117 Österåker", 49787),
            ("0120 Värmdö", 46635),
            ("1480 Göteborg", 608993),
        ],
        title="Folkmängd efter region och år",
        encoding=encoding,
        bom=bom,
        eol=eol,
    )

    parsed = parse(data)

    assert parsed.format == f"CSV (comma, {described})"
    assert [(r.line, r.name) for r in parsed.rows] == [
        (4, "Österåker"),
        (5, "Värmdö"),
        (6, "Göteborg"),
    ]


def test_pxweb2_web_download_semicolon_title_without_blank_line_and_texts():
    data = scb_csv(
        [
            ("region", "Folkmängd 2024"),
            ("Riket", 10587710),
            ("Stockholms län", 2473307),
            ("Upplands Väsby", 50323),
        ],
        sep=";",
        title="Folkmängd efter region och år",
        blank_after_title=False,
        encoding="utf-8",
        bom=True,
    )

    parsed = parse(data, name="TAB638_20250301-120000.csv")

    assert parsed.format == "CSV (semicolon, UTF-8)"
    assert parsed.skipped_country_rows == 1
    assert [(r.line, r.code, r.name, r.population) for r in parsed.rows] == [
        (4, None, "Stockholms län", 2473307),
        (5, None, "Upplands Väsby", 50323),
    ]


def test_long_csv3_with_codes():
    data = scb_csv(
        [
            ("Region", "Tid", "BE0101N1"),
            ("00", "2024", 10587710),
            ("0114", "2023", 49627),
            ("0114", "2024", 50323),
            ("2584", "2024", Raw("..")),
        ]
    )

    parsed = parse(data)

    assert parsed.years == [2023, 2024]
    assert parsed.skipped_country_rows == 1
    assert [(r.line, r.code, r.name, r.year, r.population) for r in parsed.rows] == [
        (3, "0114", None, 2023, 49627),
        (4, "0114", None, 2024, 50323),
        (5, "2584", None, 2024, None),
    ]
    assert figures(parse(data, year=2023)) == [("0114", None, 2023, 49627)]


def test_long_csv2_with_texts_and_a_single_valued_extra_variable():
    data = scb_csv(
        [
            ("region", "kön", "år", "Folkmängd"),
            ("0114 Upplands Väsby", "totalt", "2024", 50323),
            ("0180 Stockholm", "totalt", "2024", 995574),
        ],
        sep="\t",
    )
    assert figures(parse(data)) == [
        ("0114", "Upplands Väsby", 2024, 50323),
        ("0180", "Stockholm", 2024, 995574),
    ]


def test_extra_stub_columns_with_a_single_value_are_fine():
    data = scb_csv(
        [
            ("region", "ålder", "kön", "Folkmängd 2024"),
            ("0114 Upplands Väsby", "totalt ålder", "totalt", 50323),
            ("0180 Stockholm", "totalt ålder", "totalt", 995574),
        ],
        sep=";",
    )
    assert figures(parse(data)) == [
        ("0114", "Upplands Väsby", 2024, 50323),
        ("0180", "Stockholm", 2024, 995574),
    ]


def test_extra_stub_column_with_several_values_is_a_duplicate():
    data = scb_csv(
        [
            ("region", "kön", "2024"),
            ("0114 Upplands Väsby", "män", 25346),
            ("0114 Upplands Väsby", "kvinnor", 24977),
        ]
    )

    error = failure(data)

    assert error.line == 3
    assert "0114 appears more than once for 2024 (lines 2 and 3)" in error.message
    assert "age or sex" in error.message


def test_thousands_separators_in_text_cells():
    data = scb_csv(
        [
            ("Kod", "Kommun", "Folkmängd 2024"),
            ("0114", "Upplands Väsby", "50 323"),
            ("0180", "Stockholm", "995\u00a0574"),  # no-break space
            ("1480", "Göteborg", "608\u2009993"),  # thin space
        ],
        sep=";",
        encoding="utf-8",
    )
    assert figures(parse(data)) == [
        ("0114", "Upplands Väsby", 2024, 50323),
        ("0180", "Stockholm", 2024, 995574),
        ("1480", "Göteborg", 2024, 608993),
    ]


# --- CSV errors ------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b"   \n"])
def test_empty_file(data):
    error = failure(data)
    assert error.line is None
    assert str(error) == "Befolkning.csv: The file is empty."


def test_only_a_heading_has_no_data_rows():
    error = failure(scb_csv([("region", "2024")], title="Folkmängd efter region och år"))
    assert error.message == "The file contains no data rows."


def test_text_in_a_number_cell_names_line_and_value():
    data = scb_csv(
        [
            ("region", "2024"),
            ("0114 Upplands Väsby", 50323),
            ("0117 Österåker", Raw("cirka 50000")),
        ],
        title="Folkmängd efter region och år",
    )

    error = failure(data)

    assert error.line == 5
    assert str(error) == ('Befolkning.csv, line 5: "cirka 50000" in column "2024" is not a number.')


@pytest.mark.parametrize(
    "value",
    [Raw("-5"), "\u2011928", "\u2212928", "\u22122 359", -7],  # U+2011 as in SCB's tables
)
def test_negative_population_is_refused(value):
    data = scb_csv([("region", "2024"), ("0114 Upplands Väsby", value)], encoding="utf-8")

    error = failure(data)

    assert error.line == 2
    assert "is negative" in error.message
    assert 'column "2024"' in error.message


def test_duplicated_code_names_both_lines():
    data = scb_csv(
        [
            ("region", "2024"),
            ("0114 Upplands Väsby", 50323),
            ("0180 Stockholm", 995574),
            ("0114 Upplands Väsby", 50323),
        ]
    )

    error = failure(data)

    assert error.line == 4
    assert error.message.startswith("0114 appears more than once for 2024 (lines 2 and 4).")


def test_same_code_in_different_years_of_a_long_file_is_no_duplicate():
    data = scb_csv([("Region", "Tid", "BE0101N1"), ("0114", "2023", 1), ("0114", "2024", 2)])
    assert [r.year for r in parse(data).rows] == [2023, 2024]


def test_line_shorter_than_the_heading():
    data = scb_csv([("region", "2023", "2024"), ("0114 Upplands Väsby", 49627)])
    error = failure(data)
    assert error.line == 2
    assert error.message == "The line has 2 columns, but the heading has 3."


def test_unreadable_csv_line():
    data = b'"region","2024"\r\n"0114 Upplands V\xe4sby",50323\r\n"' + b"x" * 200_000
    error = failure(data)
    assert (error.line, error.message) == (3, "The line cannot be read as CSV.")


def test_long_file_with_a_bad_year():
    data = scb_csv([("Region", "Tid", "BE0101N1"), ("0114", "2024M01", 50323)])
    error = failure(data)
    assert (error.line, error.message) == (2, '"2024M01" is not a year.')


NO_REGION = "Could not find the region column"
NO_YEAR = "Could not find any year column"


@pytest.mark.parametrize(
    ("lines", "line", "start"),
    [
        # SCB's own BE0101N1 download: the stub is age, not region.
        ([("ålder", "2014", "2015"), ("totalt ålder", 9747355, 9851017)], 1, NO_REGION),
        ([("region", "Folkmängd"), ("0114 Upplands Väsby", 50323)], 1, NO_YEAR),
        ([("kommun", "antal"), ("Upplands Väsby", 50323)], None, "Could not find the heading row"),
        ([("Region", "Tid"), ("0114", "2024")], 1, "Could not find the column with the population"),
    ],
    ids=["age-not-region", "no-year", "unknown-columns", "no-figures"],
)
def test_wrong_columns(lines, line, start):
    error = failure(scb_csv(lines, sep=";"))
    assert error.line == line
    assert error.message.startswith(start)


@pytest.mark.parametrize(
    ("data", "name", "start"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x01", "a.pdf", "Unknown"),
        (b"<!DOCTYPE html><html><body><table></table></body></html>", "a.html", "Unknown"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "a.xls", "The file is in the old Excel"),
        (b'"region","2024"\r\n"0114",1\r\n', "a.xlsx", "The Excel file is damaged"),
    ],
    ids=["pdf", "html", "xls", "csv-named-xlsx"],
)
def test_unknown_file_types(data, name, start):
    assert failure(data, name).message.startswith(start)


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document-content/>")
    assert failure(buffer.getvalue(), "a.ods").message.startswith("Unknown file type.")


# --- XLSX ------------------------------------------------------------------------


def pxweb_sheet(year_cells):
    """PxWeb 2's XLSX: title in A1, one heading row per heading variable from row 3
    (stub headings left empty), data, a blank row, then notes."""
    return [
        ["Folkmängd efter region och år"],
        [],
        [None, "Folkmängd"],
        [None, *year_cells],
        ["00 Riket", 10551707, 10587710],
        ["01 Stockholms län", 2454821, 2473307],
        ["0114 Upplands Väsby", 49627, 50323],
        ["0180 Stockholm", "..", 995574],
        [],
        [
            "Fr o m 2007-01-01 överförs Heby kommun från Västmanlands län till Uppsala län. "
            "Hebys kommunkod ändras från 1917 till 0331."
        ],
        ["Folkmängd:"],
        ["31 december respektive år"],
        ["Källa:"],
        ["SCB"],
    ]


@pytest.mark.parametrize("year_cells", [[2023, 2024], ["2023", "2024"]], ids=["number", "text"])
def test_pxweb_xlsx(year_cells):
    parsed = parse(scb_xlsx(pxweb_sheet(year_cells)), "TAB638_20250301-120000.xlsx")

    assert parsed.format == "XLSX"
    assert parsed.years == [2023, 2024]
    assert parsed.skipped_country_rows == 2
    assert [(r.line, r.code, r.name, r.year, r.population) for r in parsed.rows] == [
        (6, "01", "Stockholms län", 2023, 2454821),
        (6, "01", "Stockholms län", 2024, 2473307),
        (7, "0114", "Upplands Väsby", 2023, 49627),
        (7, "0114", "Upplands Väsby", 2024, 50323),
        (8, "0180", "Stockholm", 2023, None),
        (8, "0180", "Stockholm", 2024, 995574),
    ]
    assert figures(parse(scb_xlsx(pxweb_sheet(year_cells)), "a.xlsx", year=2024)) == [
        ("01", "Stockholms län", 2024, 2473307),
        ("0114", "Upplands Väsby", 2024, 50323),
        ("0180", "Stockholm", 2024, 995574),
    ]


def test_xlsx_with_two_contents_takes_the_population():
    rows = [
        ["Folkmängd och folkökning efter region och år"],
        [],
        [None, "Folkmängd", None, "Folkökning"],
        [None, "2023", "2024", "2023", "2024"],
        ["0114 Upplands Väsby", 49627, 50323, 1125, 696],
    ]
    assert [r.population for r in parse(scb_xlsx(rows), "a.xlsx").rows] == [49627, 50323]


def test_xlsx_with_years_above_the_contents_row():
    rows = [
        ["Folkmängd efter region och år"],
        [],
        [None, "2024"],
        [None, "Folkmängd"],
        ["0114 Upplands Väsby", 50323],
    ]
    assert [(r.line, r.population) for r in parse(scb_xlsx(rows), "a.xlsx").rows] == [(5, 50323)]


def test_xlsx_outer_stub_written_once_per_group_is_a_duplicate():
    rows = [
        ["Folkmängd efter region, kön och år"],
        [],
        [None, None, "2024"],
        ["0114 Upplands Väsby", "män", 25346],
        [None, "kvinnor", 24977],
    ]
    error = failure(scb_xlsx(rows), "a.xlsx")
    assert error.line == 5
    assert "0114 appears more than once for 2024 (lines 4 and 5)" in error.message


def test_xlsx_yearly_publication_with_code_column_and_text_numbers():
    rows = [
        ["Folkmängd i riket, län och kommuner 31 december 2024 och befolkningsförändringar 2024"],
        [],
        ["Kod", "Kommunnamn", "Folkmängd"],
        [None, "Riket", "10 587 710"],
        ["01", "Stockholms län", "2\u00a0473\u00a0307"],
        [114, "Upplands Väsby", 50323],  # Excel dropped the leading zero
        [1, "Stockholms län", None],
    ]

    parsed = parse(scb_xlsx(rows), "be0101_2024.xlsx")

    assert parsed.skipped_country_rows == 1
    assert [(r.line, r.code, r.name, r.year, r.population) for r in parsed.rows] == [
        (5, "01", "Stockholms län", 2024, 2473307),
        (6, "0114", "Upplands Väsby", 2024, 50323),
    ]


def test_xlsx_negative_number_cell():
    rows = [["Folkmängd"], [], [None, 2024], ["0114 Upplands Väsby", -3]]
    error = failure(scb_xlsx(rows), "a.xlsx")
    assert (error.line, error.message) == (4, 'The population "-3" in column "2024" is negative.')


# PxWeb 2's XLSX exactly as PCAxis.Serializers' Xlsx2Serializer writes it (the XLSX download of
# Statistikdatabasen, with "IncludeTitle"), for table TAB638 as SCB publishes it.
XLSX2_TITLE = "Folkmängd efter region, tabellinnehåll och år"
XLSX2_FOOTNOTES = (
    "Fr o m 2007-01-01 överförs Heby kommun från Västmanlands län till Uppsala län. "
    "Hebys kommunkod ändras från 1917 till 0331. ",
    "Folkmängd år 1983 och framåt redovisas enligt regional indelning den 1 januari "
    "efterföljande år. \r\n \r\nFolkökning för år 1968–2009 definieras i denna tabell som "
    "skillnaden mellan folkmängden vid årets början och årets slut.",
)
# The region variable's note: written as "<variable>:" and the note, then a blank row.
XLSX2_VARIABLE_NOTES = (("region", "År 1968–1998 redovisas enligt regional indelning 1998-01-01."),)
XLSX2_CONTACT = (" Statistikservice, SCB", " +46 010-479 50 00", "information@scb.se")
XLSX2_INFORMATION = (
    ("Databas:", "Statistikdatabasen"),
    ("Tabell:", "TAB638"),
    ("Källa:", "SCB"),
    ("Officiell statistik", None),
    ("Senast uppdaterad:", "2025-02-21 08:00"),
    ("Enhet:", "antal"),
    ("Referenstid:", "31 december respektive år"),
)
XLSX2_REGIONS = (
    ("00 Riket", [10551707, 10587710]),
    ("01 Stockholms län", [2454821, 2473307]),
    ("0114 Upplands Väsby", [49627, 50323]),
    ("0180 Stockholm", ["..", 995574]),
)


def xlsx2_rows(
    heading=(("Folkmängd",), ("2023", "2024")),
    regions=XLSX2_REGIONS,
    *,
    title=XLSX2_TITLE,
    extra_stub=(),
    footnotes=XLSX2_FOOTNOTES,
    variable_notes=XLSX2_VARIABLE_NOTES,
    information=True,
):
    """The sheet's rows, as Xlsx2Serializer fills them.

    ``heading``: the values of each heading variable, outermost first; each row of
    ``regions`` has the region label and one figure per column, the columns in the order
    the heading variables multiply out. ``extra_stub``: labels of other stub variables with
    a single value (age, sex…), written after the region on every row.
    """
    cells = {}
    row = 1
    if title is not None:
        cells[1, 1] = title  # and row 2 stays blank
        row = 3
    first = 2 + len(extra_stub)  # column 1 + the number of stub variables; no stub names
    for level, values in enumerate(heading):
        interval = prod(len(v) for v in heading[level + 1 :])
        repeats = prod(len(v) for v in heading[:level])
        for index, text in enumerate(values):
            for repeat in range(repeats):
                cells[row, first + index * interval + repeat * len(values) * interval] = text
        row += 1
    for label, figures in regions:
        for column, text in enumerate((label, *extra_stub), start=1):
            cells[row, column] = text
        for column, figure in enumerate(figures, start=first):
            cells[row, column] = figure
        row += 1
    row += 1  # one blank row after the data
    for note in footnotes:
        cells[row, 1] = note
        row += 1
    for variable, note in variable_notes:
        cells[row, 1], cells[row + 1, 1] = f"{variable}:", note
        row += 3
    if information:
        cells[row, 1] = "Kontakt:"
        row += 1
        for line in XLSX2_CONTACT:
            cells[row, 1] = line
            row += 1
        row += 1
        for label, value in XLSX2_INFORMATION:
            cells[row, 1] = label
            if value is not None:
                cells[row, 2] = value
            row += 1
    last_row = max(r for r, _c in cells)
    last_column = max(c for _r, c in cells)
    return [[cells.get((r, c)) for c in range(1, last_column + 1)] for r in range(1, last_row + 1)]


XLSX2_FIGURES = [
    ("01", "Stockholms län", 2023, 2454821),
    ("01", "Stockholms län", 2024, 2473307),
    ("0114", "Upplands Väsby", 2023, 49627),
    ("0114", "Upplands Väsby", 2024, 50323),
    ("0180", "Stockholm", 2023, None),
    ("0180", "Stockholm", 2024, 995574),
]
YEARS_BELOW = (("Folkmängd",), ("2023", "2024"))  # SCB's default: the contents, then the years
YEARS_ABOVE = (("2023", "2024"), ("Folkmängd",))


@pytest.mark.parametrize("heading", [YEARS_BELOW, YEARS_ABOVE], ids=["years-below", "years-above"])
@pytest.mark.parametrize("title", [XLSX2_TITLE, None], ids=["title", "no-title"])
@pytest.mark.parametrize(
    ("footnotes", "information"),
    [(XLSX2_FOOTNOTES, True), ((), True), (XLSX2_FOOTNOTES, False), ((), False)],
    ids=["notes-and-information", "information", "notes", "table-only"],
)
def test_pxweb2_xlsx_download_as_scb_writes_it(heading, title, footnotes, information):
    rows = xlsx2_rows(heading, title=title, footnotes=footnotes, information=information)
    first_data_row = (3 if title else 1) + len(heading)  # "00 Riket", not imported

    parsed = parse(scb_xlsx(rows), "TAB638_20250301-120000.xlsx")

    assert parsed.format == "XLSX"
    assert parsed.years == [2023, 2024]
    assert parsed.skipped_country_rows == 2
    assert figures(parsed) == XLSX2_FIGURES
    assert [r.line for r in parsed.rows][::2] == [first_data_row + n for n in (1, 2, 3)]


def test_pxweb2_xlsx_information_block_is_as_scb_writes_it():
    """The shape the parser must survive: label/value pairs below the data, the value in
    the first figures column, where the old parser read "Statistikdatabasen" as a figure."""
    rows = xlsx2_rows()
    assert rows[:4] == [[XLSX2_TITLE, None, None], [None] * 3, [None, "Folkmängd", None]] + [
        [None, "2023", "2024"]
    ]
    assert rows[7] == ["0180 Stockholm", "..", 995574]
    assert rows[8] == [None] * 3  # the blank row that ends the data
    assert ["Databas:", "Statistikdatabasen", None] in rows
    assert ["Tabell:", "TAB638", None] in rows
    assert ["Senast uppdaterad:", "2025-02-21 08:00", None] in rows
    assert ["Enhet:", "antal", None] in rows


def test_pxweb2_xlsx_with_one_year_and_figures_stored_as_text():
    regions = [("0114 Upplands Väsby", ["50323"]), ("0180 Stockholm", ["995574"])]
    rows = xlsx2_rows((("Folkmängd",), ("2024",)), regions)
    assert figures(parse(scb_xlsx(rows), "TAB638.xlsx")) == [
        ("0114", "Upplands Väsby", 2024, 50323),
        ("0180", "Stockholm", 2024, 995574),
    ]


def test_pxweb2_xlsx_with_other_stub_variables_of_a_single_value():
    # Age and sex chosen as "totalt": two more stub columns, the figures from column D.
    rows = xlsx2_rows(extra_stub=("totalt ålder", "totalt"))
    assert rows[3] == [None, None, None, "2023", "2024"]
    assert figures(parse(scb_xlsx(rows), "TAB638.xlsx")) == XLSX2_FIGURES


def test_pxweb2_xlsx_nothing_below_the_blank_row_is_data():
    # A note that looks like a region and a figure is still a note.
    rows = xlsx2_rows(footnotes=["2584 Kiruna", "Fotnot"])
    rows[-1] = ["2584 Kiruna", 23116, 22958]
    parsed = parse(scb_xlsx(rows), "TAB638.xlsx")
    assert "2584" not in {r.code for r in parsed.rows}
    assert figures(parsed) == XLSX2_FIGURES


def test_truncated_xlsx():
    data = scb_xlsx(pxweb_sheet([2023, 2024]))
    error = failure(data[: len(data) // 2], "TAB638.xlsx")
    assert error.line is None
    assert error.message == "The Excel file is damaged or incomplete and cannot be opened."


# --- JSON ------------------------------------------------------------------------


def api_v1(records, *, extra_columns=()):
    """API v1 response with "format": "json", shaped like SCB's BefolkningNy answer."""
    return {
        "columns": [
            {"code": "Region", "text": "region", "type": "d"},
            *extra_columns,
            {"code": "Tid", "text": "år", "type": "t"},
            {"code": "BE0101N1", "text": "Folkmängd", "type": "c"},
        ],
        "comments": [],
        "data": [{"key": key, "values": values} for key, values in records],
        "metadata": [
            {
                "infofile": "BE0101",
                "updated": "2025-02-21T07:00:00Z",
                "label": "Folkmängd efter region, år och tabellinnehåll",
                "source": "SCB",
            }
        ],
    }


@pytest.mark.parametrize("bom", [False, True])
def test_api_v1_json(bom):
    doc = api_v1(
        [
            (["00", "2024"], ["10587710"]),
            (["01", "2024"], ["2473307"]),
            (["0114", "2024"], ["50323"]),
            (["2584", "2024"], [".."]),
        ]
    )

    parsed = parse(to_json(doc, bom=bom), "BefolkningNy.json")

    assert parsed.format == "JSON"
    assert parsed.years == [2024]
    assert parsed.skipped_country_rows == 1
    assert [(r.line, r.code, r.name, r.year, r.population) for r in parsed.rows] == [
        (2, "01", None, 2024, 2473307),
        (3, "0114", None, 2024, 50323),
        (4, "2584", None, 2024, None),
    ]


def test_api_v1_json_with_extra_single_valued_variable():
    doc = api_v1(
        [(["0114", "1+2", "2023"], ["49627"]), (["0114", "1+2", "2024"], ["50323"])],
        extra_columns=[{"code": "Kon", "text": "kön", "type": "d"}],
    )
    assert figures(parse(to_json(doc), "a.json", year=2024)) == [("0114", None, 2024, 50323)]


def test_api_v1_json_region_and_year_twice():
    doc = api_v1(
        [(["0114", "1", "2024"], ["25346"]), (["0114", "2", "2024"], ["24977"])],
        extra_columns=[{"code": "Kon", "text": "kön", "type": "d"}],
    )

    error = failure(to_json(doc), "a.json")

    assert error.line is None
    assert error.message.startswith("0114 appears more than once for 2024. Choose a single")


def test_api_v1_json_text_value():
    doc = api_v1([(["0114", "2024"], ["femtiotusen"])])
    error = failure(to_json(doc), "a.json")
    assert error.message == '"femtiotusen" in region 0114, year 2024 is not a number.'


def json_stat2(*, region_index, values, contents=None):
    """PxWebApi 2 json-stat2, shaped like SCB's TAB638 answer but for regions."""
    contents = contents or {"BE0101N1": "Folkmängd"}
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängd efter region, kön och år",
        "source": "SCB",
        "updated": "2025-02-21T07:00:00Z",
        "note": ["Fr o m 2007-01-01 överförs Heby kommun från Västmanlands län till Uppsala län."],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": ["Region", "Kon", "ContentsCode", "Tid"],
        "size": [3, 1, len(contents), 2],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": region_index,
                    "label": {"00": "Riket", "01": "Stockholms län", "0114": "Upplands Väsby"},
                },
                "extension": {"elimination": True, "eliminationValueCode": "00"},
            },
            "Kon": {
                "label": "kön",
                "category": {"index": {"1+2": 0}, "label": {"1+2": "totalt"}},
            },
            "ContentsCode": {
                "label": "tabellinnehåll",
                "category": {
                    "index": {code: i for i, code in enumerate(contents)},
                    "label": contents,
                },
            },
            "Tid": {
                "label": "år",
                "category": {
                    "index": {"2023": 0, "2024": 1},
                    "label": {"2023": "2023", "2024": "2024"},
                },
                "extension": {"show": "code"},
            },
        },
        "extension": {"px": {"tableid": "TAB638", "heading": ["ContentsCode", "Tid"]}},
        "value": values,
    }


@pytest.mark.parametrize(
    "region_index",
    [{"00": 0, "01": 1, "0114": 2}, ["00", "01", "0114"]],
    ids=["index-dict", "index-list"],
)
@pytest.mark.parametrize("bom", [False, True])
def test_json_stat2(region_index, bom):
    doc = json_stat2(
        region_index=region_index,
        values=[10551707, 10587710, 2454821, 2473307, 49627, None],
    )

    parsed = parse(to_json(doc, bom=bom), "TAB638.json")

    assert parsed.format == "JSON-stat2"
    assert parsed.years == [2023, 2024]
    assert parsed.skipped_country_rows == 2
    assert [(r.line, r.code, r.name, r.year, r.population) for r in parsed.rows] == [
        (3, "01", "Stockholms län", 2023, 2454821),
        (4, "01", "Stockholms län", 2024, 2473307),
        (5, "0114", "Upplands Väsby", 2023, 49627),
        (6, "0114", "Upplands Väsby", 2024, None),
    ]


def test_json_stat2_with_two_contents_takes_the_population():
    doc = json_stat2(
        region_index=["00", "01", "0114"],
        contents={"BE0101N1": "Folkmängd", "BE0101N2": "Folkökning"},
        values=[1, 2, 3, 4, 5, 6, 7, 8, 49627, 50323, 1125, 696],
    )
    assert figures(parse(to_json(doc), "a.json", year=2024)) == [
        ("01", "Stockholms län", 2024, 6),
        ("0114", "Upplands Väsby", 2024, 50323),
    ]


def test_json_stat2_with_values_missing():
    doc = json_stat2(region_index=["00", "01", "0114"], values=[1, 2, 3])
    assert failure(to_json(doc), "a.json").message.startswith("The JSON-stat file is inconsistent")


def test_unparseable_json_names_the_line():
    data = (
        b'{\n    "columns": [\n        {"code": "Region", "type": "d"}\n    ],\n'
        b'    "data": [\n        {"key": ["0114", "2024"] "values": ["50323"]}\n    ]\n}\n'
    )
    error = failure(data, "a.json")
    assert (error.line, error.message) == (6, "The file is not valid JSON.")


@pytest.mark.parametrize(
    ("doc", "start"),
    [
        ({"tables": []}, "The JSON file is not in a format from SCB."),
        ([1, 2, 3], "The JSON file is not in a format from SCB."),
        ({"columns": [{"code": "Region", "type": "d"}], "data": []}, "Could not find the time"),
        ({"columns": "Region", "data": []}, "The JSON file does not have the structure"),
    ],
)
def test_json_of_another_shape(doc, start):
    assert failure(to_json(doc), "a.json").message.startswith(start)


def test_json_without_region_variable():
    # SCB's own BefolkningNy answer for the whole country by marital status.
    doc = {
        "columns": [
            {"code": "Civilstand", "text": "civilstånd", "type": "d"},
            {"code": "Tid", "text": "år", "type": "t"},
            {"code": "BE0101N1", "text": "Folkmängd", "type": "c"},
        ],
        "data": [{"key": ["OG", "2015"], "values": ["5157443"]}],
    }
    error = failure(to_json(doc), "a.json")
    assert error.message == "Could not find the region variable in the JSON file."


# --- files, messages and speed ---------------------------------------------------


def test_parse_population_file_reads_from_disk(tmp_path):
    path = tmp_path / "befolkning.csv"
    path.write_bytes(scb_csv([("region", "2024"), ("0114 Upplands Väsby", 50323)]))

    parsed = parse_population_file(path, year=2024)

    assert parsed.path == str(path)
    assert figures(parsed) == [("0114", "Upplands Väsby", 2024, 50323)]


def test_missing_file(tmp_path):
    path = tmp_path / "saknas.csv"
    with pytest.raises(ScbFormatError) as exc:
        parse_population_file(path)
    assert exc.value.path == str(path)
    assert str(exc.value).startswith(f"{path}: The file could not be read")


def test_error_message_is_rendered_with_path_and_line():
    error = ScbFormatError("Something is wrong.", path="TAB638.csv", line=12)
    assert str(error) == "TAB638.csv, line 12: Something is wrong."
    assert str(ScbFormatError("Nope.", path="a.csv")) == "a.csv: Nope."


def test_290_rows_parse_in_a_few_milliseconds():
    lines = [("region", "2024")] + [(f"{1000 + n:04d} Kommun {n}", 10000 + n) for n in range(290)]
    data = scb_csv(lines, title="Folkmängd efter region och år")

    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        parsed = parse(data)
        best = min(best, time.perf_counter() - start)

    assert len(parsed.rows) == 290
    assert parsed.rows[-1] == PopulationRow(293, "1289", "Kommun 289", 2024, 10289)
    assert best < 0.02
