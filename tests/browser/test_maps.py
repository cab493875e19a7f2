"""The maps in a real browser: every municipality painted in the colour of its status (or of
its coverage by a service), a link that opens its page by mouse and by keyboard, nothing the
CSP refuses, the map kept in colour on paper, and the SVG download."""

import re

import pytest
from playwright.sync_api import expect

from contracts.tests.factories import ContractFactory
from core.roles import READER
from members.models import Member
from members.services import register_load
from reports import maps
from services.tests.factories import ServiceFactory

from .test_contacts import log_in
from .test_csp import COLLECT_VIOLATIONS, violations

# Every municipality link on the map: its address and the fill the browser paints.
PAINTED = """
() => Object.fromEntries([...document.querySelectorAll("svg.crm-map a")].map(
  (a) => [a.getAttribute("href"), getComputedStyle(a.querySelector("path")).fill]))
"""


def rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture
def sweden(roles):
    """The register, with a few members and former members."""
    register_load()
    municipalities = Member.objects.filter(org_type=Member.OrgType.KOMMUN)
    municipalities.filter(kommunkod__in=["0180", "2584", "1280"]).update(
        status=Member.Status.MEMBER
    )
    municipalities.filter(kommunkod="1480").update(status=Member.Status.FORMER_MEMBER)
    return {m.kommunkod: m for m in municipalities}


@pytest.fixture
def watched(page):
    page.context.add_init_script(COLLECT_VIOLATIONS)
    return page


def test_the_membership_map_shows_the_data_its_links_work_it_prints_and_downloads(
    watched, sweden, tmp_path
):
    page = watched
    log_in(page, READER)
    page.goto("/reports/membership/")

    painted = page.evaluate(PAINTED)
    expected = {
        m.get_absolute_url(): rgb(maps.STATUS_CATEGORY[m.status].colour) for m in sweden.values()
    }
    assert painted == expected
    assert violations(page) == []

    # Hover text and accessible name: name, population, status.
    kiruna = page.locator(f"svg.crm-map a[href='{sweden['2584'].get_absolute_url()}']")
    expect(kiruna.locator("title")).to_have_text("Kiruna · 22\xa0426 invånare (2024) · Medlem")
    expect(kiruna).to_have_accessible_name(re.compile(r"^Kiruna · .* · Medlem$"))
    expect(page.locator("[data-map-legend] [data-category=member] [data-count]")).to_have_text("3")

    kiruna.click()
    expect(page).to_have_url(re.compile(rf"{sweden['2584'].get_absolute_url()}$"))
    expect(page.locator("h1")).to_have_text("Kiruna")

    # By keyboard: the map's links are in the tab order, Enter opens one.
    page.go_back()
    page.locator("svg.crm-map a").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"{focused}$"))

    # Downloaded as an SVG file of its own.
    page.go_back()
    with page.expect_download() as download:
        page.locator("#membership-map .map-download a").click()
    assert re.fullmatch(r"medlemskarta-\d{4}-\d\d-\d\d\.svg", download.value.suggested_filename)
    path = tmp_path / "karta.svg"
    download.value.save_as(path)
    svg = path.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and svg.count("<a href=") == 290
    assert f'fill="{maps.FORMER_MEMBER.colour}"' in svg

    # On paper: in colour, without the menus and filters.
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("form.report-filters")).to_be_hidden()
    expect(page.locator("svg.crm-map")).to_be_visible()
    assert page.evaluate(PAINTED) == expected
    adjust = page.evaluate(
        "getComputedStyle(document.querySelector('svg.crm-map')).printColorAdjust"
    )
    assert adjust == "exact"
    assert violations(page) == []


def test_a_services_map_shows_what_a_service_covers(watched, sweden):
    page = watched
    egil = ServiceFactory(name="EGIL")
    norrbotten = Member.objects.get(org_type=Member.OrgType.REGION, county__code="25")
    ContractFactory(service=egil, parties=[sweden["1480"], norrbotten])
    log_in(page, READER)
    page.goto("/reports/services/")

    page.get_by_role("navigation", name="Tjänst som visas på kartan").get_by_text("EGIL").click()
    expect(page).to_have_url(re.compile(rf"service={egil.pk}"))

    painted = page.evaluate(PAINTED)
    in_norrbotten = {m.get_absolute_url() for m in sweden.values() if m.kommunkod[:2] == "25"}
    for url, fill in painted.items():
        if url == sweden["1480"].get_absolute_url():
            assert fill == rgb(maps.PARTY.colour)
        elif url in in_norrbotten:
            assert fill == rgb(maps.VIA_REGION.colour), url
        else:
            assert fill == rgb(maps.NOT_COVERED.colour), url
    assert violations(page) == []
