"""Adding a contact that may already exist: a refusal for the email, a warning for the name."""

import pytest
from django.urls import reverse

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def contact_data(member, **values):
    return {
        "member": member.pk,
        "first_name": "Åsa",
        "last_name": "Öberg",
        "email": "",
        "is_active": "on",
        **values,
    }


def test_an_email_already_in_the_crm_is_refused_with_a_link_to_its_contact(editor_client):
    existing = ContactFactory(email="asa.oberg@are.se")

    response = editor_client.post(
        reverse("contacts:add"), contact_data(existing.member, email="Asa.Oberg@ARE.se")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert existing.get_absolute_url() in errors[0]
    assert Contact.objects.count() == 1


def test_the_same_name_at_the_same_member_asks_before_saving(editor_client):
    existing = ContactFactory(first_name="Åsa", last_name="Öberg", email="asa@are.se")
    data = contact_data(existing.member, first_name="ÅSA", email="asa.privat@example.se")

    warned = editor_client.post(reverse("contacts:add"), data)

    assert warned.status_code == 200
    warning = warned.context["form"].non_field_errors()[0]
    assert existing.get_absolute_url() in warning
    assert 'type="checkbox" name="confirm_duplicate"' in warned.content.decode()
    assert Contact.objects.count() == 1

    saved = editor_client.post(reverse("contacts:add"), {**data, "confirm_duplicate": "on"})

    assert saved.status_code == 302
    assert Contact.objects.count() == 2


def test_the_same_name_at_another_member_saves_at_once(editor_client):
    ContactFactory(first_name="Åsa", last_name="Öberg")
    response = editor_client.post(reverse("contacts:add"), contact_data(MemberFactory()))

    assert response.status_code == 302
    assert Contact.objects.count() == 2
    # No warning, so no "Save anyway" box on a new form either.
    form = editor_client.get(reverse("contacts:add")).content.decode()
    assert 'type="checkbox" name="confirm_duplicate"' not in form


def test_editing_a_known_duplicate_without_touching_its_name_does_not_warn(editor_client):
    existing = ContactFactory(first_name="Åsa", last_name="Öberg")
    twin = ContactFactory(member=existing.member, first_name="Åsa", last_name="Öberg")
    data = contact_data(existing.member, email=twin.email, title="Rektor")

    response = editor_client.post(reverse("contacts:edit", args=[twin.pk]), data)

    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.title == "Rektor"
