"""Writing over the API: the page's form validates, the same services run, the history
names the token's user, and no update is lost (ETag / If-Match)."""

import pytest

from contacts.forms import ContactForm
from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import MemberFactory, org_number_for
from notes.models import Note

pytestmark = pytest.mark.django_db


def test_a_case_officer_creates_a_contact_and_the_history_names_them(token_client, editor):
    member = MemberFactory()
    response = token_client(editor).post(
        "/api/v1/contacts/",
        {"first_name": "Åsa", "last_name": "Berg", "member": member.pk, "email": "asa@ale.se"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.first_name, contact.member) == ("Åsa", member)
    assert contact.history.earliest().history_user == editor
    assert response.headers["ETag"] == f'"{response.json()["version"]}"'


def test_an_invalid_write_is_refused_as_the_form_refuses_it_in_swedish_or_english(
    token_client, editor
):
    number = org_number_for(4242)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    client = token_client(editor)
    data = {"name": "Öckerö kommun", "org_type": "kommun", "org_number": wrong}

    swedish = client.post("/api/v1/members/", data, content_type="application/json")
    english = client.post(
        "/api/v1/members/", data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert swedish.status_code == 400
    assert swedish.json()["type"] == "validation_error"
    (error,) = swedish.json()["errors"]
    assert error["field"] == "org_number"
    assert "fel kontrollsiffra" in error["message"]
    assert english.json()["errors"][0]["code"] == error["code"]
    assert "check digit" in english.json()["errors"][0]["message"]
    assert not Member.objects.filter(name="Öckerö kommun").exists()


def test_a_database_constraint_is_a_field_error_not_a_server_error(token_client, editor):
    MemberFactory(org_number=org_number_for(7))
    response = token_client(editor).post(
        "/api/v1/members/",
        {"name": "Dubblett", "org_type": "foretag", "org_number": org_number_for(7)},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "org_number"


def test_an_email_taken_after_the_form_was_checked_is_a_field_error(
    token_client, editor, monkeypatch
):
    # Someone else saves a contact with the email between the form's check and the save.
    full_clean = ContactForm.full_clean

    def checked_then_overtaken(form):
        full_clean(form)
        if not Contact.objects.filter(email="asa@ale.se").exists():
            ContactFactory(email="asa@ale.se")

    monkeypatch.setattr(ContactForm, "full_clean", checked_then_overtaken)

    response = token_client(editor).post(
        "/api/v1/contacts/",
        {
            "first_name": "Åsa",
            "last_name": "Berg",
            "member": MemberFactory().pk,
            "email": "asa@ale.se",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == ("email", "unique")
    assert Contact.objects.filter(email="asa@ale.se").count() == 1


def test_a_change_needs_the_version_and_a_stale_one_is_refused(token_client, editor):
    contact = ContactFactory(title="Handläggare")
    client = token_client(editor)
    url = f"/api/v1/contacts/{contact.pk}/"
    etag = client.get(url).headers["ETag"]

    without = client.patch(url, {"title": "Chef"}, content_type="application/json")
    first = client.patch(
        url, {"title": "Chef"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    stale = client.patch(
        url, {"title": "Direktör"}, content_type="application/json", HTTP_IF_MATCH=etag
    )

    assert without.status_code == 428
    assert first.status_code == 200, first.json()
    assert first.json()["title"] == "Chef"
    assert first.headers["ETag"] != etag
    assert stale.status_code == 412
    assert stale.json()["type"] == "precondition_failed"
    contact.refresh_from_db()
    assert contact.title == "Chef"
    assert contact.history.latest().history_user == editor


def test_a_reader_token_writes_nothing_even_for_a_case_officer(token_client, editor, reader):
    member = MemberFactory(name="Ale kommun")
    for client in (token_client(reader), token_client(editor, role="reader")):
        created = client.post(
            "/api/v1/contacts/",
            {"first_name": "A", "last_name": "B", "member": member.pk},
            content_type="application/json",
        )
        deleted = client.delete(f"/api/v1/members/{member.pk}/")
        assert (created.status_code, deleted.status_code) == (403, 403)
    assert Member.objects.filter(pk=member.pk).exists()
    assert not Contact.objects.exists()


def test_deleting_what_others_refer_to_is_a_conflict(token_client, administrator):
    contact = ContactFactory()
    response = token_client(administrator).delete(f"/api/v1/members/{contact.member_id}/")

    assert response.status_code == 409
    assert response.json()["type"] == "conflict"


def test_a_closed_lead_is_not_edited(token_client, editor):
    lead = LeadFactory(status=Lead.Status.DISQUALIFIED, disqualified_reason="Fel kontakt")
    client = token_client(editor)
    etag = client.get(f"/api/v1/leads/{lead.pk}/").headers["ETag"]

    response = client.patch(
        f"/api/v1/leads/{lead.pk}/",
        {"title": "X"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 409


def test_a_lead_is_not_given_a_closed_status_by_a_write(token_client, editor):
    # Converting and disqualifying are workflow steps of their own (below).
    client = token_client(editor)
    created = client.post(
        "/api/v1/leads/",
        {"first_name": "Pia", "status": "converted"},
        content_type="application/json",
    )
    lead = LeadFactory(status=Lead.Status.NEW)
    etag = client.get(f"/api/v1/leads/{lead.pk}/").headers["ETag"]
    changed = client.patch(
        f"/api/v1/leads/{lead.pk}/",
        {"status": "disqualified"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )

    for response in (created, changed):
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert (error["field"], error["code"]) == ("status", "invalid_choice")
    assert list(Lead.objects.values_list("status", flat=True)) == ["new"]


# --- Workflow steps ---


def test_converting_a_lead_makes_its_contact_and_deal(token_client, editor):
    lead = LeadFactory(first_name="Per", last_name="Holm")
    member = MemberFactory()
    response = token_client(editor).post(
        f"/api/v1/leads/{lead.pk}/convert/",
        {"member": member.pk, "deal_title": "E-arkiv"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    deal = Deal.objects.get(pk=response.json()["deal"]["id"])
    assert (deal.title, deal.member) == ("E-arkiv", member)
    assert Contact.objects.get(pk=response.json()["contact"]["id"]).last_name == "Holm"
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONVERTED
    assert deal.history.earliest().history_user == editor


def test_a_step_the_service_refuses_changes_nothing(token_client, editor):
    lead = LeadFactory(status=Lead.Status.DISQUALIFIED, disqualified_reason="Fel kontakt")
    response = token_client(editor).post(
        f"/api/v1/leads/{lead.pk}/convert/",
        {"new_member_name": "Ny AB"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "disqualified"
    assert not Member.objects.filter(name="Ny AB").exists()


def test_winning_a_deal_drafts_its_contract_and_losing_needs_a_reason(token_client, editor):
    won, lost = DealFactory(), DealFactory()
    client = token_client(editor)

    win = client.post(f"/api/v1/deals/{won.pk}/win/", {}, content_type="application/json")
    no_reason = client.post(f"/api/v1/deals/{lost.pk}/lose/", {}, content_type="application/json")
    lose = client.post(
        f"/api/v1/deals/{lost.pk}/lose/", {"reason": "price"}, content_type="application/json"
    )

    assert win.status_code == 201
    assert Contract.objects.get(pk=win.json()["id"]).origin_deal == won
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"][0]["field"] == "reason"
    assert lose.status_code == 200, lose.json()
    assert lose.json()["stage"] == Deal.Stage.LOST


def test_renewing_a_contract_and_changing_a_membership(token_client, editor):
    contract = ContractFactory()
    member = MemberFactory()
    client = token_client(editor)

    renewal = client.post(f"/api/v1/contracts/{contract.pk}/renew/")
    membership = client.post(
        f"/api/v1/members/{member.pk}/membership/",
        {"status": "member", "date": "2026-01-01", "decision": "Styrelsebeslut 12/2025"},
        content_type="application/json",
    )

    assert renewal.status_code == 201
    assert Contract.objects.get(pk=renewal.json()["id"]).previous == contract
    assert membership.status_code == 200, membership.json()
    assert membership.json()["status"] == "member"
    assert member.membership_changes.get().decision == "Styrelsebeslut 12/2025"


def test_a_note_is_added_to_any_record(token_client, editor, reader):
    contact = ContactFactory()
    refused = token_client(reader).post(
        f"/api/v1/contacts/{contact.pk}/notes/",
        {"text": "Ringde om EGIL"},
        content_type="application/json",
    )
    response = token_client(editor).post(
        f"/api/v1/contacts/{contact.pk}/notes/",
        {"text": "Ringde om EGIL", "kind": "call"},
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert response.status_code == 201, response.json()
    note = Note.objects.get(pk=response.json()["id"])
    assert (note.contact, note.author, note.text) == (contact, editor, "Ringde om EGIL")
