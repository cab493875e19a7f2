"""Adding a lead that may already be in the CRM, as a lead or a contact: a warning first."""

import pytest
from django.urls import reverse

from contacts.tests.factories import ContactFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def lead_data(**values):
    return {
        "first_name": "Åsa",
        "last_name": "Öberg",
        "email": "",
        "organisation_name": "",
        "status": Lead.Status.NEW,
        **values,
    }


def warning_links(response):
    """The records the warning links to; [] when the lead was saved."""
    if response.status_code == 302:
        return []
    return list(response.context["form"].non_field_errors())


def test_a_lead_with_a_known_email_warns_and_saves_when_confirmed(editor_client):
    existing = LeadFactory(email="asa@are.se")
    data = lead_data(email="ASA@are.se")

    warned = editor_client.post(reverse("leads:add"), data)

    assert warned.status_code == 200
    assert existing.get_absolute_url() in warning_links(warned)[0]
    assert Lead.objects.count() == 1
    saved = editor_client.post(reverse("leads:add"), {**data, "confirm_duplicate": "on"})
    assert saved.status_code == 302
    assert Lead.objects.count() == 2


def test_the_same_name_and_organisation_warns(editor_client):
    existing = LeadFactory(first_name="Åsa", last_name="Öberg", organisation_name="Åre kommun")

    same = editor_client.post(reverse("leads:add"), lead_data(organisation_name="ÅRE  kommun"))
    other = editor_client.post(reverse("leads:add"), lead_data(organisation_name="Bräcke kommun"))

    assert existing.get_absolute_url() in warning_links(same)[0]
    assert warning_links(other) == []


def test_a_lead_who_is_already_a_contact_at_the_member_warns(editor_client):
    member = MemberFactory()
    contact = ContactFactory(member=member, first_name="Åsa", last_name="Öberg")

    response = editor_client.post(reverse("leads:add"), lead_data(member=member.pk))

    assert contact.get_absolute_url() in warning_links(response)[0]


def test_a_lead_with_a_contacts_email_warns(editor_client):
    contact = ContactFactory(email="asa@are.se")

    response = editor_client.post(reverse("leads:add"), lead_data(email="asa@are.se"))

    assert contact.get_absolute_url() in warning_links(response)[0]
