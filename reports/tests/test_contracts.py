"""The contracts report against conftest.world."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.selectors import ReportFilters, contracts_report
from tests.html import table_rows

pytestmark = pytest.mark.django_db


def month_of(day):
    return day.replace(day=1)


def test_ending_per_month_for_the_next_twelve_months(world, today):
    report = contracts_report(ReportFilters())

    rows = report["month_rows"]
    assert len(rows) == 12
    assert rows[0]["month"] == month_of(today)
    # C1 ends in 30 days, C8 in 60, C5 in 200 (active, not started yet, but ending then).
    # C2 ended 40 days ago, before this month; C11 and C10 end three years ahead.
    expected = Counter()
    values = Counter()
    for days, value in [(30, 100_000), (60, 70_000), (200, 30_000)]:
        month = month_of(today + datetime.timedelta(days=days))
        expected[month] += 1
        values[month] += value
    assert {r["month"]: r["count"] for r in rows if r["count"]} == dict(expected)
    assert {r["month"]: r["value"] for r in rows if r["count"]} == dict(values)
    assert (report["totals"]["ending"], report["totals"]["ending_value"]) == (3, 200_000)


def test_a_year_shows_its_twelve_months(world):
    year = world.future_year
    report = contracts_report(ReportFilters(year=year))

    rows = report["month_rows"]
    assert [r["month"] for r in rows] == [datetime.date(year, m, 1) for m in range(1, 13)]
    # C10 (ended, 15 March) and C11 (active, 31 March): signed contracts ending in March.
    assert [(r["month"].month, r["count"], r["value"]) for r in rows if r["count"]] == [
        (3, 2, Decimal(15_000))
    ]


def test_value_per_service_of_active_contracts(world):
    report = contracts_report(ReportFilters())

    # As the contracts list shows "active": marked active and not past the end date, so
    # C5 and C11 (not started) count, C2 (overdue), drafts and ended contracts do not.
    assert [(r["service"], r["count"], r["value"]) for r in report["service_rows"]] == [
        ("Digidel", 3, Decimal(270_000)),  # C3, C8, C9
        ("EGIL", 3, Decimal(135_000)),  # C1, C5, C11
    ]
    assert (report["totals"]["count"], report["totals"]["value"]) == (6, 405_000)


def test_value_per_service_of_the_contracts_running_in_a_year(world):
    report = contracts_report(ReportFilters(year=world.future_year))

    assert [(r["service"], r["count"], r["value"]) for r in report["service_rows"]] == [
        # C3 and C9 (no end), C10 (ended, ran until March)
        ("Digidel", 3, Decimal(210_000)),
        ("EGIL", 1, Decimal(5_000)),  # C11
    ]
    assert all(r["url"] is None for r in report["service_rows"])  # no list shows this


def test_contracts_to_look_at(world):
    report = contracts_report(ReportFilters())

    assert {(r["contract"], r["no_party"], r["service_ended"]) for r in report["check_rows"]} == {
        (str(world.c.c6), True, False),
        (str(world.c.c7), False, True),
    }


def test_county_counts_contracts_with_a_party_there_once(world):
    report = contracts_report(ReportFilters(county=world.counties.a.pk))

    # C1 has parties in both counties and counts once; C3 and C9 through Region A.
    assert [(r["service"], r["count"], r["value"]) for r in report["service_rows"]] == [
        ("Digidel", 2, Decimal(200_000)),
        ("EGIL", 1, Decimal(100_000)),
    ]
    assert report["totals"]["ending"] == 1  # C1
    # The contracts list cannot filter by county: no link would show these numbers.
    assert all(r["url"] is None for r in report["month_rows"] + report["service_rows"])


def test_counts_link_to_the_contracts_list_showing_them(world, reader_client, today):
    report = contracts_report(ReportFilters())

    for row in [*report["service_rows"], *(r for r in report["month_rows"] if r["count"])]:
        assert len(table_rows(reader_client.get(row["url"]))) == row["count"], row


def test_page(world, reader_client):
    response = reader_client.get(reverse("reports:contracts"), {"year": world.future_year})

    assert response.status_code == 200
    assert response.context["month_rows"][2]["count"] == 2
    assert str(world.c.c6) in response.content.decode()
