"""The service participation report (members × services) against conftest.world."""

import pytest
from django.urls import reverse

from reports.selectors import ReportFilters, service_participation
from reports.tests.test_exports import csv_rows, export
from reports.views import ServiceParticipationReportView
from tests.html import page

pytestmark = pytest.mark.django_db


def test_matrix_is_derived_from_contracts_in_force(world):
    report = service_participation(ReportFilters(), year=2024)

    columns = [row["service"] for row in report["service_rows"]]
    # Alphabetical; "Gammal" has ended and nobody uses it, "Ny tjänst" is offered but unused.
    assert columns == ["Digidel", "EGIL", "Ny tjänst"]
    matrix = {row["member"]: (row["uses"], row["services"]) for row in report["matrix_rows"]}
    assert matrix == {
        # C1 (EGIL) and C8 (Digidel); not C4, which has ended.
        "Bby": ([True, True, False], 2),
        "Alby": ([False, True, False], 1),  # C1
        "IT AB": ([True, False, False], 1),  # C3
        "Region A": ([True, False, False], 1),  # C3 and C9, counted once
    }
    # Aby (C2 is past its end date), Bstad (C5 has not started) and Bköping (C7 is a
    # draft) use nothing.
    assert [row["member"] for row in report["matrix_rows"]] == ["Alby", "Bby", "IT AB", "Region A"]


def test_totals_per_service_count_a_region_for_its_whole_county(world):
    report = service_participation(ReportFilters(), year=2024)
    rows = {row["service"]: row for row in report["service_rows"]}

    assert (rows["EGIL"]["members"], rows["EGIL"]["of_which_members"]) == (2, 2)
    assert rows["EGIL"]["members_url"] == world.s.egil.get_absolute_url()
    assert rows["EGIL"]["population_covered"] == 11_000 + 42_000  # Alby, Bby
    assert (rows["Digidel"]["members"], rows["Digidel"]["of_which_members"]) == (3, 3)
    # Region A covers county A (32 000); Bby is in county B; IT AB covers no one.
    assert rows["Digidel"]["population_covered"] == 32_000 + 42_000
    assert (rows["Ny tjänst"]["members"], rows["Ny tjänst"]["population_covered"]) == (0, 0)
    # Alby is inside Region A, so the union is Region A and Bby.
    assert report["summary"] == {"members": 4, "population_covered": 74_000}


def test_year_and_filters(world):
    in_2023 = service_participation(ReportFilters(year=2023), year=2023)
    assert {r["service"]: r["population_covered"] for r in in_2023["service_rows"]} == {
        "Digidel": 30_000 + 40_000,
        "EGIL": 10_000 + 40_000,
        "Ny tjänst": 0,
    }

    county_a = service_participation(ReportFilters(county=world.counties.a.pk), year=2024)
    assert [row["member"] for row in county_a["matrix_rows"]] == ["Alby", "Region A"]
    # The service's page cannot list only county A's members: no link.
    assert all(row["members_url"] is None for row in county_a["service_rows"])
    assert {r["service"]: r["members"] for r in county_a["service_rows"]} == {
        "Digidel": 1,
        "EGIL": 1,
        "Ny tjänst": 0,
    }

    companies = service_participation(ReportFilters(org_type="foretag"), year=2024)
    assert [row["member"] for row in companies["matrix_rows"]] == ["IT AB"]
    assert companies["summary"] == {"members": 1, "population_covered": 0}


def test_page_links_each_member_and_service_to_its_own_page(world, reader_client):
    response = reader_client.get(reverse("reports:services"))

    html = page(response)
    assert response.status_code == 200
    assert f'href="{world.m.bby.get_absolute_url()}"' in html  # "which services does Bby use"
    assert f'href="{world.s.egil.get_absolute_url()}"' in html  # "which members use EGIL"
    assert html.count('data-uses="') == 5  # the five (member, service) pairs in force
    # The service page lists the same members as the report's column.
    service_page = page(reader_client.get(world.s.egil.get_absolute_url()))
    assert "Alby" in service_page and "Bby" in service_page and "Bstad" not in service_page


def test_the_matrix_pages_through_members_and_the_export_has_them_all(
    world, reader_client, monkeypatch
):
    monkeypatch.setattr(ServiceParticipationReportView, "matrix_rows_per_page", 3)
    url = reverse("reports:services")

    first, second = page(reader_client.get(url)), page(reader_client.get(url, {"page": 2}))
    assert "Alby" in first and "Region A" not in first
    assert "Region A" in second and "Alby" not in second
    assert 'href="?page=2#services-matrix"' in first
    assert "1–3" in first and "4–4" in second  # "Medlem 1–3 av 4"
    sheet = csv_rows(export(reader_client, "services", "matrix", "csv"))
    assert [row[0] for row in sheet[1:]] == ["Alby", "Bby", "IT AB", "Region A"]
