"""Query counts of every list and detail page, pinned, and the same for 5 rows as for 50.

Every page starts with the same four queries:

    session, user, the user's own permissions, the user's groups' permissions

(the session is saved only when it is due for renewal, see core.middleware), so a page's
pinned count is 4 plus the queries named in its comment: beside each record type's entry in
tests/record_types.py (list_queries, detail_queries), and here for the other pages. A count
that grows with the number of rows is an N+1: a query per row in a table or a template loop.
"""

import itertools

import pytest
from django.urls import reverse

from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory, ContractPartyFactory
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from notes.tests.factories import NoteFactory
from services.tests.factories import ServiceFactory

from .html import table_rows
from .record_types import EVERY_PAGE, RECORD_TYPES

pytestmark = pytest.mark.django_db


# --- Lists --------------------------------------------------------------------------------------
# Each maker adds ``n`` rows with everything the table shows filled in, sharing nothing a
# table column reads per row (so a missing select_related shows as a growing count).


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=str)
def test_list_page_queries_do_not_grow_with_the_rows(reader_client, django_assert_num_queries, rt):
    make, expected = rt.rows, rt.list_queries
    url = rt.url("list")

    make(5)
    with django_assert_num_queries(expected):
        response = reader_client.get(url)
    assert len(table_rows(response)) == 5

    make(45)
    with django_assert_num_queries(expected):
        response = reader_client.get(url)
    assert len(table_rows(response)) == 50


# --- Details ------------------------------------------------------------------------------------
# Each maker returns a record and a function adding ``n`` of each kind of row its page lists.


@pytest.mark.parametrize("rt", [rt for rt in RECORD_TYPES if rt.detail], ids=str)
def test_detail_page_queries_do_not_grow_with_related_rows(
    reader_client, django_assert_num_queries, rt
):
    make, expected = rt.detail, rt.detail_queries
    obj, add = make()
    url = obj.get_absolute_url()

    add(5)
    with django_assert_num_queries(expected):
        small = reader_client.get(url)
    add(45)
    with django_assert_num_queries(expected):
        large = reader_client.get(url)

    assert small.status_code == large.status_code == 200
    assert len(large.content) > len(small.content)  # the 45 new rows are on the page


def test_note_detail_page_queries(reader_client, django_assert_num_queries):
    """A note lists nothing of its own: one query for the note, its author and subjects."""
    note = NoteFactory(
        deal=DealFactory(), contract=ContractFactory(), contact=ContactFactory(), lead=LeadFactory()
    )

    with django_assert_num_queries(EVERY_PAGE + 1):
        response = reader_client.get(note.get_absolute_url())

    assert note.member.name in response.content.decode()
    assert note.contract.title in response.content.decode()


# --- Search -------------------------------------------------------------------------------------


def test_global_search_queries_do_not_grow_with_the_hits(reader_client, django_assert_num_queries):
    numbers = itertools.count()

    def add(n):
        for i in itertools.islice(numbers, n):
            member = MemberFactory(name=f"Söderköping {i}")
            ContactFactory(member=member, last_name=f"Söderköping{i}")
            LeadFactory(member=member, organisation_name=f"Söderköping {i}")
            DealFactory(member=member, title=f"Söderköping {i}")
            ContractFactory(title=f"Söderköping {i}", parties=[member])
            ServiceFactory(name=f"Söderköping {i}")
            NoteFactory(member=member, text=f"Söderköping {i}")

    url = f"{reverse('search')}?q=söderköping"
    # one query per record type, each with what its hits show (member, service, author,
    # assignee)
    expected = EVERY_PAGE + 8

    add(2)
    with django_assert_num_queries(expected):
        reader_client.get(url)
    add(10)  # more than a group shows
    with django_assert_num_queries(expected):
        reader_client.get(url)


# --- Admin ---------------------------------------------------------------------------------------
# Every admin page starts with session, user and the user's authenticator (two-factor login).

ADMIN_PAGE = 3


def admin_member_page():
    member = MemberFactory(municipality=True, county=CountyFactory())
    years = itertools.count(1970)

    def add(n):
        for _ in range(n):
            ContactFactory(member=member)
            PopulationFigureFactory(member=member, year=next(years))

    return member, add


def admin_contract_page():
    contract = ContractFactory(origin_deal=DealFactory(), parties=[])

    def add(n):
        for _ in range(n):
            ContractPartyFactory(contract=contract)

    return contract, add


def admin_deal_page():
    deal = DealFactory(owner=UserFactory())

    def add(n):
        for _ in range(n):
            NoteFactory(deal=deal, member=None, author=UserFactory())

    return deal, add


def admin_lead_page():
    lead = LeadFactory(member=MemberFactory(), owner=UserFactory())

    def add(n):
        for _ in range(n):
            NoteFactory(lead=lead, member=None, author=UserFactory())

    return lead, add


ADMIN_CHANGE_PAGES = {
    # the member; its first contacts; its population figures; the chosen county
    "members": (admin_member_page, ADMIN_PAGE + 4),
    # the contract; its parties with their members; the chosen service and origin deal; the
    # users to choose the responsible case officer from; and the savepoint and its release
    # around the page (its writes go through the services)
    "contracts": (admin_contract_page, ADMIN_PAGE + 7),
    # the deal; its contacts; its latest notes with authors; the chosen member, service and
    # owner
    "deals": (admin_deal_page, ADMIN_PAGE + 6),
    # the lead; its latest notes with authors; the chosen member and owner
    "leads": (admin_lead_page, ADMIN_PAGE + 4),
}


@pytest.mark.parametrize("app", ADMIN_CHANGE_PAGES)
def test_admin_change_page_queries_do_not_grow_with_related_rows(
    login, admin_user, django_assert_num_queries, app
):
    make, expected = ADMIN_CHANGE_PAGES[app]
    obj, add = make()
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    client = login(admin_user)

    add(3)
    client.get(url)  # content types are cached after the first admin page
    with django_assert_num_queries(expected):
        small = client.get(url)
    add(27)
    with django_assert_num_queries(expected):
        large = client.get(url)

    assert small.status_code == large.status_code == 200
    assert len(large.content) > len(small.content)
