"""Admin imports from the old CRM: preview, confirm, re-import, all or nothing, permissions."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.roles import ADMINISTRATOR, EDITOR
from core.tests.factories import UserFactory
from members.models import County, Member
from members.tests.factories import MemberFactory, org_number_for
from security.models import SecurityEvent
from security.tests.factories import otp_verify_client
from services.models import Service
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"
# A real organisation number, and one with a wrong check digit.
GOOD_ORG_NUMBER = "212000-0142"
BAD_ORG_NUMBER = "212000-0143"


@pytest.fixture
def importer(db):
    """An Administratör with access to the admin."""
    return UserFactory(username="importer", is_staff=True, roles=[ADMINISTRATOR])


@pytest.fixture
def importer_client(login, importer):
    return login(importer)


def csv_file(rows, name="gamla-crm.csv"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="gamla-crm.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def preview(client, model, upload, file_format=CSV_FORMAT):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
    return client.post(url, {"import_file": upload, "format": file_format, "resource": "0"})


def confirm(client, model, response):
    """Press "Confirm import" on a preview page."""
    form = response.context.get("confirm_form")
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_process_import")
    return client.post(url, {name: form.initial.get(name, "") for name in form.fields})


def import_file(client, model, upload, file_format=CSV_FORMAT):
    response = preview(client, model, upload, file_format)
    assert response.context.get("confirm_form") is not None, actions(response)
    return confirm(client, model, response)


def actions(response):
    """What the preview says happens to each row: new, update, skip or error."""
    return [row["css"] for row in response.context["preview"]["rows"]]


def problems(response):
    return {row["line"]: row["problems"] for row in response.context["preview"]["rows"]}


MEMBER_HEADER = ["Namn", "Organisationstyp", "Medlemsstatus", "Kommunkod", "Organisationsnummer"]


# --- preview, confirm, re-import ---------------------------------------------------------------


def test_preview_shows_every_row_as_new_or_update_and_writes_nothing(importer_client):
    ale = MemberFactory(municipality=True, name="Ale kommun", kommunkod="1440")
    upload = csv_file(
        [
            MEMBER_HEADER,
            ["Ale kommun", "Kommun", "Medlem", "1440", ""],
            ["Sambruk Test AB", "Företag", "", "", GOOD_ORG_NUMBER],
        ]
    )
    response = preview(importer_client, Member, upload)

    assert response.status_code == 200
    assert actions(response) == ["update", "new"]
    assert response.context.get("confirm_form") is not None
    ale.refresh_from_db()
    assert ale.status == Member.Status.NOT_MEMBER
    assert not Member.objects.filter(org_number=GOOD_ORG_NUMBER).exists()


def test_confirmed_import_writes_the_rows_with_who_and_from_which_file(importer_client, importer):
    ale = MemberFactory(municipality=True, name="Ale kommun", kommunkod="1440")
    upload = csv_file(
        [
            MEMBER_HEADER,
            ["Ale kommun", "Kommun", "Medlem", "1440", ""],
            ["Sambruk Test AB", "foretag", "", "", "2120000142"],
        ]
    )
    response = import_file(importer_client, Member, upload)

    assert response.status_code == 302
    ale.refresh_from_db()
    assert ale.status == Member.Status.MEMBER
    assert ale.updated_by == importer
    created = Member.objects.get(org_number=GOOD_ORG_NUMBER)
    assert (created.name, created.org_type, created.created_by) == (
        "Sambruk Test AB",
        Member.OrgType.FORETAG,
        importer,
    )
    assert created.status == Member.Status.NOT_MEMBER  # empty cell: the model default
    assert "gamla-crm.csv" in ale.history.latest().history_change_reason


def test_importing_the_same_file_again_updates_instead_of_duplicating(importer_client):
    rows = [
        MEMBER_HEADER,
        ["Ale kommun", "Kommun", "Medlem", "1440", ""],
        ["Sambruk Test AB", "Företag", "Ej medlem", "", GOOD_ORG_NUMBER],
    ]
    import_file(importer_client, Member, csv_file(rows))
    assert Member.objects.count() == 2

    again = preview(importer_client, Member, csv_file(rows))
    assert actions(again) == ["skip", "skip"]

    rows[2][0] = "Sambruk Test AB (publ)"
    import_file(importer_client, Member, csv_file(rows))
    assert Member.objects.count() == 2
    assert Member.objects.get(org_number=GOOD_ORG_NUMBER).name == "Sambruk Test AB (publ)"


def test_a_row_without_codes_is_matched_on_the_exact_name(importer_client):
    region = MemberFactory(name="Region Testland", org_type=Member.OrgType.REGION, org_number=None)
    MemberFactory(name="Dubbelnamn AB")
    MemberFactory(name="Dubbelnamn AB")
    upload = csv_file(
        [
            ["Namn", "Organisationstyp", "Medlemsstatus", "Organisationsnummer"],
            ["region testland", "", "Medlem", GOOD_ORG_NUMBER],  # fills in the number
            ["Nytt Förbund", "Förbund", "", ""],
            ["Dubbelnamn AB", "", "Medlem", ""],
        ]
    )
    response = preview(importer_client, Member, upload)

    assert actions(response) == ["update", "new", "error"]
    assert response.context["preview"]["rows"][0]["record"] == "Region Testland"  # as spelt
    assert "Dubbelnamn AB" in problems(response)[4][0]
    region.refresh_from_db()
    assert region.org_number is None  # nothing written before confirming


def test_an_empty_cell_keeps_the_value_in_the_crm(importer_client):
    member = MemberFactory(municipality=True, kommunkod="1440", city="Nödinge")
    upload = csv_file([["Kommunkod", "Ort", "Medlemsstatus"], ["1440", "", "Medlem"]])
    import_file(importer_client, Member, upload)

    member.refresh_from_db()
    assert (member.city, member.status) == ("Nödinge", Member.Status.MEMBER)


def test_english_field_names_are_accepted_as_headers(importer_client):
    MemberFactory(municipality=True, kommunkod="1440")
    upload = csv_file([["kommunkod", "status", "City"], ["1440", "member", "Alafors"]])
    import_file(importer_client, Member, upload)

    assert Member.objects.get(kommunkod="1440").city == "Alafors"


def test_xlsx_with_number_and_date_cells(importer_client):
    County.objects.get_or_create(code="01", defaults={"name": "Stockholms län"})
    upload = xlsx_file(
        [
            ["Namn", "Organisationstyp", "Kommunkod", "Medlem sedan"],
            ["Upplands Väsby kommun", "Kommun", 114, datetime.datetime(2019, 3, 1)],
        ]
    )
    import_file(importer_client, Member, upload, XLSX_FORMAT)

    member = Member.objects.get(kommunkod="0114")  # the leading zero Excel dropped
    assert member.member_since == datetime.date(2019, 3, 1)
    assert member.county.code == "01"  # from the municipality code


# --- all or nothing ------------------------------------------------------------------------------


def test_one_bad_organisation_number_stops_the_whole_file(importer_client):
    upload = csv_file(
        [
            MEMBER_HEADER,
            ["Första AB", "Företag", "", "", GOOD_ORG_NUMBER],
            ["Andra AB", "Företag", "", "", BAD_ORG_NUMBER],
        ]
    )
    response = preview(importer_client, Member, upload)

    assert actions(response) == ["new", "error"]
    assert problems(response)[3][0].startswith("Organisationsnummer: ")
    assert response.context.get("confirm_form") is None  # no way to confirm
    assert not Member.objects.exists()


def test_an_unknown_column_stops_the_file_before_any_row(importer_client):
    upload = csv_file([["Namn", "Organisationstyp", "Färg"], ["Första AB", "Företag", "blå"]])
    response = preview(importer_client, Member, upload)

    assert response.context.get("confirm_form") is None
    assert "Färg" in str(response.context["result"].base_errors[0].error)
    assert not Member.objects.exists()


def test_confirm_writes_nothing_when_a_row_fails_after_the_preview(importer_client):
    """The data can change between preview and confirm: then no row is written at all."""
    ale = MemberFactory(municipality=True, kommunkod="1440", org_number=None)
    doomed = MemberFactory(municipality=True, kommunkod="1441", org_number=None)
    upload = csv_file(
        [
            ["Förnamn", "Efternamn", "E-post", "Kommunkod"],
            ["Anna", "Ek", "anna@ale.se", "1440"],
            ["Bo", "Al", "bo@lerum.se", "1441"],
        ]
    )
    response = preview(importer_client, Contact, upload)
    assert actions(response) == ["new", "new"]
    doomed.delete()

    response = confirm(importer_client, Contact, response)

    assert response.status_code == 409
    assert actions(response) == ["new", "error"]
    assert not Contact.objects.exists()
    assert ale.contacts.count() == 0


# --- contacts, services, contracts -------------------------------------------------------------


def test_contacts_are_matched_on_email_and_find_their_member_by_any_key(importer_client):
    ale = MemberFactory(municipality=True, name="Ale kommun", kommunkod="1440")
    company = MemberFactory(name="Leverantör AB")
    existing = ContactFactory(member=ale, email="anna.ek@ale.se", title="")
    upload = csv_file(
        [
            [
                "Förnamn",
                "Efternamn",
                "E-post",
                "Titel",
                "Kommunkod",
                "Organisationsnummer",
                "Medlem",
            ],
            ["Anna", "Ek", "Anna.Ek@ALE.se", "IT-chef", "1440", "", ""],
            ["Bo", "Lind", "bo@leverantor.se", "", "", company.org_number, ""],
            ["Cia", "Berg", "", "", "", "", "Ale kommun"],
        ]
    )
    response = preview(importer_client, Contact, upload)
    assert actions(response) == ["update", "new", "new"]
    confirm(importer_client, Contact, response)

    existing.refresh_from_db()
    assert existing.title == "IT-chef"
    assert Contact.objects.get(email="bo@leverantor.se").member == company
    assert Contact.objects.get(first_name="Cia").member == ale
    assert Contact.objects.count() == 3


def test_a_contact_without_email_is_matched_on_name_at_the_member(importer_client):
    ale = MemberFactory(municipality=True, kommunkod="1440")
    cia = ContactFactory(member=ale, first_name="Cia", last_name="Berg", email=None)
    upload = csv_file(
        [
            ["Förnamn", "Efternamn", "Telefon", "Kommunkod"],
            ["CIA", " berg", "0303-33 00 00", "1440"],
        ]
    )
    import_file(importer_client, Contact, upload)

    cia.refresh_from_db()
    assert cia.phone == "0303-33 00 00"
    assert Contact.objects.count() == 1


def test_a_contact_with_an_unknown_member_is_rejected(importer_client):
    upload = csv_file([["Förnamn", "Efternamn", "Kommunkod"], ["Anna", "Ek", "9999"]])
    response = preview(importer_client, Contact, upload)

    assert actions(response) == ["error"]
    assert problems(response)[2][0].startswith("Medlem: ")
    assert "9999" in problems(response)[2][0]
    assert not Contact.objects.exists()


def test_services_are_matched_on_name_in_any_case(importer_client):
    egil = ServiceFactory(name="EGIL", description="")
    upload = csv_file(
        [["Namn", "Typ", "Beskrivning"], ["egil", "Tjänst", "Elevdata"], ["Digidel", "Nätverk", ""]]
    )
    import_file(importer_client, Service, upload)

    egil.refresh_from_db()
    assert (egil.name, egil.description) == ("EGIL", "Elevdata")
    assert Service.objects.get(name="Digidel").kind == Service.Kind.NETWORK
    assert Service.objects.count() == 2


def test_contracts_get_their_service_and_parties(importer_client, importer):
    egil = ServiceFactory(name="EGIL")
    ale = MemberFactory(municipality=True, kommunkod="1440")
    lerum = MemberFactory(municipality=True, kommunkod="1441")
    company = MemberFactory()
    header = ["Avtalsnummer", "Titel", "Tjänst", "Status", "Värde", "Parter"]
    upload = csv_file(
        [header, ["A-1", "EGIL 2025", "egil", "Aktivt", "1 234,50", f"1440; {company.org_number}"]]
    )
    import_file(importer_client, Contract, upload)

    contract = Contract.objects.get(number="A-1")
    assert contract.service == egil
    assert str(contract.value) == "1234.50"
    assert set(contract.parties.all()) == {ale, company}
    assert contract.party_links.first().history.latest().history_user == importer

    # Re-import: parties become the file's, the contract is not duplicated.
    upload = csv_file([header, ["A-1", "EGIL 2025", "EGIL", "Aktivt", "1234.5", "1440;1441"]])
    response = preview(importer_client, Contract, upload)
    assert actions(response) == ["update"]
    confirm(importer_client, Contract, response)
    assert set(contract.parties.all()) == {ale, lerum}
    assert Contract.objects.count() == 1


def test_a_contract_row_needs_a_number_a_known_service_and_a_party(importer_client):
    ServiceFactory(name="EGIL")
    upload = csv_file(
        [
            ["Avtalsnummer", "Titel", "Tjänst", "Parter"],
            ["", "Utan nummer", "EGIL", "1440"],
            ["A-2", "Okänd tjänst", "Finns inte", ""],
            ["A-3", "Okänd part", "EGIL", "8888"],
        ]
    )
    response = preview(importer_client, Contract, upload)

    assert actions(response) == ["error", "error", "error"]
    found = problems(response)
    assert found[2][0].startswith("Avtalsnummer: ")
    assert {p.split(":")[0] for p in found[3]} == {"Tjänst", "Parter"}
    assert found[4][0].startswith("Parter: ")
    assert not Contract.objects.exists()


def test_keeping_the_parties_when_the_cell_is_empty(importer_client):
    contract = ContractFactory(number="A-9")
    parties = set(contract.parties.all())
    upload = csv_file([["Avtalsnummer", "Titel", "Parter"], ["A-9", "Nytt namn", ""]])
    import_file(importer_client, Contract, upload)

    contract.refresh_from_db()
    assert contract.title == "Nytt namn"
    assert set(contract.parties.all()) == parties


def test_a_parties_cell_of_separators_only_cannot_remove_every_party(importer_client):
    contract = ContractFactory(number="A-9")
    parties = set(contract.parties.all())
    upload = csv_file([["Avtalsnummer", "Titel", "Parter"], ["A-9", "Nytt namn", " ; "]])

    response = preview(importer_client, Contract, upload)

    assert actions(response) == ["error"]
    assert problems(response)[2] == [
        "Parter: Ett kontrakt måste ha minst en part. Lägg till en annan part först."
    ]
    contract.refresh_from_db()
    assert contract.title != "Nytt namn"
    assert set(contract.parties.all()) == parties


# --- who may import ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Member, Contact, Service, Contract])
def test_only_administrators_may_import(login, importer_client, model):
    user = UserFactory(username="staff-editor", is_staff=True, roles=[EDITOR])
    editor = login(user)
    otp_verify_client(editor, user)  # so the admin itself lets the editor in
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert importer_client.get(reverse(f"{prefix}_import")).status_code == 200
    assert editor.get(reverse(f"{prefix}_import")).status_code == 403
    upload = csv_file([["Namn"], ["X"]])
    assert editor.post(reverse(f"{prefix}_import"), {"import_file": upload}).status_code == 403
    assert editor.post(reverse(f"{prefix}_process_import"), {}).status_code == 403
    changelist = editor.get(reverse(f"{prefix}_changelist"))
    assert reverse(f"{prefix}_import") not in changelist.content.decode()
    changelist = importer_client.get(reverse(f"{prefix}_changelist"))
    assert reverse(f"{prefix}_import") in changelist.content.decode()


def test_a_confirmed_import_is_a_security_event(importer_client, importer):
    upload = csv_file([MEMBER_HEADER, ["Första AB", "Företag", "", "", org_number_for(1)]])

    response = preview(importer_client, Member, upload)
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.IMPORT).exists()
    confirm(importer_client, Member, response)

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.IMPORT)
    assert event.user == importer
    assert event.detail["model"] == "members.Member"
    assert event.detail["file_name"] == "gamla-crm.csv"
    assert event.detail["totals"]["new"] == 1
