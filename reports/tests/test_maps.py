"""Sweden on a map: every municipality coloured by its membership, or by a service's contracts
in force, each a link to its page with its name, population and status; downloadable as SVG."""

import csv
import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.tests.factories import UserFactory
from members.models import County, Member
from members.services import register_load
from reports import maps
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
REGISTER = Path(__file__).resolve().parents[2] / "members" / "data" / "register.csv"


@pytest.fixture(scope="module")
def register(django_db_setup, django_db_blocker):
    """The register as `make run` loads it (290 municipalities with their population in
    2024, 20 regions, all "not a member"), once for the module, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        register_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def sweden(register, db):
    """Stockholm a member, Göteborg a former member, the other municipalities not."""
    municipality = {m.kommunkod: m for m in Member.objects.filter(kommunkod__isnull=False)}
    Member.objects.filter(kommunkod="0180").update(status=Member.Status.MEMBER)
    Member.objects.filter(kommunkod="1480").update(status=Member.Status.FORMER_MEMBER)
    return municipality


def areas(html: str) -> dict[str, tuple[str, str]]:
    """href -> (CSS class, title) of every municipality link on a page's map."""
    return {
        href: (css, title)
        for href, title, css in re.findall(
            r'<a href="([^"]+)" aria-label="[^"]*"><title>([^<]*)</title><path class="([^"]+)"',
            html,
        )
    }


def legend(html: str) -> dict[str, int]:
    return {
        key: int(count)
        for key, count in re.findall(
            r'<li data-category="([^"]+)">.*?<strong data-count>(\d+)</strong>', html
        )
    }


# --- The boundaries ----------------------------------------------------------------------------


def test_every_municipality_of_the_register_has_a_shape_built_once():
    with REGISTER.open(encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(f) if row["org_type"] == "kommun"}
    geometry = maps.geometry()

    assert {area.code for area in geometry.areas} == codes
    assert all(area.d.startswith("M") and area.d.endswith("z") for area in geometry.areas)
    assert geometry.borders.startswith("M")
    assert maps.geometry() is geometry  # projected once per process, coloured per request


def test_the_page_colours_agree_with_the_downloaded_file():
    """reports/map.css and the categories' colours (used in the downloaded file) are one."""
    css = (Path(maps.__file__).parent / "static" / "reports" / "map.css").read_text()
    for category in maps.ALL_CATEGORIES:
        rule = re.search(rf"\.{category.css_class} {{ fill: (#[0-9a-f]{{6}}); }}", css)
        assert rule is not None, category.css_class
        assert rule.group(1) == category.colour


# --- Membership ----------------------------------------------------------------------------------


def test_the_membership_map_colours_each_municipality_by_its_status(reader_client, sweden):
    response = reader_client.get(reverse("reports:membership"))
    html = response.content.decode()
    shown = areas(html)

    assert len(shown) == 290
    stockholm = shown[sweden["0180"].get_absolute_url()]
    assert stockholm == ("map-member", "Stockholm · 995\xa0574 invånare (2024) · Medlem")
    assert shown[sweden["1480"].get_absolute_url()][0] == "map-former"
    kiruna = shown[sweden["2584"].get_absolute_url()]
    assert kiruna == ("map-not-member", "Kiruna · 22\xa0426 invånare (2024) · Ej medlem")
    sweden["2584"].population_figures.all().delete()
    unknown = reader_client.get(reverse("reports:membership")).content
    assert "Kiruna · folkmängd okänd · Ej medlem" in unknown.decode()
    assert legend(html) == {"member": 1, "via-body": 0, "former": 1, "not-member": 288}
    assert "Medlem: <strong data-count>1</strong>" in html
    assert 'style="' not in html.split('class="crm-map"')[1].split("</svg>")[0]


def test_a_chosen_county_leaves_the_others_white(reader_client, sweden):
    stockholms_lan = County.objects.get(code="01")

    html = reader_client.get(reverse("reports:membership"), {"county": stockholms_lan.pk})
    counts = legend(html.content.decode())

    in_county = Member.objects.filter(org_type="kommun", county=stockholms_lan).count()
    assert counts == {
        "member": 1,
        "via-body": 0,
        "former": 0,
        "not-member": in_county - 1,
        "outside": 290 - 26,
    }
    shown = areas(html.content.decode())
    assert shown[sweden["1480"].get_absolute_url()][0] == "map-outside"


def test_no_map_for_an_organisation_type_other_than_municipality(reader_client, sweden):
    response = reader_client.get(reverse("reports:membership"), {"org_type": "region"})

    assert response.context["map"] is None
    assert "Kartan visar kommuner" in response.content.decode()
    assert areas(response.content.decode()) == {}
    download = reader_client.get(reverse("reports:membership_map"), {"org_type": "region"})
    assert download.status_code == 404


def test_the_membership_map_downloads_as_an_svg_file(reader_client, sweden):
    response = reader_client.get(reverse("reports:membership_map"), {"year": "2024"})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="medlemskarta-{today}.svg"'
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    links = root.findall(f".//{SVG}a")
    assert len(links) == 290
    stockholm = next(a for a in links if a.get("href").endswith(sweden["0180"].get_absolute_url()))
    assert stockholm.get("href").startswith("http://testserver/")  # works from the file too
    assert stockholm.find(f"{SVG}path").get("fill") == maps.MEMBER.colour
    text = "".join(root.itertext())
    assert "Medlem: 1" in text and "Tidigare medlem: 1" in text and "Ej medlem: 288" in text


def test_the_page_links_to_the_download_with_its_filters(reader_client, sweden):
    county = County.objects.get(code="14")
    response = reader_client.get(reverse("reports:membership"), {"county": county.pk})
    url = response.context["map"].download_url

    assert url == f"{reverse('reports:membership_map')}?county={county.pk}"
    assert f'href="{url}" download' in response.content.decode()
    unfiltered = reader_client.get(reverse("reports:membership")).context["map"]
    assert unfiltered.download_url == reverse("reports:membership_map")


@pytest.mark.parametrize("name", ["reports:membership_map", "reports:services_map"])
def test_a_download_asked_for_a_table_export_answers_400(name, reader_client, sweden):
    response = reader_client.get(reverse(name), {"_export": "csv", "table": "county"})

    assert response.status_code == 400


@pytest.mark.parametrize("name", ["reports:membership_map", "reports:services_map"])
def test_the_downloads_need_a_role(name, login, client, sweden):
    assert login(UserFactory(username="ingen")).get(reverse(name)).status_code == 403
    assert client.get(reverse(name)).status_code == 302


# --- Coverage ------------------------------------------------------------------------------------


@pytest.fixture
def egil(sweden):
    """EGIL in force for Göteborg and for Region Norrbotten (so all of Norrbotten's
    municipalities); Stockholm's contract has ended, Kiruna's is only a draft."""
    service = ServiceFactory(name="EGIL")
    norrbotten = Member.objects.get(org_type="region", county__code="25")
    ContractFactory(service=service, parties=[sweden["1480"], norrbotten])
    ContractFactory(
        service=service,
        parties=[sweden["0180"]],
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    ContractFactory(service=service, parties=[sweden["2584"]], status=Contract.Status.DRAFT)
    ContractFactory(service=ServiceFactory(name="Digidel"), parties=[sweden["0180"]])
    return service


def test_a_service_page_maps_the_municipalities_its_contracts_cover(reader_client, egil, sweden):
    html = reader_client.get(egil.get_absolute_url()).content.decode()
    shown = areas(html)

    assert shown[sweden["1480"].get_absolute_url()][0] == "map-party"
    kiruna = shown[sweden["2584"].get_absolute_url()]
    assert kiruna[0] == "map-via-region"  # through Region Norrbotten, not its draft
    assert kiruna[1].endswith("täcks genom Region Norrbotten")
    assert shown[sweden["0180"].get_absolute_url()][0] == "map-not-covered"  # ended
    norrbotten = Member.objects.filter(org_type="kommun", county__code="25").count()
    assert legend(html) == {"party": 1, "via-region": norrbotten, "not-covered": 289 - norrbotten}
    assert f"{reverse('reports:services_map')}?service={egil.pk}" in html


def test_the_services_report_maps_one_service_or_any(reader_client, egil, sweden):
    url = reverse("reports:services")
    any_service = legend(reader_client.get(url).content.decode())
    one = reader_client.get(url, {"service": egil.pk})

    assert any_service["party"] == 2  # Göteborg (EGIL) and Stockholm (Digidel)
    assert legend(one.content.decode())["party"] == 1
    assert one.context["map_service"] == egil.pk
    assert 'aria-current="true" href="?service=' in one.content.decode()


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1" * 30, "²", "٣"])
def test_an_unknown_service_shows_every_service_and_says_so(reader_client, egil, value):
    response = reader_client.get(reverse("reports:services"), {"service": value})

    assert response.status_code == 200
    assert f"Det finns ingen tjänst ”{value}”" in response.content.decode()
    assert legend(response.content.decode())["party"] == 2
    download = reader_client.get(reverse("reports:services_map"), {"service": value})
    assert download.status_code == 404


def test_the_coverage_map_downloads_as_an_svg_file(reader_client, egil, sweden):
    response = reader_client.get(reverse("reports:services_map"), {"service": egil.pk})

    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert 'filename="tackningskarta-' in response["Content-Disposition"]
    root = ET.fromstring(response.content)
    fills = {
        a.get("href").removeprefix("http://testserver"): a.find(f"{SVG}path").get("fill")
        for a in root.findall(f".//{SVG}a")
    }
    assert fills[sweden["1480"].get_absolute_url()] == maps.PARTY.colour
    assert fills[sweden["2584"].get_absolute_url()] == maps.VIA_REGION.colour
    assert fills[sweden["0180"].get_absolute_url()] == maps.NOT_COVERED.colour


def test_choosing_a_service_costs_one_query(editor_client, egil, django_assert_num_queries):
    from reports.tests.test_pages import PAGES

    with django_assert_num_queries(PAGES["reports:services"] + 1):  # the chosen service
        editor_client.get(reverse("reports:services"), {"service": egil.pk})
