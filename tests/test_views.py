"""The staff web UI, page by page: who may open what; creating, editing and deleting through
the real views; and the lists' sorting, pagination and filters.

Generated from one declaration per record type (NetBox's ``ViewTestCases``): how to make one,
form data that saves, form data that does not, and a record that keeps it from being deleted.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.filters import MemberFilterSet
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

from .html import (
    contains,
    field_errors,
    field_is_marked_invalid,
    messages,
    page,
    rows_naming,
    table_rows,
)

pytestmark = pytest.mark.django_db

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


@dataclass
class RecordType:
    app: str
    model: type
    make: Callable[[], object]  # one record, shown everywhere as ``label``
    label: str
    valid: Callable[[], Submission]
    invalid: Callable[[], Submission]
    blocker: Callable[[object], object] | None = None  # a record that refers to the one given

    def __str__(self):
        return self.app

    def url(self, page_name, obj=None):
        args = [obj.pk] if page_name in ("detail", "edit", "delete") else []
        return reverse(f"{self.app}:{page_name}", args=args)


# --- The seven record types -------------------------------------------------------------------


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


RECORD_TYPES = [
    RecordType(
        "members",
        Member,
        make=lambda: MemberFactory(name="Kiruna kommun"),
        label="Kiruna kommun",
        valid=member_valid,
        invalid=member_invalid,
        blocker=lambda member: ContactFactory(member=member),
    ),
    RecordType(
        "services",
        Service,
        make=lambda: ServiceFactory(name="Elevhälsa Nord"),
        label="Elevhälsa Nord",
        valid=service_valid,
        invalid=service_invalid,
        blocker=lambda service: ContractFactory(service=service),
    ),
    RecordType(
        "contracts",
        Contract,
        make=lambda: ContractFactory(title="Avtal om skolplattform"),
        label="Avtal om skolplattform",
        valid=contract_valid,
        invalid=contract_invalid,
        blocker=lambda contract: NoteFactory(contract=contract, member=None),
    ),
    RecordType(
        "contacts",
        Contact,
        make=lambda: ContactFactory(first_name="Maj", last_name="Lindqvist-Ekström"),
        label="Lindqvist-Ekström",
        valid=contact_valid,
        invalid=contact_invalid,
        blocker=lambda contact: NoteFactory(contact=contact, member=None),
    ),
    RecordType(
        "deals",
        Deal,
        make=lambda: DealFactory(title="Skolplattform för Kalix"),
        label="Skolplattform för Kalix",
        valid=deal_valid,
        invalid=deal_invalid,
        blocker=lambda deal: ContractFactory(origin_deal=deal),
    ),
    RecordType(
        "leads",
        Lead,
        make=lambda: LeadFactory(first_name="Britt", last_name="Sundqvist-Åhlén"),
        label="Sundqvist-Åhlén",
        valid=lead_valid,
        invalid=lead_invalid,
        blocker=lambda lead: DealFactory(lead=lead),
    ),
    RecordType(
        "notes",
        Note,
        make=lambda: NoteFactory(text="Ringde om fakturan för EGIL"),
        label="Ringde om fakturan för EGIL",
        valid=note_valid,
        invalid=note_invalid,
    ),
]

with_record_type = pytest.mark.parametrize("rt", RECORD_TYPES, ids=str)
PAGES = ("list", "detail", "add", "edit", "delete")

# What each role gets on each page (GET); anything else than 200 is 403.
ALLOWED = {
    "reader": {"list", "detail"},
    "editor": {"list", "detail", "add", "edit"},
    "administrator": set(PAGES),
}


def snapshot(obj):
    """The record's stored values, to show that a refused request changed nothing."""
    obj = type(obj).objects.get(pk=obj.pk)
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    values.update({f.name: set(getattr(obj, f.name).all()) for f in obj._meta.many_to_many})
    return values


def current(obj, attr):
    value = getattr(obj, attr)
    return set(value.all()) if hasattr(value, "all") else value


# --- Who may open what --------------------------------------------------------------------------


@with_record_type
@pytest.mark.parametrize("page_name", PAGES)
def test_anonymous_user_is_sent_to_the_login_page(client, rt, page_name):
    url = rt.url(page_name, rt.make())

    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    assert rt.model.objects.count() == 1


@with_record_type
@pytest.mark.parametrize("role", ["reader", "editor", "administrator"])
@pytest.mark.parametrize("page_name", PAGES)
def test_each_role_opens_exactly_the_pages_it_may(request, login, rt, role, page_name):
    client = login(request.getfixturevalue(role))
    obj = rt.make()

    response = client.get(rt.url(page_name, obj))

    if page_name not in ALLOWED[role]:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    if page_name == "list":
        assert rows_naming(response, rt.label) == [rt.label]
    elif page_name == "add":
        assert response.context["form"].instance.pk is None
        assert 'method="post"' in page(response)
    else:  # detail, edit and delete all name the record
        assert contains(response, rt.label)


def test_home_page_offers_the_search_to_every_logged_in_user(client, reader_client):
    anonymous = client.get(reverse("home"))
    response = reader_client.get(reverse("home"))

    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"{reverse('login')}?next=/"
    assert response.status_code == 200
    assert f'action="{reverse("search")}"' in page(response)


@with_record_type
def test_reader_sees_no_add_edit_or_delete_buttons(reader_client, rt):
    obj = rt.make()

    listing = page(reader_client.get(rt.url("list")))
    detail = page(reader_client.get(rt.url("detail", obj)))

    assert rt.url("add") not in listing
    assert rt.url("edit", obj) not in detail
    assert rt.url("delete", obj) not in detail


@with_record_type
def test_administrator_sees_add_edit_and_delete_buttons(administrator_client, rt):
    obj = rt.make()

    listing = page(administrator_client.get(rt.url("list")))
    detail = page(administrator_client.get(rt.url("detail", obj)))

    assert rt.url("add") in listing
    assert rt.url("edit", obj) in detail
    assert rt.url("delete", obj) in detail


@with_record_type
def test_editor_sees_edit_but_no_delete_button(editor_client, rt):
    obj = rt.make()

    detail = page(editor_client.get(rt.url("detail", obj)))

    assert rt.url("edit", obj) in detail
    assert rt.url("delete", obj) not in detail


@with_record_type
@pytest.mark.parametrize("page_name", ["add", "edit", "delete"])
def test_reader_may_not_add_edit_or_delete(reader_client, rt, page_name):
    obj = rt.make()
    before = snapshot(obj)
    data = rt.valid().data

    response = reader_client.post(rt.url(page_name, obj), data)

    assert response.status_code == 403
    assert rt.model.objects.count() == 1
    assert snapshot(obj) == before


@with_record_type
def test_editor_may_not_delete(editor_client, rt):
    obj = rt.make()

    assert editor_client.get(rt.url("delete", obj)).status_code == 403
    assert editor_client.post(rt.url("delete", obj)).status_code == 403
    assert rt.model.objects.filter(pk=obj.pk).exists()


@with_record_type
def test_a_record_that_does_not_exist_is_not_found(editor_client, rt):
    obj = rt.make()
    missing = obj.pk + 1000

    for page_name in ("detail", "edit"):
        url = reverse(f"{rt.app}:{page_name}", args=[missing])
        assert editor_client.get(url).status_code == 404


# --- Create, edit, delete -----------------------------------------------------------------------


@with_record_type
def test_create_with_valid_data(editor_client, editor, rt):
    submission = rt.valid()
    before = set(rt.model.objects.values_list("pk", flat=True))

    response = editor_client.post(rt.url("add"), submission.data)

    created = rt.model.objects.exclude(pk__in=before).get()
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    for attr, value in submission.expect.items():
        assert current(created, attr) == value, attr
    assert created.created_by == editor
    shown = editor_client.get(response["Location"])
    assert [level for level, _ in messages(shown)] == ["success"]
    assert str(created) in messages(shown)[0][1]


@with_record_type
def test_create_with_invalid_data_shows_the_error_at_the_field(editor_client, rt):
    submission = rt.invalid()
    count = rt.model.objects.count()

    response = editor_client.post(rt.url("add"), submission.data)

    assert response.status_code == 200
    assert any(
        submission.error in error for error in field_errors(response, submission.error_field)
    )
    assert field_is_marked_invalid(response, submission.error_field)
    assert contains(response, submission.kept)
    assert rt.model.objects.count() == count


@with_record_type
def test_edit_with_valid_data(editor_client, editor, rt):
    obj = rt.make()
    submission = rt.valid()

    response = editor_client.post(rt.url("edit", obj), submission.data)

    assert response.status_code == 302
    assert response["Location"] == obj.get_absolute_url()
    obj = rt.model.objects.get(pk=obj.pk)
    for attr, value in submission.expect.items():
        assert current(obj, attr) == value, attr
    assert obj.updated_by == editor
    shown = editor_client.get(response["Location"])
    assert [level for level, _ in messages(shown)] == ["success"]
    assert str(obj) in messages(shown)[0][1]


@with_record_type
def test_edit_with_invalid_data_changes_nothing(editor_client, rt):
    obj = rt.make()
    before = snapshot(obj)
    submission = rt.invalid()

    response = editor_client.post(rt.url("edit", obj), submission.data)

    assert response.status_code == 200
    assert any(
        submission.error in error for error in field_errors(response, submission.error_field)
    )
    assert field_is_marked_invalid(response, submission.error_field)
    assert contains(response, submission.kept)
    assert snapshot(obj) == before


@with_record_type
def test_administrator_deletes_after_confirming(administrator_client, rt):
    obj = rt.make()
    name = str(obj)

    confirm = administrator_client.get(rt.url("delete", obj))
    response = administrator_client.post(rt.url("delete", obj))

    assert contains(confirm, name)
    assert response.status_code == 302
    assert response["Location"] == rt.url("list")
    assert not rt.model.objects.filter(pk=obj.pk).exists()
    shown = administrator_client.get(response["Location"])
    assert [level for level, _ in messages(shown)] == ["success"]
    assert name in messages(shown)[0][1]


@pytest.mark.parametrize("rt", [rt for rt in RECORD_TYPES if rt.blocker], ids=str)
def test_deleting_a_record_others_refer_to_is_refused(administrator_client, rt):
    obj = rt.make()
    blocker = rt.blocker(obj)

    response = administrator_client.post(rt.url("delete", obj))

    assert response.status_code == 409
    assert contains(response, str(blocker))
    assert blocker.get_absolute_url() in page(response)
    assert rt.model.objects.filter(pk=obj.pk).exists()


def test_refusal_to_delete_a_member_names_its_contracts(administrator_client):
    member = MemberFactory(name="Gällivare kommun")
    contract = ContractFactory(title="Avtal om e-arkiv", parties=[member])

    response = administrator_client.post(reverse("members:delete", args=[member.pk]))

    assert response.status_code == 409
    assert contains(response, "Avtal om e-arkiv")
    assert f'href="{contract.get_absolute_url()}"' in page(response)
    assert Member.objects.filter(pk=member.pk).exists()


def test_new_contract_needs_at_least_one_party(editor_client):
    submission = contract_valid()
    without = {**submission.data, "parties": []}

    refused = editor_client.post(reverse("contracts:add"), without)
    saved = editor_client.post(reverse("contracts:add"), submission.data)

    assert refused.status_code == 200
    assert field_errors(refused, "parties") == [REQUIRED]
    assert field_is_marked_invalid(refused, "parties")
    contract = Contract.objects.get()
    assert saved["Location"] == contract.get_absolute_url()
    assert {m.name for m in contract.parties.all()} == {"Luleå kommun", "Piteå kommun"}


def test_contact_email_is_unique_whatever_its_case(editor_client):
    ContactFactory(email="asa.oberg@are.se")
    data = contact_valid().data
    data["email"] = "Asa.Oberg@ARE.se"

    response = editor_client.post(reverse("contacts:add"), data)

    assert response.status_code == 200
    assert any("finns redan" in error for error in field_errors(response, "email"))
    assert Contact.objects.filter(email__iexact="asa.oberg@are.se").count() == 1


def test_add_contact_from_a_member_page_preselects_the_member(editor_client):
    member = MemberFactory(name="Haparanda kommun")

    detail = editor_client.get(reverse("members:detail", args=[member.pk]))
    form = editor_client.get(f"{reverse('contacts:add')}?member={member.pk}")

    assert f"{reverse('contacts:add')}?member={member.pk}" in page(detail)
    assert f'<option value="{member.pk}" selected>Haparanda kommun</option>' in page(form)


# --- Lists: sorting and pagination --------------------------------------------------------------


def sort_members():
    MemberFactory(name="Ale kommun", population=31_000, population_year=2024)
    MemberFactory(name="Bjuvs kommun", population=16_000, population_year=2024)
    MemberFactory(name="Dals-Eds kommun", population=4_700, population_year=2024)
    return "population", ["Dals-Eds kommun", "Bjuvs kommun", "Ale kommun"]


def sort_services():
    alfa, beta, _gamma = (ServiceFactory(name=n) for n in ("Alfa", "Beta", "Gamma"))
    ContractFactory.create_batch(2, service=alfa)
    ContractFactory(service=beta)
    return "contract_count", ["Gamma", "Beta", "Alfa"]


def sort_contracts():
    for title, end in [("Avtal A", "2027-01-31"), ("Avtal B", "2025-06-30"), ("Avtal C", "2026")]:
        end = datetime.date(2026, 1, 1) if end == "2026" else datetime.date.fromisoformat(end)
        ContractFactory(title=title, end_date=end)
    return "end_date", ["Avtal B", "Avtal C", "Avtal A"]


def sort_contacts():
    ContactFactory(first_name="Anna", last_name="Öhman")
    ContactFactory(first_name="Bo", last_name="Andersson")
    ContactFactory(first_name="Cia", last_name="Eriksson")
    return "name", ["Bo Andersson", "Cia Eriksson", "Anna Öhman"]


def sort_deals():
    DealFactory(title="Affär A", value=Decimal("500000"))
    DealFactory(title="Affär B", value=Decimal("20000"))
    DealFactory(title="Affär C", value=Decimal("100000"))
    return "value", ["Affär B", "Affär C", "Affär A"]


def sort_leads():
    LeadFactory(first_name="Anna", last_name="Östlund")
    LeadFactory(first_name="Bo", last_name="Berg")
    LeadFactory(first_name="Cia", last_name="Dahl")
    return "name", ["Bo Berg", "Cia Dahl", "Anna Östlund"]


def sort_notes():
    for text, day in [("Ringde Alfa", 3), ("Ringde Beta", 1), ("Ringde Gamma", 2)]:
        NoteFactory(text=text, occurred_at=datetime.datetime(2025, 3, day, 9, tzinfo=datetime.UTC))
    return "occurred_at", ["Ringde Beta", "Ringde Gamma", "Ringde Alfa"]


SORTS = {
    "members": sort_members,
    "services": sort_services,
    "contracts": sort_contracts,
    "contacts": sort_contacts,
    "deals": sort_deals,
    "leads": sort_leads,
    "notes": sort_notes,
}


@pytest.mark.parametrize("app", SORTS)
def test_list_sorts_by_a_column_both_ways(reader_client, app):
    column, ascending = SORTS[app]()
    url = reverse(f"{app}:list")

    up = reader_client.get(url, {"sort": column})
    down = reader_client.get(url, {"sort": f"-{column}"})

    assert rows_naming(up, *ascending) == ascending
    assert rows_naming(down, *ascending) == ascending[::-1]


LABELS = {
    "members": "Medlem {:03d}",
    "services": "Tjänst {:03d}",
    "contracts": "Kontrakt {:03d}",
    "contacts": "Kontakt {:03d}",
    "deals": "Affär {:03d}",
    "leads": "Lead {:03d}",
    "notes": "Ringde {:03d}",
}


def make_many(app, n):
    """``n`` records of ``app`` labelled ``LABELS[app].format(i)``, sharing what they refer to."""
    labels = [LABELS[app].format(i) for i in range(n)]
    if app == "members":
        for label in labels:
            MemberFactory(name=label)
    elif app == "services":
        for label in labels:
            ServiceFactory(name=label)
    elif app == "leads":
        for label in labels:
            LeadFactory(first_name=label.split()[0], last_name=label.split()[1])
    else:
        member, service, author = MemberFactory(name="Åre kommun"), ServiceFactory(), UserFactory()
        make = {
            "contracts": lambda label: ContractFactory(
                title=label, service=service, parties=[member]
            ),
            "contacts": lambda label: ContactFactory(
                first_name=label.split()[0], last_name=label.split()[1], member=member
            ),
            "deals": lambda label: DealFactory(title=label, member=member, service=service),
            "notes": lambda label: NoteFactory(text=label, member=member, author=author),
        }[app]
        for label in labels:
            make(label)
    return labels


@pytest.mark.parametrize("app", SORTS)
def test_list_pages_fifty_rows_at_a_time_without_counting_the_table(reader_client, app):
    everything = make_many(app, 51)
    url = reverse(f"{app}:list")

    with CaptureQueriesContext(connection) as queries:
        first = reader_client.get(url)
    second = reader_client.get(url, {"page": 2})

    assert len(table_rows(first)) == 50
    assert len(table_rows(second)) == 1
    # Together the two pages show every record once.
    assert sorted(rows_naming(first, *everything) + rows_naming(second, *everything)) == everything
    assert "?page=2" in page(first)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"].upper()]
    assert counts == []


# --- Lists: one test per filter -----------------------------------------------------------------
# Each case makes a few records and returns (query parameters, the labels that must be listed,
# the labels that must not).


def members_status():
    MemberFactory(name="Alingsås kommun", status=Member.Status.MEMBER)
    MemberFactory(name="Bollnäs kommun", status=Member.Status.NOT_MEMBER)
    MemberFactory(name="Cederberg AB", status=Member.Status.FORMER_MEMBER)
    return (
        {"status": [Member.Status.MEMBER, Member.Status.FORMER_MEMBER]},
        ["Alingsås kommun", "Cederberg AB"],
        ["Bollnäs kommun"],
    )


def members_org_type():
    MemberFactory(name="Region Jämtland Härjedalen", org_type=Member.OrgType.REGION)
    MemberFactory(name="Krokoms kommun", org_type=Member.OrgType.KOMMUN)
    return {"org_type": [Member.OrgType.REGION]}, ["Region Jämtland Härjedalen"], ["Krokoms kommun"]


def members_county():
    norrbotten = CountyFactory(code="25", name="Norrbottens län")
    MemberFactory(name="Kiruna kommun", county=norrbotten)
    MemberFactory(name="Malmö stad", county=CountyFactory(code="12", name="Skåne län"))
    return {"county": norrbotten.pk}, ["Kiruna kommun"], ["Malmö stad"]


def members_population():
    for name, population in [("Ale", 31_000), ("Bjuv", 16_000), ("Dals-Ed", 4_700)]:
        MemberFactory(name=name, population=population, population_year=2024)
    MemberFactory(name="Okänd")
    return {"population_min": 10_000, "population_max": 20_000}, ["Bjuv"], ["Ale", "Dals-Ed"]


def members_service():
    egil = ServiceFactory(name="EGIL")
    ContractFactory(service=egil, parties=[MemberFactory(name="Använder")])
    ContractFactory(
        service=egil, parties=[MemberFactory(name="Utkast")], status=Contract.Status.DRAFT
    )
    ContractFactory(service=ServiceFactory(), parties=[MemberFactory(name="Annan tjänst")])
    return {"service": egil.pk}, ["Använder"], ["Utkast", "Annan tjänst"]


def members_population_outdated():
    PopulationFigureFactory(year=2024)  # the newest imported year
    MemberFactory(name="Gamla siffror", municipality=True, population_year=2023)
    MemberFactory(name="Nya siffror", municipality=True, population_year=2024)
    MemberFactory(name="Ett företag")  # has no population to keep up to date
    return {"population_outdated": "on"}, ["Gamla siffror"], ["Nya siffror", "Ett företag"]


def services_kind():
    ServiceFactory(name="EGIL", kind=Service.Kind.SERVICE)
    ServiceFactory(name="Digidel", kind=Service.Kind.NETWORK)
    return {"kind": Service.Kind.NETWORK}, ["Digidel"], ["EGIL"]


def services_status():
    ServiceFactory(name="EGIL", status=Service.Status.ACTIVE)
    ServiceFactory(name="SSBTEK", status=Service.Status.ENDED)
    return {"status": Service.Status.ENDED}, ["SSBTEK"], ["EGIL"]


def contracts_status():
    ContractFactory(title="Utkastet", status=Contract.Status.DRAFT)
    ContractFactory(title="Gällande", status=Contract.Status.ACTIVE)
    ContractFactory(title="Uppsagt", status=Contract.Status.TERMINATED)
    return (
        {"status": [Contract.Status.DRAFT, Contract.Status.TERMINATED]},
        ["Utkastet", "Uppsagt"],
        ["Gällande"],
    )


def contracts_overdue():
    past, future = datetime.date(2020, 12, 31), timezone.localdate() + datetime.timedelta(days=90)
    start = datetime.date(2019, 1, 1)
    ContractFactory(
        title="Förfallet", status=Contract.Status.ACTIVE, start_date=start, end_date=past
    )
    ContractFactory(title="Löper", status=Contract.Status.ACTIVE, start_date=start, end_date=future)
    ContractFactory(
        title="Redan stängt", status=Contract.Status.ENDED, start_date=start, end_date=past
    )
    return {"overdue": "on"}, ["Förfallet"], ["Löper", "Redan stängt"]


def contracts_service():
    egil = ServiceFactory(name="EGIL")
    ContractFactory(title="Avtal om EGIL", service=egil)
    ContractFactory(title="Avtal om annat")
    return {"service": egil.pk}, ["Avtal om EGIL"], ["Avtal om annat"]


def contracts_party():
    kiruna = MemberFactory(name="Kiruna kommun")
    ContractFactory(title="Avtal med Kiruna", parties=[kiruna, MemberFactory()])
    ContractFactory(title="Avtal utan Kiruna")
    return {"party": kiruna.pk}, ["Avtal med Kiruna"], ["Avtal utan Kiruna"]


def contracts_ending_after():
    ContractFactory(title="Slutar 2025", end_date=datetime.date(2025, 12, 31))
    ContractFactory(title="Slutar 2026", end_date=datetime.date(2026, 6, 30))
    return {"ending_after": "2026-01-01"}, ["Slutar 2026"], ["Slutar 2025"]


def contracts_ending_before():
    ContractFactory(title="Slutar 2025", end_date=datetime.date(2025, 12, 31))
    ContractFactory(title="Slutar 2026", end_date=datetime.date(2026, 6, 30))
    return {"ending_before": "2026-01-01"}, ["Slutar 2025"], ["Slutar 2026"]


def contacts_member():
    kiruna = MemberFactory(name="Kiruna kommun")
    ContactFactory(first_name="Aino", last_name="Kiruna", member=kiruna)
    ContactFactory(first_name="Bengt", last_name="Annan")
    return {"member": kiruna.pk}, ["Aino Kiruna"], ["Bengt Annan"]


def contacts_is_active():
    ContactFactory(first_name="Aktiv", last_name="Person", is_active=True)
    ContactFactory(first_name="Slutat", last_name="Person", is_active=False)
    return {"is_active": "false"}, ["Slutat Person"], ["Aktiv Person"]


OLD, NEW = datetime.date(2023, 5, 1), datetime.date(2025, 5, 1)


def contacts_verified_before():
    ContactFactory(
        first_name="Gammal", last_name="Uppgift", last_verified=datetime.date(2023, 5, 1)
    )
    ContactFactory(first_name="Aldrig", last_name="Kollad", last_verified=None)
    ContactFactory(first_name="Färsk", last_name="Uppgift", last_verified=datetime.date(2025, 5, 1))
    return (
        {"verified_before": "2024-01-01"},
        ["Gammal Uppgift", "Aldrig Kollad"],
        ["Färsk Uppgift"],
    )


def contacts_stale():
    today = timezone.localdate()
    ContactFactory(first_name="Gammal", last_name="Uppgift", last_verified=today.replace(year=2020))
    ContactFactory(first_name="Aldrig", last_name="Kollad", last_verified=None)
    ContactFactory(first_name="Färsk", last_name="Uppgift", last_verified=today)
    return {"stale": "on"}, ["Gammal Uppgift", "Aldrig Kollad"], ["Färsk Uppgift"]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def deals_stale():
    forgotten = DealFactory(title="Bortglömd affär")
    followed = DealFactory(title="Följd affär")
    DealFactory(title="Ny affär")
    Deal.objects.filter(pk__in=[forgotten.pk, followed.pk]).update(created_at=days_ago(90))
    NoteFactory(deal=followed, member=None, occurred_at=days_ago(3))
    NoteFactory(deal=forgotten, member=None, occurred_at=days_ago(60))
    return {"stale": "on"}, ["Bortglömd affär"], ["Följd affär", "Ny affär"]


def deals_stage():
    DealFactory(title="Ny affär", stage=Deal.Stage.NEW)
    DealFactory(title="Offererad affär", stage=Deal.Stage.OFFER, probability=50)
    DealFactory(title="Förhandlad affär", stage=Deal.Stage.NEGOTIATION, probability=75)
    return (
        {"stage": [Deal.Stage.OFFER, Deal.Stage.NEGOTIATION]},
        ["Offererad affär", "Förhandlad affär"],
        ["Ny affär"],
    )


def deals_service():
    egil = ServiceFactory(name="EGIL")
    DealFactory(title="Affär om EGIL", service=egil)
    DealFactory(title="Affär om annat")
    return {"service": egil.pk}, ["Affär om EGIL"], ["Affär om annat"]


def deals_member():
    kiruna = MemberFactory(name="Kiruna kommun")
    DealFactory(title="Affär med Kiruna", member=kiruna)
    DealFactory(title="Affär med annan")
    return {"member": kiruna.pk}, ["Affär med Kiruna"], ["Affär med annan"]


def deals_owner():
    karin = UserFactory(username="karin")
    DealFactory(title="Karins affär", owner=karin)
    DealFactory(title="Någon annans affär", owner=UserFactory())
    DealFactory(title="Ingens affär", owner=None)
    return {"owner": karin.pk}, ["Karins affär"], ["Någon annans affär", "Ingens affär"]


def leads_status():
    LeadFactory(first_name="Ny", last_name="Lead", status=Lead.Status.NEW)
    LeadFactory(first_name="Kontaktad", last_name="Lead", status=Lead.Status.CONTACTED)
    return {"status": [Lead.Status.CONTACTED]}, ["Kontaktad Lead"], ["Ny Lead"]


def leads_owner():
    karin = UserFactory(username="karin")
    LeadFactory(first_name="Karins", last_name="Lead", owner=karin)
    LeadFactory(first_name="Annans", last_name="Lead", owner=UserFactory())
    return {"owner": karin.pk}, ["Karins Lead"], ["Annans Lead"]


def leads_stale():
    forgotten = LeadFactory(first_name="Bortglömd", last_name="Lead")
    followed = LeadFactory(first_name="Följd", last_name="Lead")
    LeadFactory(first_name="Färsk", last_name="Lead")
    Lead.objects.filter(pk__in=[forgotten.pk, followed.pk]).update(created_at=days_ago(30))
    NoteFactory(lead=followed, member=None, occurred_at=days_ago(2))
    return {"stale": "on"}, ["Bortglömd Lead"], ["Följd Lead", "Färsk Lead"]


def notes_kind():
    NoteFactory(text="Ett samtal", kind=Note.Kind.CALL)
    NoteFactory(text="Ett möte", kind=Note.Kind.MEETING)
    return {"kind": Note.Kind.CALL}, ["Ett samtal"], ["Ett möte"]


def notes_author():
    karin = UserFactory(username="karin")
    NoteFactory(text="Karin skrev", author=karin)
    NoteFactory(text="Någon annan skrev")
    return {"author": karin.pk}, ["Karin skrev"], ["Någon annan skrev"]


def notes_member():
    kiruna = MemberFactory(name="Kiruna kommun")
    NoteFactory(text="Om Kiruna", member=kiruna)
    NoteFactory(text="Om någon annan")
    return {"member": kiruna.pk}, ["Om Kiruna"], ["Om någon annan"]


def notes_lead():
    lead = LeadFactory()
    NoteFactory(text="Om leaden", lead=lead, member=None)
    NoteFactory(text="Om något annat")
    return {"lead": lead.pk}, ["Om leaden"], ["Om något annat"]


def notes_deal():
    deal = DealFactory(lead=LeadFactory())
    NoteFactory(text="Om affären", deal=deal, member=None)
    NoteFactory(text="Från leaden", lead=deal.lead, member=None)
    NoteFactory(text="Om något annat")
    # The same notes as the deal's history panel: its own and those made on its lead.
    return {"deal": deal.pk}, ["Om affären", "Från leaden"], ["Om något annat"]


def notes_contact():
    contact = ContactFactory()
    NoteFactory(text="Om kontakten", contact=contact, member=None)
    converted = LeadFactory(converted_contact=contact, status=Lead.Status.CONVERTED)
    NoteFactory(text="Från leaden", lead=converted, member=None)
    NoteFactory(text="Om något annat")
    return {"contact": contact.pk}, ["Om kontakten", "Från leaden"], ["Om något annat"]


def notes_contract():
    contract = ContractFactory()
    NoteFactory(text="Om kontraktet", contract=contract, member=None)
    NoteFactory(text="Om något annat")
    return {"contract": contract.pk}, ["Om kontraktet"], ["Om något annat"]


def at(day):
    return datetime.datetime(2025, 3, day, 12, tzinfo=datetime.UTC)


def notes_occurred_after():
    NoteFactory(text="I början av mars", occurred_at=at(1))
    NoteFactory(text="I mitten av mars", occurred_at=at(15))
    return {"occurred_after": "2025-03-10"}, ["I mitten av mars"], ["I början av mars"]


def notes_occurred_before():
    NoteFactory(text="I början av mars", occurred_at=at(1))
    NoteFactory(text="I mitten av mars", occurred_at=at(15))
    return {"occurred_before": "2025-03-10"}, ["I början av mars"], ["I mitten av mars"]


FILTER_CASES = {
    ("members", "status"): members_status,
    ("members", "org_type"): members_org_type,
    ("members", "county"): members_county,
    ("members", "population"): members_population,
    ("members", "service"): members_service,
    ("members", "population_outdated"): members_population_outdated,
    ("services", "kind"): services_kind,
    ("services", "status"): services_status,
    ("contracts", "status"): contracts_status,
    ("contracts", "overdue"): contracts_overdue,
    ("contracts", "service"): contracts_service,
    ("contracts", "party"): contracts_party,
    ("contracts", "ending_after"): contracts_ending_after,
    ("contracts", "ending_before"): contracts_ending_before,
    ("contacts", "member"): contacts_member,
    ("contacts", "is_active"): contacts_is_active,
    ("contacts", "verified_before"): contacts_verified_before,
    ("contacts", "stale"): contacts_stale,
    ("deals", "stage"): deals_stage,
    ("deals", "service"): deals_service,
    ("deals", "member"): deals_member,
    ("deals", "owner"): deals_owner,
    ("deals", "stale"): deals_stale,
    ("leads", "status"): leads_status,
    ("leads", "owner"): leads_owner,
    ("leads", "stale"): leads_stale,
    ("notes", "kind"): notes_kind,
    ("notes", "author"): notes_author,
    ("notes", "member"): notes_member,
    ("notes", "lead"): notes_lead,
    ("notes", "deal"): notes_deal,
    ("notes", "contact"): notes_contact,
    ("notes", "contract"): notes_contract,
    ("notes", "occurred_after"): notes_occurred_after,
    ("notes", "occurred_before"): notes_occurred_before,
}


@pytest.mark.parametrize("case", FILTER_CASES, ids="-".join)
def test_list_filter(reader_client, case):
    app, _name = case
    params, listed, not_listed = FILTER_CASES[case]()

    response = reader_client.get(reverse(f"{app}:list"), params)

    assert response.status_code == 200
    assert sorted(rows_naming(response, *listed, *not_listed)) == sorted(listed)


def test_every_filter_of_every_list_has_a_test():
    """A filter added to a list without a case above fails here (``q``: see test_search)."""
    from contacts.filters import ContactFilterSet
    from contracts.filters import ContractFilterSet
    from deals.filters import DealFilterSet
    from leads.filters import LeadFilterSet
    from notes.filters import NoteFilterSet
    from services.filters import ServiceFilterSet

    filtersets = {
        "members": MemberFilterSet,
        "services": ServiceFilterSet,
        "contracts": ContractFilterSet,
        "contacts": ContactFilterSet,
        "deals": DealFilterSet,
        "leads": LeadFilterSet,
        "notes": NoteFilterSet,
    }
    declared = {
        (app, name)
        for app, filterset in filtersets.items()
        for name in filterset.base_filters
        if name != "q"
    }
    assert declared == set(FILTER_CASES)


def test_a_user_without_a_role_is_refused_every_list(login):
    nobody = login(UserFactory(username="utan-roll"))

    for rt in RECORD_TYPES:
        assert nobody.get(rt.url("list")).status_code == 403
