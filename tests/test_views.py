"""The staff web UI, page by page: who may open what; creating, editing and deleting through
the real views; and the lists' sorting, pagination and filters.

Generated from the declaration of each record type in tests/record_types.py (NetBox's
``ViewTestCases``): how to make one, form data that saves, form data that does not, a record
that keeps it from being deleted, a column to sort by and rows to page through.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.registry import record_types
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
)
from notes.models import Note
from notes.tests.factories import NoteFactory
from services.models import Service
from services.tests.factories import ServiceFactory
from tasks.models import Campaign, Task
from tasks.tests.factories import TaskFactory

from .html import (
    contains,
    field_errors,
    field_is_marked_invalid,
    messages,
    page,
    rows_naming,
    table_rows,
)
from .record_types import RECORD_TYPES, REQUIRED, contact_valid, contract_valid

pytestmark = pytest.mark.django_db


with_record_type = pytest.mark.parametrize("rt", RECORD_TYPES, ids=str)


def test_every_registered_record_type_is_declared():
    """Each record type an app registers (core.registry) has its entry in record_types.py,
    so that every suite here walks it."""
    assert [rt.model for rt in RECORD_TYPES] == [rt.model for rt in record_types()]


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


@with_record_type
def test_list_sorts_by_a_column_both_ways(reader_client, rt):
    column, ascending = rt.sort()
    url = rt.url("list")

    up = reader_client.get(url, {"sort": column})
    down = reader_client.get(url, {"sort": f"-{column}"})

    assert rows_naming(up, *ascending) == ascending
    assert rows_naming(down, *ascending) == ascending[::-1]


@with_record_type
def test_list_pages_fifty_rows_at_a_time_without_counting_the_table(reader_client, rt):
    everything = rt.rows(51)
    url = rt.url("list")

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


@with_record_type
def test_list_order_ends_with_the_primary_key_so_pages_never_overlap(reader_client, rt):
    """Rows tying on the sorted column (contracts starting the same day) would come in any
    order the database likes, page by page: one row shown twice, another never."""
    column, _ascending = rt.sort()
    for sort in (None, column, f"-{column}"):
        response = reader_client.get(rt.url("list"), {"sort": sort} if sort else {})
        ordering = [str(o) for o in response.context["table"].data.data.query.order_by]
        assert ordering[-1] in ("pk", "-pk"), ordering


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


def members_responsible():
    anna = UserFactory(username="anna")
    MemberFactory(name="Annas kommun", responsible=anna)
    MemberFactory(name="Någon annans kommun", responsible=UserFactory())
    return {"responsible": anna.pk}, ["Annas kommun"], ["Någon annans kommun"]


def contracts_responsible():
    anna = UserFactory(username="anna")
    ContractFactory(title="Annas avtal", responsible=anna)
    ContractFactory(title="Ingens avtal")
    return {"responsible": anna.pk}, ["Annas avtal"], ["Ingens avtal"]


def contacts_role():
    ContactFactory(first_name="Eva", last_name="Vald", role=Contact.Role.ELECTED)
    ContactFactory(first_name="Per", last_name="Anställd", role=Contact.Role.EMPLOYEE)
    return {"role": "elected"}, ["Eva Vald"], ["Per Anställd"]


def contacts_member_type():
    ContactFactory(first_name="Eva", last_name="Kommun", member=MemberFactory(org_type="kommun"))
    ContactFactory(first_name="Per", last_name="Företag", member=MemberFactory(org_type="foretag"))
    return {"member_type": ["kommun", "region"]}, ["Eva Kommun"], ["Per Företag"]


def tasks_mine():
    reader = get_user_model().objects.get(username="lasare")
    TaskFactory(title="Min uppgift", assignee=reader)
    TaskFactory(title="Någon annans uppgift")
    return {"mine": "on"}, ["Min uppgift"], ["Någon annans uppgift"]


def tasks_assignee():
    anna = UserFactory(username="anna")
    TaskFactory(title="Annas uppgift", assignee=anna)
    TaskFactory(title="Någon annans uppgift")
    return {"assignee": anna.pk}, ["Annas uppgift"], ["Någon annans uppgift"]


def tasks_status():
    TaskFactory(title="Öppen uppgift")
    TaskFactory(title="Klar uppgift", status=Task.Status.DONE, completed_at=timezone.now())
    return {"status": "done"}, ["Klar uppgift"], ["Öppen uppgift"]


def tasks_overdue():
    today = timezone.localdate()
    TaskFactory(title="Försenad", due_date=today - datetime.timedelta(days=1))
    TaskFactory(title="I tid", due_date=today)
    return {"overdue": "on"}, ["Försenad"], ["I tid"]


def tasks_due_after():
    TaskFactory(title="I mars", due_date=datetime.date(2027, 3, 15))
    TaskFactory(title="I januari", due_date=datetime.date(2027, 1, 15))
    return {"due_after": "2027-02-01"}, ["I mars"], ["I januari"]


def tasks_due_before():
    TaskFactory(title="I mars", due_date=datetime.date(2027, 3, 15))
    TaskFactory(title="I januari", due_date=datetime.date(2027, 1, 15))
    return {"due_before": "2027-02-01"}, ["I januari"], ["I mars"]


def tasks_record_type():
    TaskFactory(title="Om en affär", deal=DealFactory())
    TaskFactory(title="Personlig")
    TaskFactory(title="Om ett avtal", contract=ContractFactory())
    return {"record_type": ["deal", "none"]}, ["Om en affär", "Personlig"], ["Om ett avtal"]


def tasks_campaign():
    campaign = Campaign.objects.create(name="Valet 2026")
    TaskFactory(title="I kampanjen", campaign=campaign)
    TaskFactory(title="Utanför")
    return {"campaign": campaign.pk}, ["I kampanjen"], ["Utanför"]


def task_about(field, factory):
    def case():
        record = factory()
        TaskFactory(title="Om posten", **{field: record})
        TaskFactory(title="Om något annat", **{field: factory()})
        return {field: record.pk}, ["Om posten"], ["Om något annat"]

    return case


FILTER_CASES = {
    ("members", "status"): members_status,
    ("members", "org_type"): members_org_type,
    ("members", "county"): members_county,
    ("members", "population"): members_population,
    ("members", "service"): members_service,
    ("members", "population_outdated"): members_population_outdated,
    ("members", "responsible"): members_responsible,
    ("services", "kind"): services_kind,
    ("services", "status"): services_status,
    ("contracts", "status"): contracts_status,
    ("contracts", "overdue"): contracts_overdue,
    ("contracts", "service"): contracts_service,
    ("contracts", "party"): contracts_party,
    ("contracts", "ending_after"): contracts_ending_after,
    ("contracts", "ending_before"): contracts_ending_before,
    ("contracts", "responsible"): contracts_responsible,
    ("contacts", "member"): contacts_member,
    ("contacts", "is_active"): contacts_is_active,
    ("contacts", "verified_before"): contacts_verified_before,
    ("contacts", "stale"): contacts_stale,
    ("contacts", "role"): contacts_role,
    ("contacts", "member_type"): contacts_member_type,
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
    ("tasks", "mine"): tasks_mine,
    ("tasks", "assignee"): tasks_assignee,
    ("tasks", "status"): tasks_status,
    ("tasks", "overdue"): tasks_overdue,
    ("tasks", "due_after"): tasks_due_after,
    ("tasks", "due_before"): tasks_due_before,
    ("tasks", "record_type"): tasks_record_type,
    ("tasks", "campaign"): tasks_campaign,
    ("tasks", "member"): task_about("member", MemberFactory),
    ("tasks", "contact"): task_about("contact", ContactFactory),
    ("tasks", "lead"): task_about("lead", LeadFactory),
    ("tasks", "deal"): task_about("deal", DealFactory),
    ("tasks", "contract"): task_about("contract", ContractFactory),
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
    filtersets = {
        rt.app: resolve(rt.url("list")).func.view_class.filterset_class for rt in RECORD_TYPES
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
