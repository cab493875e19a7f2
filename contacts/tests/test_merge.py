"""Merging two records of one person: what moves, what is kept, history, and who may."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from contacts.models import Contact
from contacts.services import contact_merge
from contacts.tests.factories import ContactFactory
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.tests.factories import MemberFactory
from notes.tests.factories import NoteFactory
from security.models import SecurityEvent

pytestmark = pytest.mark.django_db

# Every relation to Contact and where contact_merge moves it. A new relation fails
# test_merge_knows_every_relation_to_contact until the merge moves it too.
MOVED_RELATIONS = {"deals", "notes", "leads", "tasks"}


def test_merge_knows_every_relation_to_contact():
    assert {rel.name for rel in Contact._meta.related_objects} == MOVED_RELATIONS


@pytest.fixture
def pair():
    member = MemberFactory()
    keep = ContactFactory(member=member, first_name="Anna", last_name="Ek", phone="", title="")
    remove = ContactFactory(
        member=member,
        first_name="Anna",
        last_name="Ek",
        phone="0303-33 00 00",
        title="IT-chef",
        email="anna.privat@example.se",
    )
    return keep, remove


def test_merge_moves_deals_notes_and_leads_to_the_kept_contact(pair, administrator):
    keep, remove = pair
    shared_deal = DealFactory(member=keep.member)
    shared_deal.contacts.add(keep, remove)
    own_deal = DealFactory(member=keep.member)
    own_deal.contacts.add(remove)
    note = NoteFactory(member=None, contact=remove)
    lead = LeadFactory(status=Lead.Status.CONVERTED, converted_contact=remove, member=remove.member)

    contact_merge(keep=keep, remove=remove, user=administrator)

    assert not Contact.objects.filter(pk=remove.pk).exists()
    assert list(shared_deal.contacts.all()) == [keep]
    assert list(own_deal.contacts.all()) == [keep]
    note.refresh_from_db()
    lead.refresh_from_db()
    assert note.contact == keep
    assert lead.converted_contact == keep
    # Each moved record says so in its history, by whom.
    for record in (own_deal, note, lead):
        latest = record.history.latest()
        assert latest.history_user == administrator
        assert f"#{remove.pk}" in latest.history_change_reason


def test_merge_fills_the_kept_contacts_empty_fields_and_is_in_its_history(pair, administrator):
    keep, remove = pair
    keep.email = None
    keep.last_verified = datetime.date(2025, 1, 1)
    keep.save()
    remove.last_verified = datetime.date(2026, 2, 1)
    remove.save()

    with override("en"):
        merged = contact_merge(keep=keep, remove=remove, user=administrator)

    merged.refresh_from_db()
    assert (merged.phone, merged.title, merged.email) == (
        "0303-33 00 00",
        "IT-chef",
        "anna.privat@example.se",
    )
    assert merged.last_verified == datetime.date(2026, 2, 1)  # the later verification
    latest = merged.history.latest()
    assert latest.history_user == administrator
    assert latest.history_change_reason.endswith(f"#{remove.pk}")
    assert merged.updated_by == administrator
    # The removed contact's deletion is in the history too.
    deleted = Contact.history.filter(id=remove.pk).latest()
    assert deleted.history_type == "-"


def test_merge_keeps_the_kept_contacts_own_values(pair, administrator):
    keep, remove = pair
    keep.phone, keep.title = "08-1", "Rektor"
    keep.save()

    merged = contact_merge(keep=keep, remove=remove, user=administrator)

    assert (merged.phone, merged.title) == ("08-1", "Rektor")


def test_merge_is_a_security_event(pair, administrator):
    keep, remove = pair
    remove_pk = remove.pk

    contact_merge(keep=keep, remove=remove, user=administrator)

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.MERGE)
    assert event.user == administrator
    assert (event.detail["kept"], event.detail["removed"]) == (keep.pk, remove_pk)


def test_a_contact_cannot_be_merged_with_itself(pair, administrator):
    keep, _remove = pair
    with pytest.raises(ValidationError):
        contact_merge(keep=keep, remove=keep, user=administrator)
    assert Contact.objects.filter(pk=keep.pk).exists()


def test_contacts_at_different_members_can_be_merged(administrator):
    keep = ContactFactory()
    remove = ContactFactory()  # another member: the person moved

    merged = contact_merge(keep=keep, remove=remove, user=administrator)

    assert merged.member == keep.member
    assert Contact.objects.count() == 1


# --- pages ------------------------------------------------------------------------------------


def test_the_confirmation_shows_both_records_side_by_side(pair, administrator_client):
    keep, remove = pair
    NoteFactory(member=None, contact=remove)
    response = administrator_client.get(reverse("contacts:merge", args=[keep.pk, remove.pk]))

    assert response.status_code == 200
    with override("en"):
        rows = {str(label): values for label, *values in response.context["rows"]}
        assert rows["phone"] == [None, "0303-33 00 00", "0303-33 00 00"]
        assert rows["notes"] == [0, 1, 1]
    assert not response.context["other_member"]
    page = response.content.decode()
    assert keep.get_absolute_url() in page and remove.get_absolute_url() in page
    assert Contact.objects.count() == 2  # showing it changes nothing


def test_the_confirmation_warns_when_the_members_differ(administrator_client):
    keep, remove = ContactFactory(), ContactFactory()
    response = administrator_client.get(reverse("contacts:merge", args=[keep.pk, remove.pk]))
    assert response.context["other_member"]
    assert str(remove.member) in response.content.decode()


def test_an_administrator_merges_from_the_page(pair, administrator_client):
    keep, remove = pair
    response = administrator_client.post(reverse("contacts:merge", args=[keep.pk, remove.pk]))

    assert response.status_code == 302
    assert response.url == keep.get_absolute_url()
    assert list(Contact.objects.all()) == [keep]


def test_merging_a_contact_with_itself_is_refused_on_the_page(pair, administrator_client):
    keep, _remove = pair
    response = administrator_client.post(reverse("contacts:merge", args=[keep.pk, keep.pk]))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Contact.objects.filter(pk=keep.pk).exists()


def test_editors_and_readers_cannot_merge(pair, editor_client, reader_client):
    keep, remove = pair
    url = reverse("contacts:merge", args=[keep.pk, remove.pk])
    for client in (editor_client, reader_client):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert Contact.objects.count() == 2
