"""The record types the suites walk, declared once (as NetBox's ``ViewTestCases`` are).

One entry per record type says: how to make one and how its pages label it; form data that
saves and form data that does not; a record that keeps it from being deleted; a column to
sort its list by; rows with everything its list shows (for paging, query counts and exports)
and the filter an export is tried with; its page with rows of every related kind; and the
queries its list and page cost. test_views, test_queries, test_exports, test_search,
test_permissions and test_xss (through urlwalk), core/tests/test_history and the browser
tests read RECORD_TYPES: adding a record type is one entry here, and
test_every_registered_record_type_is_declared fails until it has one.
"""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory, ContractPartyFactory
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import (
    CountyFactory,
    MemberFactory,
    PopulationFigureFactory,
    org_number_for,
)
from notes.models import Note
from notes.tests.factories import NoteFactory
from services.models import Service
from services.tests.factories import ServiceFactory
from tasks.models import Task
from tasks.tests.factories import TaskFactory

# Every page starts with the same four queries: session, user, the user's own permissions,
# the user's groups' permissions (the session is saved only when it is due for renewal, see
# core.middleware). A page's count is this plus the queries named beside it.
EVERY_PAGE = 4
REQUIRED = "Detta fält måste fyllas i."  # Django's own Swedish for "This field is required."


@dataclass
class Submission:
    """A form as a user fills it in, and what the user should then see."""

    data: dict
    # valid: what the saved record holds afterwards (attribute -> value; a set for a m2m)
    expect: dict = field(default_factory=dict)
    # invalid: the field marked wrong, and (part of) the Swedish error shown under it
    error_field: str = ""
    error: str = ""
    # invalid: something the user typed, which the form shown again must still hold
    kept: str = ""


@dataclass(frozen=True)
class RecordType:
    app: str
    model: type
    factory: type  # its factory_boy factory: a record with whatever it needs
    # The views (test_views): one record, shown everywhere as ``label``; form data that saves
    # and form data that does not; a record that refers to the one given (no deleting it).
    make: Callable[[], object]
    label: str
    valid: Callable[[], Submission]
    invalid: Callable[[], Submission]
    blocker: Callable[[object], object] | None
    # A column of its list and the labels it puts in ascending order.
    sort: Callable[[], tuple[str, list[str]]]
    # A record that its list and the search show as ``label`` (test_search).
    named: Callable[[str], object]
    # ``rows(n)``: n records with everything the list shows, each its own related records
    # (so a missing select_related shows as a growing query count), and the labels the list
    # shows them by, in order; and the queries of a page of the list.
    rows: Callable[[int], list[str]]
    list_queries: int
    # The export test: a filter and search that ``rows`` match, the column whose values are
    # the labels, and rows the filter or the search leaves out.
    export_query: dict
    export_key: int
    decoys: Callable[[], list[str]]
    # Its page: (a record, ``add(n)`` adding n rows of every kind the page lists) and its
    # queries; None where the page lists nothing of its own.
    detail: Callable[[], tuple[object, Callable[[int], None]]] | None = None
    detail_queries: int | None = None

    def __str__(self):
        return self.app

    def url(self, page_name, obj=None):
        args = [obj.pk] if page_name in ("detail", "edit", "delete") else []
        return reverse(f"{self.app}:{page_name}", args=args)


# --- Members ---------------------------------------------------------------------------------


def member_valid():
    number = org_number_for(4242)
    return Submission(
        data={
            "name": "Öckerö kommun",
            "org_type": Member.OrgType.KOMMUN,
            "kommunkod": "1407",
            "org_number": number.replace("-", ""),  # typed without the dash
            "website": "www.ockero.se",
            "city": "Öckerö",
        },
        expect={
            "name": "Öckerö kommun",
            "org_number": number,
            "kommunkod": "1407",
            "website": "https://www.ockero.se",
        },
    )


def member_invalid():
    number = org_number_for(4242)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    submission = member_valid()
    submission.data["org_number"] = wrong
    return Submission(
        data=submission.data,
        error_field="org_number",
        error="fel kontrollsiffra",
        kept="Öckerö kommun",
    )


def sort_members():
    MemberFactory(name="Ale kommun", population=31_000, population_year=2024)
    MemberFactory(name="Bjuvs kommun", population=16_000, population_year=2024)
    MemberFactory(name="Dals-Eds kommun", population=4_700, population_year=2024)
    return "population", ["Dals-Eds kommun", "Bjuvs kommun", "Ale kommun"]


def make_members(n):
    return [
        MemberFactory(
            municipality=True,
            name=f"Söderby {i:03d}",
            status=Member.Status.MEMBER,
            member_since=datetime.date(2020, 1, 1),
            last_verified=datetime.date(2025, 5, 1),
            county=CountyFactory(code=f"{i % 21 + 1:02d}"),
            responsible=UserFactory(),
        ).name
        for i in range(n)
    ]


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


MEMBERS = RecordType(
    app="members",
    model=Member,
    factory=MemberFactory,
    make=lambda: MemberFactory(name="Kiruna kommun"),
    label="Kiruna kommun",
    valid=member_valid,
    invalid=member_invalid,
    blocker=lambda member: ContactFactory(member=member),
    sort=sort_members,
    named=lambda label: MemberFactory(name=label),
    rows=make_members,
    # one page of members with their counties and responsible case officers (no COUNT:
    # LazyPaginator fetches 51 rows); the county, service and responsible filters' options
    list_queries=EVERY_PAGE + 4,
    export_query={"status": "member", "q": "söderby"},
    export_key=0,
    decoys=lambda: [
        MemberFactory(name="Söderby utanför", status=Member.Status.NOT_MEMBER).name,
        MemberFactory(name="Norrby", status=Member.Status.MEMBER).name,
    ],
    detail=member_page,
    # the member with county and who changed it; the history panel (notes with authors and
    # subjects); membership changes; contacts; services in use; contract links with contracts
    # and services; deals with services and owners; population figures (the joint bodies it
    # is covered through cost one more, members/tests/test_coverage.py)
    detail_queries=EVERY_PAGE + 8,
)


# --- Services --------------------------------------------------------------------------------


def service_valid():
    return Submission(
        data={
            "name": "Digitalt besöksstöd",
            "kind": Service.Kind.PROJECT,
            "status": Service.Status.PLANNED,
            "description": "Stöd för e-tjänster i äldreomsorgen",
            "started_on": "2025-02-01",
        },
        expect={"name": "Digitalt besöksstöd", "kind": Service.Kind.PROJECT},
    )


def service_invalid():
    ServiceFactory(name="Digitalt besöksstöd")
    return Submission(
        data=service_valid().data,
        error_field="name",
        error="finns redan",  # "Tjänst med detta namn finns redan."
        kept="Stöd för e-tjänster i äldreomsorgen",
    )


def sort_services():
    alfa, beta, _gamma = (ServiceFactory(name=n) for n in ("Alfa", "Beta", "Gamma"))
    ContractFactory.create_batch(2, service=alfa)
    ContractFactory(service=beta)
    return "contract_count", ["Gamma", "Beta", "Alfa"]


def make_services(n):
    names = []
    for _ in range(n):
        service = ServiceFactory(kind=Service.Kind.PROJECT, started_on=datetime.date(2024, 1, 1))
        service.name = f"Söderby {service.pk:04d}"
        service.save()
        ContractFactory(service=service)
        names.append(service.name)
    return names


def service_page():
    service = ServiceFactory()

    def add(n):
        for _ in range(n):
            ContractFactory(service=service, parties=[MemberFactory(county=CountyFactory())])

    return service, add


SERVICES = RecordType(
    app="services",
    model=Service,
    factory=ServiceFactory,
    make=lambda: ServiceFactory(name="Elevhälsa Nord"),
    label="Elevhälsa Nord",
    valid=service_valid,
    invalid=service_invalid,
    blocker=lambda service: ContractFactory(service=service),
    sort=sort_services,
    named=lambda label: ServiceFactory(name=label),
    rows=make_services,
    # one page of services, each with its contract count (one GROUP BY)
    list_queries=EVERY_PAGE + 1,
    export_query={"kind": "project", "q": "söderby"},
    export_key=0,
    decoys=lambda: [
        ServiceFactory(name="Söderby tjänst", kind=Service.Kind.SERVICE).name,
        ServiceFactory(name="Norrby", kind=Service.Kind.PROJECT).name,
    ],
    detail=service_page,
    # the service; members using it, with counties; its contracts with party counts; the
    # map's covering parties and municipalities
    detail_queries=EVERY_PAGE + 5,
)


# --- Contracts -------------------------------------------------------------------------------


def contract_valid():
    service = ServiceFactory(name="E-arkiv")
    first, second = MemberFactory(name="Luleå kommun"), MemberFactory(name="Piteå kommun")
    return Submission(
        data={
            "number": "AVT-2025-17",
            "title": "Avtal om e-arkiv för Norrbotten",
            "service": service.pk,
            "parties": [first.pk, second.pk],  # on the add form only
            "status": Contract.Status.ACTIVE,
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
            "value": "120000",
        },
        expect={
            "number": "AVT-2025-17",
            "title": "Avtal om e-arkiv för Norrbotten",
            "service": service,
            "value": Decimal("120000"),
        },
    )


def contract_invalid():
    ContractFactory(number="AVT-2025-17")
    return Submission(
        data=contract_valid().data,
        error_field="number",
        error="finns redan",  # "Kontrakt med detta kontraktsnummer finns redan."
        kept="Avtal om e-arkiv för Norrbotten",
    )


def sort_contracts():
    for title, end in [("Avtal A", "2027-01-31"), ("Avtal B", "2025-06-30"), ("Avtal C", "2026")]:
        end = datetime.date(2026, 1, 1) if end == "2026" else datetime.date.fromisoformat(end)
        ContractFactory(title=title, end_date=end)
    return "end_date", ["Avtal B", "Avtal C", "Avtal A"]


def make_contracts(n):
    return [
        ContractFactory(
            title="Söderby avtal",
            value=Decimal("1234.50"),
            end_date=datetime.date(2099, 12, 31),
            parties=[MemberFactory(), MemberFactory()],
            responsible=UserFactory(),
        ).number
        for _ in range(n)
    ]


def contract_page():
    contract = ContractFactory(origin_deal=DealFactory(), parties=[])

    def add(n):
        for _ in range(n):
            ContractPartyFactory(contract=contract)
            NoteFactory(contract=contract, member=None, author=UserFactory())

    return contract, add


CONTRACTS = RecordType(
    app="contracts",
    model=Contract,
    factory=ContractFactory,
    make=lambda: ContractFactory(title="Avtal om skolplattform"),
    label="Avtal om skolplattform",
    valid=contract_valid,
    invalid=contract_invalid,
    blocker=lambda contract: NoteFactory(contract=contract, member=None),
    sort=sort_contracts,
    named=lambda label: ContractFactory(title=label),
    rows=make_contracts,
    # one page of contracts with services, responsible case officers and party counts; the
    # service and responsible filters' options
    list_queries=EVERY_PAGE + 3,
    export_query={"status": "active", "q": "söderby"},
    export_key=0,
    decoys=lambda: [
        ContractFactory(title="Söderby utkast", status=Contract.Status.DRAFT).number,
        ContractFactory(title="Norrby", end_date=datetime.date(2099, 1, 1)).number,
    ],
    detail=contract_page,
    # the contract with service, origin deal and its member, renewals; the history panel;
    # parties with their members
    detail_queries=EVERY_PAGE + 3,
)


# --- Contacts --------------------------------------------------------------------------------


def contact_valid():
    member = MemberFactory(name="Åre kommun")
    return Submission(
        data={
            "member": member.pk,
            "first_name": "Åsa",
            "last_name": "Öberg",
            "title": "IT-chef",
            "email": " Asa.Oberg@Are.SE ",
            "is_active": "on",
        },
        expect={"member": member, "first_name": "Åsa", "email": "asa.oberg@are.se"},
    )


def contact_invalid():
    submission = contact_valid()
    submission.data["email"] = "asa.oberg på are.se"
    return Submission(
        data=submission.data,
        error_field="email",
        error="Fyll i en giltig e-postadress.",
        kept="Öberg",
    )


def sort_contacts():
    ContactFactory(first_name="Anna", last_name="Öhman")
    ContactFactory(first_name="Bo", last_name="Andersson")
    ContactFactory(first_name="Cia", last_name="Eriksson")
    return "name", ["Bo Andersson", "Cia Eriksson", "Anna Öhman"]


def make_contacts(n):
    return [
        ContactFactory(
            first_name="Anna", last_name=f"Söderby{i:03d}", last_verified=datetime.date(2025, 1, 1)
        ).full_name
        for i in range(n)
    ]


def contact_page():
    contact = ContactFactory()

    def add(n):
        for _ in range(n):
            DealFactory(member=contact.member).contacts.add(contact)
            lead = LeadFactory(converted_contact=contact, status=Lead.Status.CONVERTED)
            NoteFactory(contact=contact, member=None, author=UserFactory())
            NoteFactory(lead=lead, member=None, author=UserFactory())

    return contact, add


CONTACTS = RecordType(
    app="contacts",
    model=Contact,
    factory=ContactFactory,
    make=lambda: ContactFactory(first_name="Maj", last_name="Lindqvist-Ekström"),
    label="Lindqvist-Ekström",
    valid=contact_valid,
    invalid=contact_invalid,
    blocker=lambda contact: NoteFactory(contact=contact, member=None),
    sort=sort_contacts,
    named=lambda label: ContactFactory(first_name=label.split()[0], last_name=label.split()[1]),
    rows=make_contacts,
    # one page of contacts with their members
    list_queries=EVERY_PAGE + 1,
    export_query={"is_active": "true", "q": "söderby"},
    export_key=0,
    decoys=lambda: [
        ContactFactory(first_name="Bo", last_name="Söderby", is_active=False).full_name,
        ContactFactory(first_name="Bo", last_name="Norrby").full_name,
    ],
    detail=contact_page,
    # the contact with member; the history panel (its notes and its leads'); deals with
    # members and services; the leads it came from
    detail_queries=EVERY_PAGE + 4,
)


# --- Deals -----------------------------------------------------------------------------------


def deal_valid():
    member = MemberFactory(name="Umeå kommun")
    service = ServiceFactory(name="E-arkiv")
    contact = ContactFactory(member=member)
    return Submission(
        data={
            "title": "Införande av e-arkiv i Umeå",
            "member": member.pk,
            "service": service.pk,
            "contacts": [contact.pk],
            "stage": Deal.Stage.OFFER,
            "probability": "50",
            "value": "250000",
            "expected_close": "2026-06-30",
        },
        expect={
            "title": "Införande av e-arkiv i Umeå",
            "member": member,
            "contacts": {contact},
            "stage": Deal.Stage.OFFER,
        },
    )


def deal_invalid():
    submission = deal_valid()
    del submission.data["member"]
    return Submission(
        data=submission.data,
        error_field="member",
        error=REQUIRED,
        kept="Införande av e-arkiv i Umeå",
    )


def sort_deals():
    DealFactory(title="Affär A", value=Decimal("500000"))
    DealFactory(title="Affär B", value=Decimal("20000"))
    DealFactory(title="Affär C", value=Decimal("100000"))
    return "value", ["Affär B", "Affär C", "Affär A"]


def make_deals(n):
    return [
        DealFactory(
            title=f"Söderby {i:03d}",
            stage=Deal.Stage.OFFER,
            owner=UserFactory(),
            value=Decimal("100000"),
        ).title
        for i in range(n)
    ]


def deal_page():
    deal = DealFactory(lead=LeadFactory(), owner=UserFactory())
    ContractFactory(origin_deal=deal)

    def add(n):
        for _ in range(n):
            deal.contacts.add(ContactFactory(member=deal.member))
            NoteFactory(deal=deal, member=None, author=UserFactory())
            NoteFactory(lead=deal.lead, member=None, author=UserFactory())

    return deal, add


DEALS = RecordType(
    app="deals",
    model=Deal,
    factory=DealFactory,
    make=lambda: DealFactory(title="Skolplattform för Kalix"),
    label="Skolplattform för Kalix",
    valid=deal_valid,
    invalid=deal_invalid,
    blocker=lambda deal: ContractFactory(origin_deal=deal),
    sort=sort_deals,
    named=lambda label: DealFactory(title=label),
    rows=make_deals,
    # one page of deals with members, services and owners; the service and owner filters'
    # options
    list_queries=EVERY_PAGE + 3,
    export_query={"stage": "offer", "q": "söderby"},
    export_key=0,
    decoys=lambda: [
        DealFactory(title="Söderby ny", stage=Deal.Stage.NEW).title,
        DealFactory(title="Norrby", stage=Deal.Stage.OFFER).title,
    ],
    detail=deal_page,
    # the deal with member, service, owner, lead and contract; the history panel (its notes
    # and its lead's); contacts
    detail_queries=EVERY_PAGE + 3,
)


# --- Leads -----------------------------------------------------------------------------------


def lead_valid():
    return Submission(
        data={
            "first_name": "Göran",
            "last_name": "Ström",
            "email": "goran.strom@example.se",
            "organisation_name": "Region Örebro län",
            "source": "Mässa",
            "status": Lead.Status.NEW,
        },
        expect={"first_name": "Göran", "organisation_name": "Region Örebro län"},
    )


def lead_invalid():
    submission = lead_valid()
    submission.data["first_name"] = ""
    return Submission(
        data=submission.data, error_field="first_name", error=REQUIRED, kept="Region Örebro län"
    )


def sort_leads():
    LeadFactory(first_name="Anna", last_name="Östlund")
    LeadFactory(first_name="Bo", last_name="Berg")
    LeadFactory(first_name="Cia", last_name="Dahl")
    return "name", ["Bo Berg", "Cia Dahl", "Anna Östlund"]


def make_leads(n):
    return [
        str(
            LeadFactory(
                first_name="Anna",
                last_name=f"Söderby{i:03d}",
                status=Lead.Status.CONTACTED,
                member=MemberFactory(),
                owner=UserFactory(),
            )
        )
        for i in range(n)
    ]


def lead_page():
    lead = LeadFactory(member=MemberFactory(), owner=UserFactory())

    def add(n):
        for _ in range(n):
            NoteFactory(lead=lead, member=None, author=UserFactory())

    return lead, add


LEADS = RecordType(
    app="leads",
    model=Lead,
    factory=LeadFactory,
    make=lambda: LeadFactory(first_name="Britt", last_name="Sundqvist-Åhlén"),
    label="Sundqvist-Åhlén",
    valid=lead_valid,
    invalid=lead_invalid,
    blocker=lambda lead: DealFactory(lead=lead),
    sort=sort_leads,
    named=lambda label: LeadFactory(first_name=label.split()[0], last_name=label.split()[1]),
    rows=make_leads,
    # one page of leads with members and owners; the owner filter's options
    list_queries=EVERY_PAGE + 2,
    export_query={"status": "contacted", "q": "söderby"},
    export_key=0,
    decoys=lambda: [
        str(LeadFactory(first_name="Bo", last_name="Söderby", status=Lead.Status.NEW)),
        str(LeadFactory(first_name="Bo", last_name="Norrby", status=Lead.Status.CONTACTED)),
    ],
    detail=lead_page,
    # the lead with member, owner, contact and deal; the history panel
    detail_queries=EVERY_PAGE + 2,
)


# --- Notes -----------------------------------------------------------------------------------


def note_valid():
    member = MemberFactory(name="Åre kommun")
    return Submission(
        data={
            "kind": Note.Kind.MEETING,
            "occurred_at": "2025-03-04T10:30",
            "text": "Möte om e-arkivet med förvaltningen",
            "member": member.pk,
        },
        expect={"text": "Möte om e-arkivet med förvaltningen", "member": member},
    )


def note_invalid():
    submission = note_valid()
    submission.data["text"] = ""
    return Submission(
        data=submission.data, error_field="text", error=REQUIRED, kept="2025-03-04T10:30"
    )


def sort_notes():
    for text, day in [("Ringde Alfa", 3), ("Ringde Beta", 1), ("Ringde Gamma", 2)]:
        NoteFactory(text=text, occurred_at=datetime.datetime(2025, 3, day, 9, tzinfo=datetime.UTC))
    return "occurred_at", ["Ringde Beta", "Ringde Gamma", "Ringde Alfa"]


def make_notes(n):
    subjects = [
        lambda: {"member": MemberFactory()},
        lambda: {"member": None, "deal": DealFactory()},
        lambda: {"member": None, "lead": LeadFactory()},
        lambda: {"member": None, "contact": ContactFactory()},
        lambda: {"member": None, "contract": ContractFactory()},
    ]
    return [
        NoteFactory(text=f"Söderby {i:03d}", kind=Note.Kind.CALL, **subjects[i % 5]()).text
        for i in range(n)
    ]


NOTES = RecordType(
    app="notes",
    model=Note,
    factory=NoteFactory,
    make=lambda: NoteFactory(text="Ringde om fakturan för EGIL"),
    label="Ringde om fakturan för EGIL",
    valid=note_valid,
    invalid=note_invalid,
    blocker=None,
    sort=sort_notes,
    named=lambda label: NoteFactory(text=label),
    rows=make_notes,
    # one page of notes with authors and every kind of subject; the author filter's options
    list_queries=EVERY_PAGE + 2,
    export_query={"kind": "call", "q": "söderby"},
    export_key=2,
    decoys=lambda: [
        NoteFactory(text="Söderby möte", kind=Note.Kind.MEETING).text,
        NoteFactory(text="Norrby", kind=Note.Kind.CALL).text,
    ],
    # A note's page lists nothing of its own (test_queries pins its one query).
)


# --- Tasks -----------------------------------------------------------------------------------


def task_valid():
    deal = DealFactory(title="E-arkiv i Umeå")
    assignee = UserFactory(username="britt")
    return Submission(
        data={
            "title": "Ring förvaltningschefen",
            "due_date": "2026-09-14",
            "due_time": "09:30",
            "assignee": assignee.pk,
            "deal": deal.pk,
        },
        expect={
            "title": "Ring förvaltningschefen",
            "due_date": datetime.date(2026, 9, 14),
            "assignee": assignee,
            "deal": deal,
            "status": Task.Status.OPEN,
        },
    )


def task_invalid():
    submission = task_valid()
    submission.data["title"] = ""
    return Submission(data=submission.data, error_field="title", error=REQUIRED, kept="09:30")


def sort_tasks():
    for title, day in [("Uppgift A", 3), ("Uppgift B", 1), ("Uppgift C", 2)]:
        TaskFactory(title=title, due_date=datetime.date(2026, 3, day))
    return "due_date", ["Uppgift B", "Uppgift C", "Uppgift A"]


def make_tasks(n):
    subjects = [
        lambda: {"member": MemberFactory()},
        lambda: {"deal": DealFactory()},
        lambda: {"lead": LeadFactory()},
        lambda: {"contact": ContactFactory()},
        lambda: {"contract": ContractFactory()},
    ]
    return [
        TaskFactory(
            title=f"Söderby {i:03d}",
            due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            **subjects[i % 5](),
        ).title
        for i in range(n)
    ]


TASKS = RecordType(
    app="tasks",
    model=Task,
    factory=TaskFactory,
    make=lambda: TaskFactory(title="Förnya avtalet om e-arkiv"),
    label="Förnya avtalet om e-arkiv",
    valid=task_valid,
    invalid=task_invalid,
    blocker=None,
    sort=sort_tasks,
    named=lambda label: TaskFactory(title=label),
    rows=make_tasks,
    # one page of tasks with assignees and every kind of record; the assignee and campaign
    # filters' options
    list_queries=EVERY_PAGE + 3,
    export_query={"status": "open", "q": "söderby"},
    export_key=0,
    decoys=lambda: [
        TaskFactory(
            title="Söderby klar", status=Task.Status.DONE, completed_at=timezone.now()
        ).title,
        TaskFactory(title="Norrby").title,
    ],
    # A task's page lists nothing of its own.
)


RECORD_TYPES = [MEMBERS, SERVICES, CONTRACTS, CONTACTS, DEALS, LEADS, NOTES, TASKS]
BY_APP = {rt.app: rt for rt in RECORD_TYPES}
