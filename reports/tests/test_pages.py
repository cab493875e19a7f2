"""Who may open the reports, and the query counts of the start page and every report,
pinned and the same for a small CRM as for a larger one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from notes.tests.factories import NoteFactory
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

REPORTS = [
    "reports:index",
    "reports:membership",
    "reports:services",
    "reports:contracts",
    "reports:pipeline",
]

# Every page: session, user, the user's and the user's groups' permissions.
EVERY_PAGE = 4


@pytest.mark.parametrize("name", REPORTS)
def test_every_role_may_read_the_reports(name, reader_client, editor_client, administrator_client):
    url = reverse(name)
    for client in (reader_client, editor_client, administrator_client):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", REPORTS)
def test_a_user_without_a_role_may_not(name, login):
    assert login(UserFactory(username="ingen")).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", REPORTS)
def test_anonymous_users_are_sent_to_log_in(name, client):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_reports_are_in_the_menu(reader_client):
    html = reader_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reports:index")}"' in html


# --- Query counts -------------------------------------------------------------------------------

_numbers = iter(range(10_000))


def grow(n, owner):
    """``n`` more of everything the start page and the reports count, nothing shared, so a
    query per row or per column shows as a growing count."""
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=400)
    for _ in range(n):
        i = next(_numbers)
        county = CountyFactory(code=f"{i % 21 + 1:02d}")
        member = MemberFactory(
            municipality=True, county=county, status=Member.Status.MEMBER, kommunkod=f"{i:04d}"
        )
        PopulationFigureFactory(member=member, year=2024, population=1_000 + i)
        PopulationFigureFactory(member=member, year=2023, population=900 + i)
        service = ServiceFactory()
        ContractFactory(
            service=service,
            parties=[member, MemberFactory()],
            value=1_000,
            end_date=today + datetime.timedelta(days=20 + i % 300),
        )
        ContractFactory(
            service=service,
            parties=[member],
            end_date=long_ago,
            start_date=long_ago - datetime.timedelta(days=30),
        )
        deal = DealFactory(
            member=member, service=service, owner=owner, value=5_000, stage=Deal.OPEN_STAGES[i % 4]
        )
        DealFactory(
            member=member,
            stage=Deal.Stage.LOST,
            lost_reason="price",
            closed_on=datetime.date(today.year, 1 + i % 12, 1),
        )
        NoteFactory(deal=deal, member=None)
        LeadFactory(owner=owner, member=member)
        ContactFactory(member=member)


PAGES = {
    # deals by stage, stale deals, ending, overdue, stale leads, stale contacts, outdated
    # populations, latest notes (each list block counts its rows in the same query)
    "home": EVERY_PAGE + 8,
    # nothing but the links
    "reports:index": EVERY_PAGE,
    # population years, counties; members grouped, Sweden's total; municipalities covered
    # through joint bodies (for the table and the map); the map's municipalities
    "reports:membership": EVERY_PAGE + 6,
    # population years, counties; (member, service) pairs in force, services; the map's
    # covering parties and municipalities
    "reports:services": EVERY_PAGE + 6,
    # counties; ending per month, value per service, contracts to look at
    "reports:contracts": EVERY_PAGE + 4,
    # counties; open deals grouped, closed per quarter, the newest notes about open deals,
    # the deals they name (or every open deal with its latest note)
    "reports:pipeline": EVERY_PAGE + 5,
}


@pytest.mark.parametrize("name", PAGES)
def test_query_counts_do_not_grow_with_the_data(
    name, editor, editor_client, django_assert_num_queries
):
    url = reverse(name)
    grow(5, editor)
    with django_assert_num_queries(PAGES[name]):
        small = editor_client.get(url)
    grow(45, editor)
    with django_assert_num_queries(PAGES[name]):
        large = editor_client.get(url)

    assert small.status_code == large.status_code == 200
    if name == "home":
        # The start page shows at most five rows a block; its counts show the new rows.
        small_counts = {key: block.count for key, block in small.context["blocks"].items()}
        large_counts = {key: block.count for key, block in large.context["blocks"].items()}
        grown = ("my_deals", "ending", "overdue", "stale_contacts", "notes")
        assert all(large_counts[key] == 10 * small_counts[key] == 50 for key in grown)
    elif name != "reports:index":
        assert len(large.content) > len(small.content)  # the new rows are on the page


def test_filtered_reports_cost_the_same(editor, editor_client, django_assert_num_queries):
    grow(5, editor)
    county = CountyFactory(code="01")
    query = {"year": "2023", "county": county.pk, "org_type": "kommun"}
    for name in ("reports:membership", "reports:services", "reports:contracts", "reports:pipeline"):
        query["year"] = "2023" if name in ("reports:membership", "reports:services") else ""
        with django_assert_num_queries(PAGES[name]):
            assert editor_client.get(reverse(name), query).status_code == 200
