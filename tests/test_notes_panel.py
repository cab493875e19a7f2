"""The history panel on a record's page: its timeline, and adding a note without leaving the
page (htmx) or, without JavaScript, by an ordinary form post."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.tests.factories import MemberFactory
from notes.models import Note
from notes.tests.factories import NoteFactory

from .html import field_errors, field_is_marked_invalid, messages, page, rows_naming, text

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
REQUIRED = "Detta fält måste fyllas i."

SUBJECTS = {
    "member": lambda: MemberFactory(name="Kiruna kommun"),
    "contact": lambda: ContactFactory(first_name="Åsa", last_name="Öberg"),
    "lead": lambda: LeadFactory(first_name="Göran", last_name="Ström"),
    "deal": lambda: DealFactory(title="E-arkiv för Kiruna"),
    "contract": lambda: ContractFactory(title="Avtal om e-arkiv"),
}
with_subject = pytest.mark.parametrize("subject_field", SUBJECTS)


def quick_add(subject_field, subject):
    return reverse("notes:quick_add", args=[subject_field, subject.pk])


def timeline(response) -> list[str]:
    """The texts of the notes on the panel, top to bottom."""
    return [
        text(t) for t in re.findall(r'<div class="note-text">(.*?)</div>', page(response), re.S)
    ]


@with_subject
def test_htmx_adds_the_note_and_answers_with_the_refreshed_panel(
    editor_client, editor, subject_field
):
    subject = SUBJECTS[subject_field]()
    NoteFactory(text="Tidigare anteckning", **{"member": None, subject_field: subject})

    response = editor_client.post(
        quick_add(subject_field, subject),
        {"kind": Note.Kind.CALL, "text": "Ringde om avtalet"},
        headers=HTMX,
    )

    note = Note.objects.get(text="Ringde om avtalet")
    assert getattr(note, subject_field) == subject
    assert note.author == editor
    assert note.kind == Note.Kind.CALL
    assert response.status_code == 200
    # Only the panel, to swap in place of the old one; newest note first, the form empty again.
    assert page(response).lstrip().startswith('<section class="card mt-3" id="notes-panel"')
    assert timeline(response) == ["Ringde om avtalet", "Tidigare anteckning"]
    assert re.search(r'<textarea name="text"[^>]*>\s*</textarea>', page(response))
    assert messages(response) == []


@with_subject
def test_plain_post_adds_the_note_and_goes_back_to_the_record(editor_client, editor, subject_field):
    subject = SUBJECTS[subject_field]()

    response = editor_client.post(
        quick_add(subject_field, subject), {"kind": Note.Kind.NOTE, "text": "Skickade offert"}
    )

    note = Note.objects.get(text="Skickade offert")
    assert getattr(note, subject_field) == subject
    assert note.author == editor
    assert response.status_code == 302
    assert response["Location"] == subject.get_absolute_url()
    shown = editor_client.get(response["Location"])
    assert "Skickade offert" in timeline(shown)
    assert [level for level, _ in messages(shown)] == ["success"]


def test_htmx_with_empty_text_adds_nothing_and_shows_the_error(editor_client):
    member = SUBJECTS["member"]()

    response = editor_client.post(
        quick_add("member", member), {"kind": Note.Kind.MEETING, "text": "  "}, headers=HTMX
    )

    assert Note.objects.count() == 0
    assert response.status_code == 200
    assert field_errors(response, "text") == [REQUIRED]
    assert field_is_marked_invalid(response, "text")
    assert f'<option value="{Note.Kind.MEETING}" selected>' in page(response)  # kept


def test_plain_post_with_empty_text_adds_nothing_and_says_so(editor_client):
    member = SUBJECTS["member"]()

    response = editor_client.post(
        quick_add("member", member), {"kind": Note.Kind.NOTE, "text": ""}, follow=True
    )

    assert Note.objects.count() == 0
    assert response.redirect_chain == [(member.get_absolute_url(), 302)]
    assert [level for level, _ in messages(response)] == ["danger"]


def test_deal_history_shows_the_notes_made_on_its_lead(reader_client):
    lead = LeadFactory(first_name="Göran", last_name="Ström")
    deal = DealFactory(title="E-arkiv för Kiruna", lead=lead)
    then = timezone.now() - datetime.timedelta(days=10)
    NoteFactory(lead=lead, member=None, text="Första samtalet med Göran", occurred_at=then)
    NoteFactory(deal=deal, member=None, text="Offert skickad")
    NoteFactory(lead=LeadFactory(), member=None, text="Om en annan lead")

    response = reader_client.get(deal.get_absolute_url())

    assert timeline(response) == ["Offert skickad", "Första samtalet med Göran"]


def test_contact_history_shows_the_notes_made_on_the_lead_it_came_from(reader_client):
    contact = ContactFactory(first_name="Åsa", last_name="Öberg")
    lead = LeadFactory(converted_contact=contact, status=Lead.Status.CONVERTED)
    NoteFactory(lead=lead, member=None, text="Träffade Åsa på mässan")
    NoteFactory(lead=LeadFactory(), member=None, text="Om en annan lead")

    response = reader_client.get(contact.get_absolute_url())

    assert timeline(response) == ["Träffade Åsa på mässan"]


def test_a_note_added_on_the_deal_shows_with_its_lead_notes(editor_client):
    lead = LeadFactory()
    deal = DealFactory(lead=lead)
    then = timezone.now() - datetime.timedelta(days=10)
    NoteFactory(lead=lead, member=None, text="Första samtalet", occurred_at=then)

    response = editor_client.post(
        quick_add("deal", deal), {"kind": Note.Kind.NOTE, "text": "Avtalet klart"}, headers=HTMX
    )

    assert timeline(response) == ["Avtalet klart", "Första samtalet"]


def test_all_notes_link_lists_the_same_notes_as_the_panel(reader_client):
    lead = LeadFactory()
    deal = DealFactory(lead=lead)
    then = timezone.now() - datetime.timedelta(days=2)
    for i in range(50):
        NoteFactory(deal=deal, member=None, text=f"Affärsnotering {i:02d}", occurred_at=then)
    NoteFactory(
        lead=lead, member=None, text="Från leaden", occurred_at=then + datetime.timedelta(1)
    )
    NoteFactory(text="Om något helt annat")  # the newest note in the CRM

    detail = reader_client.get(deal.get_absolute_url())
    url = re.search(r'<a class="small" href="([^"]+)">', page(detail)).group(1)
    listing = reader_client.get(url.replace("&amp;", "&"))

    on_the_deal = [f"Affärsnotering {i:02d}" for i in range(50)]
    # The panel shows the newest 50 of the deal's 51 notes and links to all of them…
    assert len(timeline(detail)) == 50
    # …and the first page of that list is the same 50: the lead's note and 49 of the deal's.
    assert rows_naming(listing, "Från leaden", "Om något helt annat") == ["Från leaden"]
    assert len(rows_naming(listing, *on_the_deal)) == 49


def test_reader_sees_the_history_but_cannot_add_to_it(reader_client):
    member = SUBJECTS["member"]()
    NoteFactory(member=member, text="Möte om e-arkivet")

    detail = reader_client.get(member.get_absolute_url())
    response = reader_client.post(quick_add("member", member), {"text": "Får inte"}, headers=HTMX)

    assert timeline(detail) == ["Möte om e-arkivet"]
    assert quick_add("member", member) not in page(detail)
    assert response.status_code == 403
    assert not Note.objects.filter(text="Får inte").exists()


def test_anonymous_user_cannot_add_a_note(client):
    member = SUBJECTS["member"]()
    url = quick_add("member", member)

    response = client.post(url, {"text": "Anonym"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert Note.objects.count() == 0


def test_note_on_a_record_that_does_not_exist_is_not_found(editor_client):
    response = editor_client.post(
        reverse("notes:quick_add", args=["deal", 999]), {"text": "Finns inte"}, headers=HTMX
    )

    assert response.status_code == 404
    assert Note.objects.count() == 0


def test_a_note_can_be_dated_when_it_happened(editor_client):
    """A call last Tuesday is written down today: the timeline sorts by when it happened."""
    deal = DealFactory()
    NoteFactory(member=None, deal=deal, text="Nyare anteckning")
    url = reverse("notes:quick_add", args=["deal", deal.pk])
    editor_client.post(
        url,
        {"kind": "call", "occurred_at": "2025-03-04T10:30", "text": "Samtal i mars"},
        HTTP_HX_REQUEST="true",
    )
    note = Note.objects.get(text="Samtal i mars")
    assert timezone.localtime(note.occurred_at).replace(tzinfo=None) == datetime.datetime(
        2025, 3, 4, 10, 30
    )
    content = editor_client.get(deal.get_absolute_url()).content.decode()
    assert content.index("Nyare anteckning") < content.index("Samtal i mars")
