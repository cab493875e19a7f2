"""The membership report against the hand-computed numbers of conftest.world."""

import datetime
import re
from fractions import Fraction

import pytest
from django.urls import reverse

from members.models import Coverage, Member
from members.tests.factories import MemberFactory
from reports.selectors import ReportFilters, membership_report
from tests.html import page, table_rows

pytestmark = pytest.mark.django_db

K, R = Member.OrgType.KOMMUN, Member.OrgType.REGION


def by(rows, key):
    return {row[key]: row for row in rows}


def test_population_and_share_of_sweden_in_the_newest_year(world):
    report = membership_report(ReportFilters(), year=2024)
    summary = report["summary"]

    # Member municipalities Alby, Bby and Bköping (no 2024 figure) of five.
    assert (summary["type_members"], summary["type_total"]) == (3, 5)
    assert summary["population"] == 11_000 + 42_000
    # Sweden: every municipality, never the regions on top.
    assert summary["sweden_population"] == 11_000 + 21_000 + 42_000 + 5_000
    assert summary["share_of_sweden"] == Fraction(53_000, 79_000)
    assert (summary["type_without_figure"], summary["sweden_without_figure"]) == (1, 1)
    # All organisation types: Alby, Region A, Bby, Bköping, IT AB; Aby, Bstad, Region B, Lev AB.
    assert (summary["members"], summary["non_members"]) == (5, 4)


def test_by_county_counts_every_type_and_sums_municipalities_only(world):
    rows = by(membership_report(ReportFilters(), year=2024)["county_rows"], "county")

    a, b, none = rows["Län A"], rows["Län B"], rows[None]
    assert (a["members"], a["non_members"]) == (2, 1)  # Alby, Region A; Aby
    assert (a["members_population"], a["non_members_population"]) == (11_000, 21_000)
    assert a["share_of_county"] == Fraction(11, 32)
    assert a["share_of_sweden"] == Fraction(11_000, 79_000)
    assert (b["members"], b["non_members"]) == (2, 3)  # Bby, Bköping; Bstad, Region B, Lev AB
    assert (b["members_population"], b["non_members_population"]) == (42_000, 5_000)
    assert b["share_of_county"] == Fraction(42, 47)
    assert (none["members"], none["non_members"]) == (1, 0)  # IT AB
    assert none["share_of_county"] is None
    assert list(rows) == ["Län A", "Län B", None]  # by county code, no county last


def test_by_organisation_type(world):
    rows = by(membership_report(ReportFilters(), year=2024)["org_type_rows"], "org_type")

    assert (rows[K]["members"], rows[K]["non_members"]) == (3, 2)
    assert (rows[K]["members_population"], rows[K]["non_members_population"]) == (53_000, 26_000)
    assert rows[K]["share_of_sweden"] == Fraction(53_000, 79_000)
    assert (rows[R]["members_population"], rows[R]["non_members_population"]) == (32_000, 50_000)
    assert rows[R]["share_of_sweden"] == Fraction(32_000, 79_000)
    company = rows[Member.OrgType.FORETAG]
    assert (company["members"], company["members_population"], company["share_of_sweden"]) == (
        1,
        None,
        None,
    )
    assert rows[Member.OrgType.IT_LEVERANTOR]["non_members"] == 1
    assert list(rows) == [K, R, Member.OrgType.FORETAG, Member.OrgType.IT_LEVERANTOR]


def test_year_takes_that_years_population_figures(world):
    report = membership_report(ReportFilters(year=2023), year=2023)

    assert report["summary"]["sweden_population"] == 10_000 + 20_000 + 40_000 + 5_000 + 3_000
    assert report["summary"]["share_of_sweden"] == Fraction(53_000, 78_000)
    assert report["summary"]["sweden_without_figure"] == 0
    assert by(report["county_rows"], "county")["Län A"]["share_of_county"] == Fraction(1, 3)


def test_county_and_organisation_type_narrow_the_members_not_sweden(world):
    filters = ReportFilters(county=world.counties.b.pk, org_type=K)
    report = membership_report(filters, year=2024)

    assert [row["county"] for row in report["county_rows"]] == ["Län B"]
    row = report["county_rows"][0]
    assert (row["members"], row["non_members"]) == (2, 1)
    assert report["summary"]["population"] == 42_000
    assert report["summary"]["share_of_sweden"] == Fraction(42_000, 79_000)
    assert [row["org_type"] for row in report["org_type_rows"]] == [K]


def test_choosing_regions_sums_the_regions(world):
    report = membership_report(ReportFilters(org_type=R), year=2024)

    rows = by(report["county_rows"], "county")
    assert rows["Län A"]["share_of_county"] == 1
    assert rows["Län B"]["share_of_county"] == 0
    assert report["summary"]["share_of_sweden"] == Fraction(32_000, 79_000)


def test_numbers_link_to_the_members_list_showing_them(world, reader_client):
    report = membership_report(ReportFilters(), year=2024)
    county_b = by(report["county_rows"], "county")["Län B"]
    kommun = by(report["org_type_rows"], "org_type")[K]

    for url, expected in [
        (county_b["members_url"], {"Bby", "Bköping"}),
        (county_b["non_members_url"], {"Bstad", "Region B", "Lev AB"}),
        (kommun["members_url"], {"Alby", "Bby", "Bköping"}),
        (report["summary"]["members_url"], {"Alby", "Bby", "Bköping"}),
    ]:
        rows = table_rows(reader_client.get(url))
        assert {name for name in expected if any(r.startswith(name) for r in rows)} == expected
        assert len(rows) == len(expected)


def test_page_shows_the_share_chart_and_the_tables(world, reader_client):
    response = reader_client.get(reverse("reports:membership"), {"year": 2024})

    html = page(response)
    assert response.status_code == 200
    assert 'role="img"' in html and "<title" in html  # the accessible SVG chart
    assert html.count('class="report-chart-bar"') == 2  # a bar per county with a population
    # Bars as long as the shares, 11/32 and 42/47 of the 380 units for 100 %.
    assert 'width="130.6"' in html and 'width="339.6"' in html
    assert 'data-number="share-of-sweden">67,1 %' in html  # 53 000 / 79 000, in Swedish
    assert f"county={world.counties.b.pk}" in html  # the counts link to the members list


def test_newest_population_year_is_the_default(world, reader_client):
    response = reader_client.get(reverse("reports:membership"))

    assert response.context["summary"]["year"] == 2024
    assert response.context["summary"]["share_of_sweden"] == Fraction(53_000, 79_000)


def test_filters_stay_in_the_url_and_in_the_form(world, reader_client):
    query = {"year": "2023", "county": str(world.counties.a.pk), "org_type": K}
    response = reader_client.get(reverse("reports:membership"), query)

    assert response.context["filters"] == ReportFilters(
        year=2023, county=world.counties.a.pk, org_type=K
    )
    html = page(response)
    assert '<option value="2023" selected>' in html
    assert f'<option value="{world.counties.a.pk}" selected>' in html
    # The tabs to the other reports keep the filters.
    assert f'href="{reverse("reports:services")}?year=2023&amp;county=' in html


def test_an_invalid_filter_is_shown_and_left_out(world, reader_client):
    response = reader_client.get(reverse("reports:membership"), {"year": "1850", "org_type": K})

    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert response.context["filters"] == ReportFilters(org_type=K)
    assert response.context["summary"]["year"] == 2024


def joint_body(name, status, covers, **dates):
    body = MemberFactory(name=name, org_type=Member.OrgType.KOMMUNALFORBUND, status=status)
    for municipality in covers:
        Coverage.objects.create(body=body, municipality=municipality, **dates)
    return body


def test_municipalities_covered_through_a_joint_body_count_once_beside_the_members(world):
    m = world.m
    # Aby through two member bodies (counted once); Alby is a member itself (not again).
    joint_body("Förbund Ett", Member.Status.MEMBER, [m.aby, m.alby])
    joint_body("Nämnd Två", Member.Status.MEMBER, [m.aby])
    # Not counted: a body that is not a member, and a coverage that has ended.
    joint_body("Gamla förbundet", Member.Status.NOT_MEMBER, [m.bstad])
    joint_body("Förbund Tre", Member.Status.MEMBER, [m.bstad], end=datetime.date(2020, 1, 1))

    report = membership_report(ReportFilters(), year=2024)

    assert [(row["municipality"], row["via"]) for row in report["via_rows"]] == [
        ("Aby", "Förbund Ett, Nämnd Två")
    ]
    summary = report["summary"]
    assert (summary["via_bodies"], summary["via_population"]) == (1, 21_000)
    assert summary["share_with_via"] == Fraction(53_000 + 21_000, 79_000)
    assert summary["type_members"] == 3  # the members themselves as before


def test_the_report_page_names_the_body_a_municipality_is_covered_through(world, editor_client):
    joint_body("Förbund Ett", Member.Status.MEMBER, [world.m.aby])

    html = page(editor_client.get(reverse("reports:membership"), {"year": 2024}))

    table = html[html.index('id="via-bodies-table"') :]
    assert re.search(r"Aby</a></th>\s*<td[^>]*>Län A</td>\s*<td[^>]*>Förbund Ett</td>", table)
    assert 'data-number="via-bodies">Dessutom omfattas 1 kommun genom ett förbund' in html
    assert "93,7\xa0%" in html or "93,7 %" in html  # (53 000 + 21 000) / 79 000


def test_a_county_filter_narrows_the_covered_municipalities(world):
    joint_body("Förbund Ett", Member.Status.MEMBER, [world.m.aby])

    report = membership_report(ReportFilters(county=world.counties.b.pk), year=2024)

    assert report["via_rows"] == []


def test_the_map_shows_a_municipality_covered_through_a_joint_body(world, editor_client):
    joint_body("Förbund Ett", Member.Status.MEMBER, [world.m.aby])

    response = editor_client.get(reverse("reports:membership"), {"year": 2024})

    shown = response.context["map"].shown
    assert shown["4102"].category.key == "via-body"  # Aby
    assert shown["4102"].title.endswith("medlem genom Förbund Ett")
    assert shown["4101"].category.key == "member"  # Alby, a member itself
    assert "Medlem genom förbund eller nämnd" in page(response)  # in the legend
