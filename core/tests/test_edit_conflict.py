"""No lost edits: a save based on an outdated form is refused, never a silent overwrite."""

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from core.roles import EDITOR
from core.services import EditConflict, record_claim, version_token
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from members.tests.factories import MemberFactory
from tests.html import messages, page, text

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'<input type="hidden" name="record_version" value="([^"]+)"')


def token_in(response) -> str:
    match = TOKEN_RE.search(page(response))
    assert match, "the edit form carries no version token"
    return match.group(1)


def contact_form(contact, token, **changes):
    data = {
        "member": contact.member_id,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "title": contact.title,
        "email": contact.email,
        "phone": contact.phone,
        "is_active": "on",
        "record_version": token,
    }
    return {**data, **changes}


def in_english(client):
    """Strings added with this feature are asserted in English, the source language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def shown_value(response, name) -> str:
    """The value the form shows in text input ``name``."""
    match = re.search(rf'<input type="text" name="{name}" value="([^"]*)"', page(response))
    assert match, name
    return html.unescape(match.group(1))


def conflict_rows(response) -> dict[str, list[str]]:
    """{field name: [before, theirs, yours]} from the conflict table."""
    rows = re.findall(r'<tr data-field="(\w+)">(.*?)</tr>', page(response), re.S)
    return {
        name: [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][1:]
        for name, row in rows
    }


@pytest.fixture
def colleague(login):
    return login(
        UserFactory(username="kollega", first_name="Karin", last_name="Berg", roles=[EDITOR])
    )


def test_the_edit_form_carries_the_version_it_was_opened_on(editor_client):
    contact = ContactFactory()

    response = editor_client.get(reverse("contacts:edit", args=[contact.pk]))

    assert token_in(response) == version_token(contact)


def test_the_add_form_has_no_version(editor_client):
    response = editor_client.get(reverse("contacts:add"))

    assert TOKEN_RE.search(page(response)) is None


def test_a_save_without_conflict_is_stored(editor_client):
    contact = ContactFactory(title="IT-chef")
    url = reverse("contacts:edit", args=[contact.pk])
    token = token_in(editor_client.get(url))

    response = editor_client.post(url, contact_form(contact, token, title="Digitaliseringschef"))

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.title == "Digitaliseringschef"


def test_the_second_of_two_saves_of_the_same_version_is_refused(editor_client, colleague):
    member = MemberFactory(name="Åre kommun")
    contact = ContactFactory(title="IT-chef", phone="", member=member, last_name="Ek")
    url = reverse("contacts:edit", args=[contact.pk])
    # Both open the form on the same version.
    mine = token_in(editor_client.get(url))
    theirs = token_in(colleague.get(url))

    first = colleague.post(url, contact_form(contact, theirs, title="CIO", phone="070-123 45 67"))
    second = in_english(editor_client).post(
        url, contact_form(contact, mine, title="Digitaliseringschef", last_name="Öberg")
    )

    assert first.status_code == 302
    assert second.status_code == 409
    # Nothing of the refused save was stored: the colleague's save stands.
    contact.refresh_from_db()
    assert (contact.title, contact.phone, contact.last_name) == ("CIO", "070-123 45 67", "Ek")
    # The user's input is shown again, to re-apply.
    assert shown_value(second, "title") == "Digitaliseringschef"
    assert shown_value(second, "last_name") == "Öberg"
    # A message naming who saved in between, and when.
    errors = text(page(second))
    assert "Karin Berg saved this record at" in errors
    assert f"{timezone.localtime(contact.updated_at):%Y-%m-%d %H:%M}" in errors
    # What they changed: before, their value, your value.
    assert conflict_rows(second) == {
        "title": ["IT-chef", "CIO", "Digitaliseringschef"],
        "phone": ["—", "070-123 45 67", "not changed by you: theirs is kept"],
    }
    assert messages(second) == []


def test_a_field_only_they_changed_is_taken_over_into_the_form(editor_client, colleague):
    contact = ContactFactory(title="IT-chef", phone="", is_active=True)
    url = reverse("contacts:edit", args=[contact.pk])
    mine = token_in(editor_client.get(url))
    colleague.post(
        url,
        {
            **contact_form(contact, token_in(colleague.get(url)), phone="070-123 45 67"),
            "is_active": "",
        },
    )

    refused = editor_client.post(url, contact_form(contact, mine, title="CIO"))

    assert shown_value(refused, "title") == "CIO"  # the user's own change
    assert shown_value(refused, "phone") == "070-123 45 67"  # theirs, not the stale ""
    assert not refused.context["form"]["is_active"].value()


def test_saving_again_after_a_conflict_keeps_both_changes(editor_client, colleague):
    contact = ContactFactory(title="IT-chef", phone="")
    url = reverse("contacts:edit", args=[contact.pk])
    mine = token_in(editor_client.get(url))
    colleague.post(url, contact_form(contact, token_in(colleague.get(url)), phone="070-123 45 67"))
    refused = editor_client.post(url, contact_form(contact, mine, title="Digitaliseringschef"))

    # The user presses Save again on the form as it came back.
    again = editor_client.post(url, dict(refused.context["form"].data.lists()))

    assert again.status_code == 302
    contact.refresh_from_db()
    assert (contact.title, contact.phone) == ("Digitaliseringschef", "070-123 45 67")


def test_a_workflow_step_in_between_also_counts_as_a_change(editor_client, colleague):
    contact = ContactFactory(last_verified=None)
    url = reverse("contacts:edit", args=[contact.pk])
    mine = token_in(editor_client.get(url))
    colleague.post(reverse("contacts:verify", args=[contact.pk]))

    response = editor_client.post(url, contact_form(contact, mine, title="CIO"))

    assert response.status_code == 409
    assert list(conflict_rows(response)) == ["last_verified"]
    contact.refresh_from_db()
    assert contact.title != "CIO" and contact.last_verified is not None


def test_a_conflict_on_a_deal_lists_changed_contacts_by_name(editor_client, colleague):
    member = MemberFactory()
    anna = ContactFactory(member=member, first_name="Anna", last_name="Ek")
    deal = DealFactory(member=member, title="E-arkiv")
    url = reverse("deals:edit", args=[deal.pk])
    data = {
        "title": "E-arkiv",
        "member": member.pk,
        "service": deal.service_id,
        "stage": Deal.Stage.NEW,
        "probability": "10",
    }
    mine = token_in(editor_client.get(url))
    colleague.post(
        url, {**data, "contacts": [anna.pk], "record_version": token_in(colleague.get(url))}
    )

    response = in_english(editor_client).post(
        url, {**data, "title": "E-arkiv 2", "record_version": mine}
    )

    assert response.status_code == 409
    assert conflict_rows(response)["contacts"] == [
        "—",
        "Anna Ek",
        "not changed by you: theirs is kept",
    ]
    assert response.context["form"]["contacts"].value() == [str(anna.pk)]
    deal.refresh_from_db()
    assert deal.title == "E-arkiv" and list(deal.contacts.all()) == [anna]


def test_only_one_of_two_claims_on_the_same_version_wins(editor):
    contact = ContactFactory()
    token = version_token(contact)

    record_claim(record=contact, version=token)
    contact.stamp(editor)
    contact.save()  # the first save moves the record to a new version

    with pytest.raises(EditConflict):
        record_claim(record=Contact.objects.get(pk=contact.pk), version=token)


def test_a_damaged_token_is_refused_rather_than_saved(editor_client):
    contact = ContactFactory(title="IT-chef")
    url = reverse("contacts:edit", args=[contact.pk])

    response = editor_client.post(url, contact_form(contact, "not-a-time", title="CIO"))

    assert response.status_code == 409
    contact.refresh_from_db()
    assert contact.title == "IT-chef"
