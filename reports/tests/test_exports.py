"""Every report table as CSV and Excel: the rows the page shows, under the page's filters
(reports.exports, written by core.exports; the writer itself is tested in tests/test_exports.py).
"""

import csv
import io
import re
from decimal import Decimal
from urllib.parse import parse_qs

import openpyxl
import pytest
from django.urls import reverse

from core.tests.factories import UserFactory
from reports.exports import REPORT_TABLES

pytestmark = pytest.mark.django_db

TABLES = [(report, table) for report, tables in REPORT_TABLES.items() for table in tables]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def export(client, report, table, export_format, **query):
    return client.get(
        reverse(f"reports:{report}"), {**query, "_export": export_format, "table": table}
    )


@pytest.mark.parametrize(("report", "table"), TABLES, ids=lambda t: getattr(t, "name", t))
def test_every_report_table_exports_the_rows_of_the_page(world, reader_client, report, table):
    page = reader_client.get(reverse(f"reports:{report}"))
    shown = page.context[table.rows]
    headers = [str(header) for header, _value in table.columns_for(page.context)]

    rows = csv_rows(export(reader_client, report, table.name, "csv"))
    sheet = xlsx_rows(export(reader_client, report, table.name, "xlsx"))

    assert len(rows) == len(sheet) == len(shown) + 1
    assert [h.casefold() for h in rows[0]] == [h.casefold() for h in headers]
    assert sheet[0] == rows[0]


def test_membership_by_county_in_numbers(world, reader_client):
    sheet = xlsx_rows(export(reader_client, "membership", "county", "xlsx"))
    rows = csv_rows(export(reader_client, "membership", "county", "csv"))

    # County A in 2024: Alby and Region A members, Aby not; municipalities 11 000 / 21 000.
    assert sheet[1] == ["Län A", 2, 1, 11_000, 21_000, 34.4, 13.9]
    assert rows[1] == ["Län A", "2", "1", "11000", "21000", "34,4", "13,9"]
    assert sheet[-1][1:3] == [1, 0]  # IT AB, with no county, last


def test_the_filters_of_the_page_apply(world, reader_client):
    newest = xlsx_rows(export(reader_client, "membership", "county", "xlsx"))
    year_2023 = xlsx_rows(export(reader_client, "membership", "county", "xlsx", year=2023))

    assert newest[1][3] == 11_000
    assert year_2023[1][3] == 10_000  # Alby's population in 2023


def test_members_by_services_has_a_column_per_service_that_sums(world, reader_client):
    sheet = xlsx_rows(export(reader_client, "services", "matrix", "xlsx"))

    header = sheet[0]
    assert {"EGIL", "Digidel", "Ny tjänst"} <= set(header)  # one column per service offered
    egil = header.index("EGIL")
    users = {row[0] for row in sheet[1:] if row[egil] == 1}
    assert users == {"Alby", "Bby"}  # C1 in force; C2 overdue, C5 not started, C11 in Y
    assert all(row[egil] in (1, None) for row in sheet[1:])


def test_pipeline_values_are_numbers(world, reader_client):
    sheet = xlsx_rows(export(reader_client, "pipeline", "open", "xlsx"))

    values = [row[3] for row in sheet[1:]]
    assert all(isinstance(value, int | float) for value in values)
    assert sum(Decimal(str(v)) for v in values) == Decimal("431001.5")


def test_the_report_page_offers_each_table_with_its_filters(world, reader_client):
    response = reader_client.get(reverse("reports:membership"), {"year": 2023})

    links = re.findall(r'href="\?([^"]*_export=[^"]*)"', response.content.decode())
    queries = [parse_qs(link.replace("&amp;", "&")) for link in links]
    assert [(q["table"][0], q["_export"][0]) for q in queries] == [
        ("county", "csv"),
        ("county", "xlsx"),
        ("org_type", "csv"),
        ("org_type", "xlsx"),
        ("via_bodies", "csv"),
        ("via_bodies", "xlsx"),
    ]
    assert all(q["year"] == ["2023"] for q in queries)


def test_an_unknown_table_is_refused(world, reader_client):
    assert export(reader_client, "membership", "nope", "csv").status_code == 400


def test_a_user_without_a_role_may_not_export_a_report(world, login):
    response = export(login(UserFactory()), "membership", "county", "csv")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("report", "table", "label"),
    [("membership", "county", "Inget län"), ("pipeline", "open", "Ingen tjänst")],
)
def test_what_a_row_lacks_is_named_in_swedish_on_the_page_and_in_the_download(
    world, reader_client, report, table, label
):
    """A member without a county, open deals without a service: the same Swedish words in
    the table on the page and in its download."""
    page = reader_client.get(reverse(f"reports:{report}")).content.decode()
    rows = csv_rows(export(reader_client, report, table, "csv"))

    assert f">{label}<" in page
    assert any(label in row for row in rows[1:])
