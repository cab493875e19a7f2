"""Exporting and erasing a person (GDPR): what is kept, what goes, and that the name is gone."""

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from contacts.tests.factories import ContactFactory
from core.fields import LegalBasis
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from notes.models import Note
from notes.tests.factories import NoteFactory
from privacy.services import person_erase, person_export
from security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def edit(record, user, **values):
    for name, value in values.items():
        setattr(record, name, value)
    record.stamp(user)
    record.save()


def stored_anywhere(*needles: str) -> list[str]:
    """Every table and text column in the database holding one of ``needles``."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        text_fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for field in text_fields:
            for needle in needles:
                if model._base_manager.filter(**{f"{field.name}__icontains": needle}).exists():
                    found.append(f"{model._meta.db_table}.{field.column}: {needle}")
    return found


@pytest.fixture
def person(editor):
    """A contact who came from a lead, with notes about both, edited a few times."""
    lead = LeadFactory(
        first_name="Zlatana",
        last_name="Quistberg",
        email="zlatana.q@kommun.example",
        organisation_name="Quistbergs konsult",
        status=Lead.Status.CONVERTED,
        converted_contact=ContactFactory(
            first_name="Zlatana",
            last_name="Quistberg",
            email="zlatana.q@kommun.example",
            title="IT-chef",
            phone="070-111 22 33",
        ),
    )
    contact = lead.converted_contact
    edit(contact, editor, title="Digitaliseringschef")
    NoteFactory(
        contact=contact,
        member=None,
        text="Ringde Zlatana Quistberg om Ekonomi; zlatana.q@kommun.example svarar.",
    )
    NoteFactory(lead=lead, member=None, text="Träffade Zlatana på mässan")
    deal = DealFactory(member=contact.member, lead=lead, title="Kommunen: Zlatana Quistberg")
    deal.contacts.add(contact)
    return contact


def test_export_of_a_contact_holds_the_record_notes_history_and_leads(person):
    data = json.loads(json.dumps(person_export(record=person), cls=DjangoJSONEncoder))

    assert data["type"] == "contact" and data["id"] == person.pk
    assert data["record"]["first_name"] == "Zlatana"
    assert data["record"]["email"] == "zlatana.q@kommun.example"
    assert data["record"]["member"] == {"id": person.member_id, "name": person.member.name}
    assert data["record"]["legal_basis"] == LegalBasis.LEGITIMATE_INTEREST
    assert "search_text" not in data["record"]
    assert [note["text"] for note in data["notes"]] == [
        "Ringde Zlatana Quistberg om Ekonomi; zlatana.q@kommun.example svarar.",
        "Träffade Zlatana på mässan",
    ]
    titles = [version["fields"]["title"] for version in data["history"]]
    assert titles == ["IT-chef", "Digitaliseringschef"]
    assert [lead["record"]["organisation_name"] for lead in data["leads"]] == ["Quistbergs konsult"]
    assert data["leads"][0]["history"]
    assert [deal["title"] for deal in data["deals"]] == ["Kommunen: Zlatana Quistberg"]


def test_export_of_a_lead_holds_its_notes_and_history():
    lead = LeadFactory(first_name="Göran")
    NoteFactory(lead=lead, member=None, text="Första samtalet")

    data = person_export(record=lead)

    assert data["type"] == "lead"
    assert data["record"]["first_name"] == "Göran"
    assert [note["text"] for note in data["notes"]] == ["Första samtalet"]
    assert len(data["history"]) == 1
    assert "leads" not in data


def test_after_erasure_the_person_is_nowhere_in_the_database(person, administrator):
    LogEntry.objects.log_actions(
        user_id=administrator.pk, queryset=[person], action_flag=CHANGE, change_message="x"
    )

    person_erase(record=person, user=administrator)

    assert stored_anywhere("Quistberg", "zlatana.q@kommun.example", "070-111 22 33") == []


def test_erasure_keeps_the_notes_without_the_name(person, administrator):
    notes = set(Note.objects.values_list("pk", flat=True))

    person_erase(record=person, user=administrator)

    assert set(Note.objects.values_list("pk", flat=True)) == notes
    assert sorted(Note.objects.values_list("text", flat=True)) == [
        "Ringde [borttaget] om Ekonomi; [borttaget] svarar.",
        "Träffade [borttaget] på mässan",
    ]


def test_erasure_anonymises_the_contact_and_the_lead_it_came_from(person, administrator):
    lead = person.leads.get()

    person_erase(record=person, user=administrator)

    person.refresh_from_db()
    lead.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Borttagen", "person")
    assert (person.email, person.phone, person.title, person.is_active) == (None, "", "", False)
    assert str(lead) == "Borttagen person"
    assert (lead.email, lead.organisation_name) == ("", "")
    assert lead.converted_contact == person  # the records and their links stay
    assert person.deals.get().title == "Kommunen: [borttaget]"


def test_erasure_purges_the_persons_change_history(person, administrator):
    person_erase(record=person, user=administrator)

    (only,) = person.history.all()
    assert only.history_user == administrator
    assert only.history_change_reason == "Personuppgifter borttagna"
    assert only.first_name == "Borttagen"


def test_erasure_is_recorded_without_the_personal_data(person, administrator):
    lead = person.leads.get()

    person_erase(record=person, user=administrator)

    events = SecurityEvent.objects.filter(kind="erasure").order_by("id")
    assert [(e.user, e.detail) for e in events] == [
        (administrator, {"model": "contacts.contact", "record_id": person.pk}),
        (administrator, {"model": "leads.lead", "record_id": lead.pk}),
    ]


def test_erasing_a_lead_leaves_the_contact_it_became(person, administrator):
    lead = person.leads.get()

    person_erase(record=lead, user=administrator)

    lead.refresh_from_db()
    person.refresh_from_db()
    assert str(lead) == "Borttagen person"
    assert person.full_name == "Zlatana Quistberg"
    # Only the lead's own notes lose the name.
    assert Note.objects.get(lead=lead).text == "Träffade [borttaget] på mässan"
    assert "Zlatana Quistberg" in Note.objects.get(contact=person).text


def test_a_disqualified_lead_keeps_its_reason_without_the_name(administrator):
    lead = LeadFactory(
        first_name="Per",
        last_name="Holm",
        status=Lead.Status.DISQUALIFIED,
        disqualified_reason="Per Holm har gått i pension",
    )

    person_erase(record=lead, user=administrator)

    lead.refresh_from_db()
    assert lead.disqualified_reason == "[borttaget] har gått i pension"


def test_only_whole_words_are_replaced(administrator):
    contact = ContactFactory(first_name="Bo", last_name="Ek", email=None)
    note = NoteFactory(contact=contact, member=None, text="Bo Ek i Borås, ek-skogen och Ekonomi")

    person_erase(record=contact, user=administrator)

    note.refresh_from_db()
    assert note.text == "[borttaget] i Borås, [borttaget]-skogen och Ekonomi"
    assert note.history.latest().history_user == administrator
