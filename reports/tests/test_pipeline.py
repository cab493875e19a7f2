"""The pipeline report against conftest.world."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from notes.tests.factories import NoteFactory
from reports import selectors
from reports.selectors import ReportFilters, pipeline_report
from tests.html import table_rows

pytestmark = pytest.mark.django_db

ST = Deal.Stage


def open_table(report):
    return [
        (r["stage"], r["service"], r["count"], r["value"], r["weighted"])
        for r in report["open_rows"]
    ]


def test_open_deals_per_stage_and_service_with_weighted_value(world):
    report = pipeline_report(ReportFilters(), year=2025)

    assert open_table(report) == [
        (ST.NEW, "EGIL", 2, Decimal(150_000), Decimal(15_000)),  # D1, D2 at 10 %
        (ST.QUALIFIED, "Digidel", 1, Decimal(0), Decimal(0)),  # D5 has no value
        (ST.OFFER, "Digidel", 1, Decimal(200_000), Decimal(100_000)),  # D3 at 50 %
        # D6: 1 001,50 × 33 % = 330,495, to the öre.
        (ST.OFFER, "EGIL", 1, Decimal("1001.50"), Decimal("330.50")),
        (ST.NEGOTIATION, None, 1, Decimal(80_000), Decimal(60_000)),  # D4 at 75 %
    ]
    stages = {r["stage"]: (r["count"], r["value"], r["weighted"]) for r in report["stage_rows"]}
    assert stages[ST.OFFER] == (2, Decimal("201001.50"), Decimal("100330.50"))
    totals = report["totals"]
    assert (totals["count"], totals["value"], totals["weighted"]) == (
        6,
        Decimal("431001.50"),
        Decimal("175330.50"),
    )


def test_won_and_lost_per_quarter_with_reasons(world):
    report = pipeline_report(ReportFilters(), year=2025)

    quarters = [
        (q["quarter"], q["won"], q["won_value"], q["lost"], q["lost_value"])
        for q in report["quarter_rows"]
    ]
    assert quarters == [
        (1, 1, Decimal(300_000), 1, Decimal(40_000)),  # W1 10 Feb; L1 31 Mar
        (2, 1, Decimal(100_000), 0, Decimal(0)),  # W2
        (3, 0, Decimal(0), 1, Decimal(60_000)),  # L2
        (4, 0, Decimal(0), 1, Decimal(0)),  # L3 on 31 Dec, no value; L4 is 2024
    ]
    assert report["quarter_rows"][0]["reasons"]["price"] == 1
    assert report["quarter_rows"][3]["reasons"]["no_need"] == 1
    assert {r["reason"]: r["count"] for r in report["reason_rows"] if r["count"]} == {
        "price": 2,
        "no_need": 1,
    }
    assert (report["totals"]["won"], report["totals"]["lost"]) == (2, 3)

    previous = pipeline_report(ReportFilters(), year=2024)
    assert [q["lost"] for q in previous["quarter_rows"]] == [0, 0, 0, 1]
    assert previous["quarter_rows"][3]["reasons"]["timing"] == 1


def test_county_and_organisation_type_are_the_deal_members(world):
    county_a = pipeline_report(ReportFilters(county=world.counties.a.pk), year=2025)
    assert open_table(county_a) == [
        (ST.NEW, "EGIL", 1, Decimal(100_000), Decimal(10_000)),  # D1 Alby
        (ST.OFFER, "Digidel", 1, Decimal(200_000), Decimal(100_000)),  # D3 Region A
        (ST.OFFER, "EGIL", 1, Decimal("1001.50"), Decimal("330.50")),  # D6 Aby
    ]
    assert [q["won"] for q in county_a["quarter_rows"]] == [1, 0, 0, 0]  # W1 Alby
    assert all(r["url"] is None for r in county_a["open_rows"] + county_a["stage_rows"])

    municipalities = pipeline_report(ReportFilters(org_type="kommun"), year=2025)
    assert municipalities["totals"]["count"] == 4  # D1, D2, D4, D6
    assert municipalities["totals"]["lost"] == 2  # L1, L2; not L3 (Region A)


def test_latest_note_of_each_open_deal(world):
    rows = pipeline_report(ReportFilters(), year=2025)["activity_rows"]

    assert len(rows) == 6
    assert (rows[0]["deal"], rows[0]["last_note"]) == (world.d.d3.title, "Offert")
    assert all(r["last_note_at"] is None for r in rows[1:])


def test_counts_link_to_the_deals_list_showing_them(world, reader_client):
    report = pipeline_report(ReportFilters(), year=2025)

    linked = [r for r in report["open_rows"] + report["stage_rows"] if r["url"]]
    assert len(linked) == 4 + 4  # every open row but the one without a service; every stage
    for row in linked:
        assert len(table_rows(reader_client.get(row["url"]))) == row["count"], row
    assert len(table_rows(reader_client.get(report["totals"]["all_open_url"]))) == 6


def test_page_defaults_to_this_year(world, reader_client, today):
    response = reader_client.get(reverse("reports:pipeline"))

    assert response.status_code == 200
    assert response.context["year"] == today.year
    assert response.context["totals"]["count"] == 6


@pytest.mark.parametrize("notes_read", [1_000, 60, 0], ids=["all", "a-cut", "none"])
def test_latest_notes_of_many_deals_as_if_every_deal_were_asked(monkeypatch, notes_read):
    """Seventy open deals with notes (some at the same minute, some about closed deals or
    older), five without any: the deals with the latest notes, in the same order and with the
    same notes, whether the report reads a thousand of the newest notes, a few, or none and
    asks every deal for its own."""
    owner = UserFactory()
    base = datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC)
    for i in range(70):
        deal = DealFactory(stage=ST.OFFER, owner=owner)
        NoteFactory(deal=deal, member=None, text=f"Äldre {i}", occurred_at=base)
        at = base + datetime.timedelta(minutes=i // 3)  # three deals share each minute
        NoteFactory(deal=deal, member=None, text=f"Senaste {i}", occurred_at=at)
    for _ in range(5):
        DealFactory(stage=ST.NEW, owner=owner)
    closed = DealFactory(stage=ST.WON, closed_on=datetime.date(2025, 3, 2))
    NoteFactory(deal=closed, member=None, occurred_at=base + datetime.timedelta(days=9))

    def activity():
        return [
            (row["deal"], row["last_note_at"], row["last_note"])
            for row in pipeline_report(ReportFilters(), year=2025)["activity_rows"]
        ]

    monkeypatch.setattr(selectors, "ACTIVITY_NOTES", 0)  # every deal asked for its note
    expected = activity()
    monkeypatch.setattr(selectors, "ACTIVITY_NOTES", notes_read)

    assert activity() == expected
    assert len(expected) == selectors.ACTIVITY_ROWS
    assert expected[0][2] == "Senaste 69" and closed.title not in [row[0] for row in expected]
