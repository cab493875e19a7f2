"""Query counts of every list and detail page, pinned, and the same for 5 rows as for 50.

Every page starts with the same four queries:

    session, user, the user's own permissions, the user's groups' permissions

(the session is saved only when it is due for renewal, see core.middleware), so a page's
pinned count is 4 plus the queries named in its comment. A count that grows with
the number of rows is an N+1: a query per row in a table or a template loop.
"""

import datetime
import itertools

import pytest
from django.urls import reverse

from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory, ContractPartyFactory
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from notes.tests.factories import NoteFactory
from services.tests.factories import ServiceFactory

from .html import table_rows

pytestmark = pytest.mark.django_db

EVERY_PAGE = 4  # session, user, 2 × permissions


# --- Lists --------------------------------------------------------------------------------------
# Each maker adds ``n`` rows with everything the table shows filled in, sharing nothing a
# table column reads per row (so a missing select_related shows as a growing count).


def members(n):
    for i in range(n):
        MemberFactory(municipality=True, county=CountyFactory(code=f"{i % 21 + 1:02d}"))


def services(n):
    for _ in range(n):
        ContractFactory.create_batch(2, service=ServiceFactory())


def contracts(n):
    for _ in range(n):
        ContractFactory(parties=[MemberFactory(), MemberFactory()])


def contacts(n):
    for _ in range(n):
        ContactFactory(last_verified=datetime.date(2025, 1, 1))


def deals(n):
    for _ in range(n):
        DealFactory(owner=UserFactory(), value=100_000)


def leads(n):
    for _ in range(n):
        LeadFactory(member=MemberFactory(), owner=UserFactory())


def notes(n):
    subjects = [
        lambda: {"member": MemberFactory()},
        lambda: {"member": None, "deal": DealFactory()},
        lambda: {"member": None, "lead": LeadFactory()},
        lambda: {"member": None, "contact": ContactFactory()},
        lambda: {"member": None, "contract": ContractFactory()},
    ]
    for i in range(n):
        NoteFactory(**subjects[i % len(subjects)]())


LISTS = {
    # one page of members with their counties (no COUNT: LazyPaginator fetches 51 rows);
    # the county and service filters' options
    "members": (members, EVERY_PAGE + 3),
    # one page of services, each with its contract count (one GROUP BY)
    "services": (services, EVERY_PAGE + 1),
    # one page of contracts with services and party counts; the service filter's options
    "contracts": (contracts, EVERY_PAGE + 2),
    # one page of contacts with their members
    "contacts": (contacts, EVERY_PAGE + 1),
    # one page of deals with members, services and owners; the service and owner filters'
    # options
    "deals": (deals, EVERY_PAGE + 3),
    # one page of leads with members and owners; the owner filter's options
    "leads": (leads, EVERY_PAGE + 2),
    # one page of notes with authors and every kind of subject; the author filter's options
    "notes": (notes, EVERY_PAGE + 2),
}


@pytest.mark.parametrize("app", LISTS)
def test_list_page_queries_do_not_grow_with_the_rows(reader_client, django_assert_num_queries, app):
    make, expected = LISTS[app]
    url = reverse(f"{app}:list")

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


def member_page():
    member = MemberFactory(municipality=True, county=CountyFactory())
    years = itertools.count(1970)

    def add(n):
        for _ in range(n):
            ContactFactory(member=member)
            ContractFactory(parties=[member], service=ServiceFactory())
            DealFactory(member=member, owner=UserFactory())
            PopulationFigureFactory(member=member, year=next(years))
            NoteFactory(member=member, author=UserFactory())

    return member, add


def service_page():
    service = ServiceFactory()

    def add(n):
        for _ in range(n):
            ContractFactory(service=service, parties=[MemberFactory(county=CountyFactory())])

    return service, add


def contract_page():
    contract = ContractFactory(origin_deal=DealFactory(), parties=[])

    def add(n):
        for _ in range(n):
            ContractPartyFactory(contract=contract)
            NoteFactory(contract=contract, member=None, author=UserFactory())

    return contract, add


def contact_page():
    contact = ContactFactory()

    def add(n):
        for _ in range(n):
            DealFactory(member=contact.member).contacts.add(contact)
            lead = LeadFactory(converted_contact=contact, status=Lead.Status.CONVERTED)
            NoteFactory(contact=contact, member=None, author=UserFactory())
            NoteFactory(lead=lead, member=None, author=UserFactory())

    return contact, add


def deal_page():
    deal = DealFactory(lead=LeadFactory(), owner=UserFactory())
    ContractFactory(origin_deal=deal)

    def add(n):
        for _ in range(n):
            deal.contacts.add(ContactFactory(member=deal.member))
            NoteFactory(deal=deal, member=None, author=UserFactory())
            NoteFactory(lead=deal.lead, member=None, author=UserFactory())

    return deal, add


def lead_page():
    lead = LeadFactory(member=MemberFactory(), owner=UserFactory())

    def add(n):
        for _ in range(n):
            NoteFactory(lead=lead, member=None, author=UserFactory())

    return lead, add


DETAILS = {
    # the member with county and who changed it; the history panel (notes with authors and
    # subjects); membership changes; contacts; services in use; contract links with contracts
    # and services; deals with services and owners; population figures
    "members": (member_page, EVERY_PAGE + 8),
    # the service; members using it, with counties; its contracts with party counts; the
    # map's covering parties and municipalities
    "services": (service_page, EVERY_PAGE + 5),
    # the contract with service, origin deal and its member, renewals; the history panel;
    # parties with their members
    "contracts": (contract_page, EVERY_PAGE + 3),
    # the contact with member; the history panel (its notes and its leads'); deals with
    # members and services; the leads it came from
    "contacts": (contact_page, EVERY_PAGE + 4),
    # the deal with member, service, owner, lead and contract; the history panel (its notes
    # and its lead's); contacts
    "deals": (deal_page, EVERY_PAGE + 3),
    # the lead with member, owner, contact and deal; the history panel
    "leads": (lead_page, EVERY_PAGE + 2),
}


@pytest.mark.parametrize("app", DETAILS)
def test_detail_page_queries_do_not_grow_with_related_rows(
    reader_client, django_assert_num_queries, app
):
    make, expected = DETAILS[app]
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
    # one query per record type, each with what its hits show (member, service, author)
    expected = EVERY_PAGE + 7

    add(2)
    with django_assert_num_queries(expected):
        reader_client.get(url)
    add(10)  # more than a group shows
    with django_assert_num_queries(expected):
        reader_client.get(url)
