"""A save that loses a race for a unique value (someone saved the same email or name after
this form was checked, before it was saved) comes back as the form's ordinary "already
exists" error with the user's input, never a server error; a database error the form cannot
explain is not hidden.

The other save is made here between the form's check and its save, in the same connection:
tests/test_concurrency.py has two real requests at once.
"""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from contacts.forms import ContactForm
from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from members.tests.factories import MemberFactory
from services.forms import ServiceForm
from services.models import Service
from services.tests.factories import ServiceFactory
from tests.html import field_errors, page

pytestmark = pytest.mark.django_db


def meanwhile(monkeypatch, form_class, make):
    """Once ``form_class`` has checked its data, someone else saves ``make()`` first."""
    full_clean = form_class.full_clean
    done = []

    def checked_then_overtaken(form):
        full_clean(form)
        if form.is_bound and not done:
            done.append(make())

    monkeypatch.setattr(form_class, "full_clean", checked_then_overtaken)


def test_a_contact_added_with_an_email_someone_just_took(editor_client, monkeypatch):
    member = MemberFactory(name="Åre kommun")
    meanwhile(monkeypatch, ContactForm, lambda: ContactFactory(email="asa.oberg@are.se"))

    response = editor_client.post(
        reverse("contacts:add"),
        {
            "member": member.pk,
            "first_name": "Åsa",
            "last_name": "Öberg",
            "email": "Asa.Oberg@are.se",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    [error] = field_errors(response, "email")
    assert error.startswith("Kontakt med detta E-post finns redan.")
    assert 'value="Öberg"' in page(response)  # the user's input is kept
    assert list(Contact.objects.values_list("first_name", flat=True)) != ["Åsa"]
    assert Contact.objects.filter(email="asa.oberg@are.se").count() == 1


def test_a_service_renamed_to_a_name_someone_just_took(editor_client, monkeypatch):
    service = ServiceFactory(name="Digidel")
    meanwhile(monkeypatch, ServiceForm, lambda: ServiceFactory(name="EGIL"))

    response = editor_client.post(
        reverse("services:edit", args=[service.pk]),
        {"name": "EGIL", "kind": service.kind, "status": service.status},
    )

    assert response.status_code == 200
    assert field_errors(response, "name") == ["Tjänst med detta Namn finns redan."]
    service.refresh_from_db()
    assert service.name == "Digidel"
    assert Service.objects.filter(name="EGIL").count() == 1


def test_a_database_error_the_form_cannot_explain_is_not_hidden(editor_client, monkeypatch):
    def broken_save(form, commit=True):
        raise IntegrityError("something the form does not check")

    monkeypatch.setattr(ContactForm, "save", broken_save)
    member = MemberFactory()

    with pytest.raises(IntegrityError):
        editor_client.post(
            reverse("contacts:add"),
            {"member": member.pk, "first_name": "Åsa", "last_name": "Öberg", "is_active": "on"},
        )
