"""The personal-data pages: export and erasure from a person's page, the stale-lead review,
and the legal basis on the edit forms. Administrators only, except the legal basis."""

import datetime
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from core.fields import LegalBasis
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.tests.factories import MemberFactory
from notes.tests.factories import NoteFactory
from security.models import SecurityEvent
from tests.html import messages, page, text

pytestmark = pytest.mark.django_db


def urls(record):
    label = record._meta.app_label
    return (
        reverse(f"privacy:{label}_export", args=[record.pk]),
        reverse(f"privacy:{label}_erase", args=[record.pk]),
    )


def make_person(kind):
    # A surname Faker never gives the other people on the page (users, note authors).
    if kind == "contacts":
        return ContactFactory(first_name="Maj", last_name="Sjölinder")
    return LeadFactory(first_name="Maj", last_name="Sjölinder")


def untouched_since(lead, when):
    Lead.objects.filter(pk=lead.pk).update(updated_at=when)


@pytest.mark.parametrize("kind", ["contacts", "leads"])
def test_administrator_finds_export_and_erase_on_the_persons_page(administrator_client, kind):
    person = make_person(kind)

    response = administrator_client.get(person.get_absolute_url())

    for url in urls(person):
        assert f'href="{url}"' in page(response)


@pytest.mark.parametrize("role", ["reader", "editor"])
@pytest.mark.parametrize("kind", ["contacts", "leads"])
def test_others_neither_see_nor_open_export_and_erase(request, login, role, kind):
    client = login(request.getfixturevalue(role))
    person = make_person(kind)
    export_url, erase_url = urls(person)

    detail = client.get(person.get_absolute_url())

    assert export_url not in page(detail) and erase_url not in page(detail)
    assert client.get(export_url).status_code == 403
    assert client.get(erase_url).status_code == 403
    assert client.post(erase_url).status_code == 403
    person.refresh_from_db()
    assert person.first_name == "Maj"
    assert not SecurityEvent.objects.filter(kind__in=["export", "erasure"]).exists()


@pytest.mark.parametrize("kind", ["contacts", "leads"])
def test_export_downloads_everything_as_json(administrator_client, administrator, kind):
    person = make_person(kind)
    NoteFactory(member=None, text="Samtal om e-arkiv", **{kind[:-1]: person})

    response = administrator_client.get(urls(person)[0])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="personuppgifter-{kind[:-1]}-{person.pk}.json"'
    )
    assert response["Cache-Control"] == "no-store"  # no copy in a browser's or proxy's cache
    data = json.loads(response.content)
    assert data["record"]["last_name"] == "Sjölinder"
    assert [note["text"] for note in data["notes"]] == ["Samtal om e-arkiv"]
    assert data["history"]
    event = SecurityEvent.objects.get(kind="export")
    assert event.user == administrator
    assert event.detail == {"model": person._meta.label_lower, "record_id": person.pk}


@pytest.mark.parametrize("kind", ["contacts", "leads"])
def test_administrator_erases_after_confirming(administrator_client, kind):
    person = make_person(kind)
    NoteFactory(member=None, text="Maj Sjölinder ringde", **{kind[:-1]: person})
    erase_url = urls(person)[1]

    confirm = administrator_client.get(erase_url)
    response = administrator_client.post(erase_url)

    assert confirm.status_code == 200
    assert "Maj Sjölinder" in text(page(confirm))
    assert 'method="post"' in page(confirm)
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    person.refresh_from_db()
    assert str(person) == "Borttagen person"
    assert person.notes.get().text == "[borttaget] ringde"
    shown = administrator_client.get(response["Location"])
    assert [level for level, _ in messages(shown)] == ["success"]
    assert "Sjölinder" not in page(shown)


def test_erase_confirmation_names_the_leads_erased_with_a_contact(administrator_client):
    contact = ContactFactory()
    lead = LeadFactory(
        first_name="Åke", last_name="Ström", status=Lead.Status.CONVERTED, converted_contact=contact
    )

    confirm = administrator_client.get(urls(contact)[1])

    assert f'href="{lead.get_absolute_url()}"' in page(confirm)


# --- Stale leads ---------------------------------------------------------------------------------


def test_stale_lead_list_shows_only_leads_untouched_for_the_set_time(
    administrator_client, settings
):
    settings.PRIVACY_STALE_LEAD_MONTHS = 24
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=800)
    stale = LeadFactory(first_name="Gammal", last_name="Lead")
    recent = LeadFactory(first_name="Ny", last_name="Lead")
    noted = LeadFactory(first_name="Antecknad", last_name="Lead")
    converted = LeadFactory(
        first_name="Konverterad", status=Lead.Status.CONVERTED, converted_contact=ContactFactory()
    )
    with_deal = LeadFactory(first_name="Affär")
    DealFactory(lead=with_deal)
    NoteFactory(lead=noted, member=None, occurred_at=now - datetime.timedelta(days=30))
    for lead in (stale, noted, converted, with_deal):
        untouched_since(lead, long_ago)
    untouched_since(recent, now - datetime.timedelta(days=600))

    response = administrator_client.get(reverse("privacy:stale_leads"))

    assert response.status_code == 200
    assert [lead.pk for lead in response.context["leads"]] == [stale.pk]
    assert reverse("privacy:leads_erase", args=[stale.pk]) in page(response)


def test_an_erased_lead_is_no_longer_listed(administrator_client, administrator):
    lead = LeadFactory()
    untouched_since(lead, timezone.now() - datetime.timedelta(days=800))
    administrator_client.post(urls(lead)[1])
    untouched_since(lead, timezone.now() - datetime.timedelta(days=800))

    response = administrator_client.get(reverse("privacy:stale_leads"))

    assert list(response.context["leads"]) == []


@pytest.mark.parametrize("role", ["reader", "editor"])
def test_only_administrators_review_stale_leads(request, login, role):
    client = login(request.getfixturevalue(role))

    assert client.get(reverse("privacy:stale_leads")).status_code == 403


def test_stale_lead_list_queries_do_not_grow_with_the_rows(
    administrator_client, django_assert_num_queries
):
    long_ago = timezone.now() - datetime.timedelta(days=800)

    def add(n):
        for _ in range(n):
            lead = LeadFactory(member=MemberFactory(), owner=UserFactory())
            NoteFactory(lead=lead, member=None, occurred_at=long_ago)
            Lead.objects.filter(pk=lead.pk).update(updated_at=long_ago)
            lead.notes.update(updated_at=long_ago)

    # session, user, the administrator's two-factor device, whether the user is an
    # administrator, the count of stale leads, the page of them with members, owners and
    # newest notes
    expected = 6
    add(5)
    with django_assert_num_queries(expected):
        small = administrator_client.get(reverse("privacy:stale_leads"))
    add(45)
    with django_assert_num_queries(expected):
        large = administrator_client.get(reverse("privacy:stale_leads"))

    assert len(small.context["leads"]) == 5
    assert len(large.context["leads"]) == 50


# --- Legal basis ---------------------------------------------------------------------------------


def test_a_new_contact_has_legitimate_interest_as_its_legal_basis(editor_client):
    member = MemberFactory()

    editor_client.post(
        reverse("contacts:add"), {"member": member.pk, "first_name": "Ida", "last_name": "Lund"}
    )

    assert Contact.objects.get().legal_basis == LegalBasis.LEGITIMATE_INTEREST


def test_the_legal_basis_is_set_on_the_form_and_shown_on_the_page(editor_client):
    lead = LeadFactory()
    form = editor_client.get(reverse("leads:edit", args=[lead.pk]))
    data = {
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "status": lead.status,
        "legal_basis": LegalBasis.CONSENT,
    }

    editor_client.post(reverse("leads:edit", args=[lead.pk]), data)

    assert 'name="legal_basis"' in page(form)
    lead.refresh_from_db()
    assert lead.legal_basis == LegalBasis.CONSENT
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the label's source text
    assert "Legal basis Consent" in text(page(editor_client.get(lead.get_absolute_url())))


def test_a_converted_lead_passes_its_legal_basis_to_the_contact(editor):
    from deals.services import lead_convert

    lead = LeadFactory(legal_basis=LegalBasis.CONSENT)

    result = lead_convert(lead=lead, user=editor, member=MemberFactory())

    assert result.contact.legal_basis == LegalBasis.CONSENT


def test_a_form_posted_without_the_legal_basis_keeps_the_stored_one(editor_client):
    contact = ContactFactory(legal_basis=LegalBasis.CONTRACT)
    data = {
        "member": contact.member_id,
        "first_name": contact.first_name,
        "last_name": "Lund",
        "email": contact.email,
    }

    response = editor_client.post(reverse("contacts:edit", args=[contact.pk]), data)

    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.last_name, contact.legal_basis) == ("Lund", LegalBasis.CONTRACT)
