"""The change history of every record ("Historik över ändringar") and restoring a version."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.services import deal_win
from core.services import record_restore
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from members.models import Member
from members.services import member_change_status
from members.tests.factories import MemberFactory
from services.tests.factories import ServiceFactory
from tests.html import messages, page, text
from tests.record_types import RECORD_TYPES

pytestmark = pytest.mark.django_db

EVERY_PAGE = 4  # session, user, 2 × permissions


def versions(response) -> list[dict[str, str]]:
    """Each version shown, newest first, as {field name: "old → new"} of its changes."""
    shown = []
    for card in re.findall(
        r'<li class="card mb-2" id="version-\d+">(.*?)</li>', page(response), re.S
    ):
        rows = re.findall(r'<tr data-field="(\w+)">(.*?)</tr>', card, re.S)
        shown.append({name: text(row.split("</th>", 1)[1]) for name, row in rows})
    return shown


def in_english(client):
    """Strings added with this feature are asserted in English, the source language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def edit(record, user, **values):
    for name, value in values.items():
        setattr(record, name, value)
    record.stamp(user)
    record.save()


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=str)
def test_every_record_page_has_a_change_history_tab(reader_client, rt):
    record = rt.factory()
    history_url = reverse(f"{rt.app}:history", args=[record.pk])

    detail = reader_client.get(record.get_absolute_url())
    history = reader_client.get(history_url)

    assert f'href="{history_url}"' in page(detail)
    assert history.status_code == 200
    assert len(versions(history)) == record.history.count() >= 1


def test_history_shows_who_changed_what_and_when_field_by_field(reader_client, editor):
    editor.first_name, editor.last_name = "Karin", "Berg"
    editor.save()
    kiruna, lulea = MemberFactory(name="Kiruna kommun"), MemberFactory(name="Luleå kommun")
    contact = ContactFactory(member=kiruna, title="IT-chef", is_active=True)
    edit(contact, editor, title="CIO", member=lulea, is_active=False)

    response = in_english(reader_client).get(reverse("contacts:history", args=[contact.pk]))

    newest, created = versions(response)
    assert newest == {
        "member": "Kiruna kommun → Luleå kommun",
        "title": "IT-chef → CIO",
        "is_active": "Yes → No",
    }
    assert created["title"] == "IT-chef"  # the first version lists what it was created with
    first_card = text(page(response).split('id="version-', 2)[1])
    assert "Karin Berg" in first_card
    assert f"{contact.history.latest().history_date.astimezone():%Y-%m-%d}" in first_card


def test_history_shows_choice_labels_and_names_of_deleted_related_records(reader_client, editor):
    service = ServiceFactory(name="E-arkiv")
    deal = DealFactory(service=service, stage=Deal.Stage.NEW)
    edit(deal, editor, stage=Deal.Stage.OFFER, service=None)
    service_pk = service.pk
    service.delete()

    newest = versions(in_english(reader_client).get(reverse("deals:history", args=[deal.pk])))[0]

    assert newest["stage"] == "New → Offer"
    assert newest["service"] == f"#{service_pk} (deleted) → —"


def test_history_lists_contacts_added_to_a_deal(reader_client):
    deal = DealFactory()
    deal.contacts.add(ContactFactory(first_name="Anna", last_name="Ek"))

    newest = versions(reader_client.get(reverse("deals:history", args=[deal.pk])))[0]

    assert newest == {"contacts": "— → Anna Ek"}


def test_history_page_queries_do_not_grow_with_the_versions(
    reader_client, editor, django_assert_num_queries
):
    members = [MemberFactory() for _ in range(3)]
    contact = ContactFactory(member=members[0])
    deal = DealFactory(member=members[0])
    url = reverse("contacts:history", args=[contact.pk])
    deal_url = reverse("deals:history", args=[deal.pk])

    def add(n):
        for i in range(n):
            edit(contact, UserFactory(), title=f"Titel {i}", member=members[i % 3])
            deal.contacts.add(ContactFactory(member=members[0]))
            edit(deal, UserFactory(), title=f"Affär {i}", member=members[i % 3])

    # the record; whether the user is an administrator (restore buttons); its versions with
    # their users; the members the changes name
    expected = EVERY_PAGE + 4
    # the same, and the deal's contacts in each version (the m2m history rows); the members,
    # contacts and service the changes name
    deal_expected = EVERY_PAGE + 7
    add(5)
    with django_assert_num_queries(expected):
        small = reader_client.get(url)
    with django_assert_num_queries(deal_expected):
        deal_small = reader_client.get(deal_url)
    add(45)
    with django_assert_num_queries(expected):
        large = reader_client.get(url)
    with django_assert_num_queries(deal_expected):
        deal_large = reader_client.get(deal_url)

    assert len(versions(small)) == 6 and len(versions(large)) == 51
    assert len(versions(deal_small)) == 11 and len(versions(deal_large)) == 101


def test_a_long_history_shows_the_newest_versions(reader_client, editor):
    contact = ContactFactory()
    for i in range(4):
        edit(contact, editor, title=f"Titel {i}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("core.selectors.HISTORY_LIMIT", 3)
        patch.setattr("core.selectors.record_history.__defaults__", (3,))
        response = reader_client.get(reverse("contacts:history", args=[contact.pk]))

    shown = versions(response)
    assert [v["title"] for v in shown] == [
        "Titel 2 → Titel 3",
        "Titel 1 → Titel 2",
        "Titel 0 → Titel 1",
    ]


# --- Restore ------------------------------------------------------------------------------------


def test_administrator_restores_an_earlier_version(administrator_client, administrator, editor):
    kiruna, lulea = MemberFactory(name="Kiruna kommun"), MemberFactory(name="Luleå kommun")
    contact = ContactFactory(member=kiruna, title="IT-chef", phone="0980-123")
    old = contact.history.latest()
    edit(contact, editor, title="CIO", member=lulea, phone="")
    url = reverse("contacts:restore", args=[contact.pk, old.history_id])

    preview = in_english(administrator_client).get(url)
    response = administrator_client.post(url)

    # The confirmation page shows what would change back.
    rows = dict(re.findall(r'<tr data-field="(\w+)">(.*?)</tr>', page(preview), re.S))
    cells = [text(cell) for cell in re.findall(r"<td>(.*?)</td>", rows["title"])]
    assert cells == ["Title", "CIO", "IT-chef"]
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:history", args=[contact.pk])
    contact.refresh_from_db()
    assert (contact.title, contact.member, contact.phone) == ("IT-chef", kiruna, "0980-123")
    assert contact.updated_by == administrator
    newest = contact.history.latest()
    assert newest.history_user == administrator
    assert newest.history_change_reason == (
        f"Restored the version of {old.history_date.astimezone():%Y-%m-%d %H:%M}"
    )
    assert [level for level, _ in messages(administrator_client.get(response["Location"]))] == [
        "success"
    ]


def test_restore_puts_back_the_contacts_of_a_deal(administrator):
    deal = DealFactory()
    anna, bo = ContactFactory(member=deal.member), ContactFactory(member=deal.member)
    deal.contacts.add(anna)
    with_anna = deal.history.latest()
    deal.contacts.set([bo])

    record_restore(record=deal, history_id=with_anna.history_id, user=administrator)

    assert list(deal.contacts.all()) == [anna]


def test_restore_leaves_what_only_a_workflow_changes(administrator_client, administrator):
    """Restoring the version from before a deal was won brings back its title, not its stage:
    the deal stays won with its contract, as only the deal's workflows change a stage."""
    deal = DealFactory(title="E-arkiv", stage=Deal.Stage.OFFER)
    before = deal.history.latest()
    edit(deal, administrator, title="E-arkiv 2026")
    contract = deal_win(deal=deal, user=administrator)
    url = reverse("deals:restore", args=[deal.pk, before.history_id])

    preview = in_english(administrator_client).get(url)
    administrator_client.post(url)

    shown = dict(re.findall(r'<tr data-field="(\w+)">(.*?)</tr>', page(preview), re.S))
    assert "title" in shown and "stage" not in shown and "closed_on" not in shown
    assert "These stay as they are, since they change only through their own steps: stage" in (
        text(page(preview))
    )
    deal.refresh_from_db()
    assert (deal.title, deal.stage, deal.closed_on) == ("E-arkiv", "won", contract.start_date)


def test_restore_leaves_a_membership_decided_since(administrator):
    member = MemberFactory(name="Åre kommun")
    before = member.history.latest()
    edit(member, administrator, name="Åre")
    member_change_status(
        member=member,
        user=administrator,
        status=Member.Status.MEMBER,
        date=datetime.date(2026, 3, 12),
        decision="styrelsebeslut 2026-03-12",
    )

    record_restore(record=member, history_id=before.history_id, user=administrator)

    member.refresh_from_db()
    assert member.name == "Åre kommun"
    assert (member.status, member.member_since) == ("member", datetime.date(2026, 3, 12))


def test_a_restore_that_no_longer_fits_is_refused_with_the_reason(administrator_client, editor):
    contact = ContactFactory(email="asa@are.se")
    old = contact.history.latest()
    edit(contact, editor, email="asa.oberg@are.se")
    ContactFactory(email="asa@are.se")  # the old address now belongs to someone else

    response = in_english(administrator_client).post(
        reverse("contacts:restore", args=[contact.pk, old.history_id])
    )

    assert response.status_code == 200
    assert "Contact with this Email already exists." in text(page(response))
    contact.refresh_from_db()
    assert contact.email == "asa.oberg@are.se"


# Committed, as on the server: the database checks the references of the restored contacts
# when the transaction commits, which a test inside a rolled-back transaction never does.
@pytest.mark.django_db(transaction=True)
def test_a_version_whose_related_records_were_deleted_is_refused_naming_them(
    administrator_client, editor
):
    deal = DealFactory(title="E-arkiv")
    anna = ContactFactory(member=deal.member, first_name="Anna", last_name="Lind")
    bo = ContactFactory(member=deal.member, first_name="Bo", last_name="Ek")
    deal.contacts.set([anna, bo])
    both = deal.history.latest()
    deal.contacts.set([anna])
    edit(deal, editor, title="E-arkiv 2026")
    bo.delete()
    versions_before = deal.history.count()

    response = administrator_client.post(reverse("deals:restore", args=[deal.pk, both.history_id]))

    assert response.status_code == 200
    assert (
        "Kontakter: Bo Ek har raderats sedan den här versionen, så den kan inte återställas."
        in text(page(response))
    )
    deal.refresh_from_db()
    assert deal.title == "E-arkiv 2026"
    assert list(deal.contacts.all()) == [anna]
    assert deal.history.count() == versions_before


@pytest.mark.parametrize("role", ["reader", "editor"])
def test_only_administrators_may_restore(request, login, role):
    client = login(request.getfixturevalue(role))
    contact = ContactFactory(title="IT-chef")
    old = contact.history.latest()
    edit(contact, request.getfixturevalue("administrator"), title="CIO")
    url = reverse("contacts:restore", args=[contact.pk, old.history_id])

    history = client.get(reverse("contacts:history", args=[contact.pk]))

    assert url not in page(history)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Contact.objects.get(pk=contact.pk).title == "CIO"


def test_administrator_sees_restore_on_every_version_but_the_current(administrator_client, editor):
    member = MemberFactory()
    first = member.history.latest()
    edit(member, editor, status=Member.Status.MEMBER)
    current = member.history.latest()

    response = administrator_client.get(reverse("members:history", args=[member.pk]))

    assert reverse("members:restore", args=[member.pk, first.history_id]) in page(response)
    assert reverse("members:restore", args=[member.pk, current.history_id]) not in page(response)


def test_a_version_of_another_record_cannot_be_restored(administrator_client):
    contact, other = ContactFactory(), ContactFactory()
    url = reverse("contacts:restore", args=[contact.pk, other.history.latest().history_id])

    assert administrator_client.get(url).status_code == 404
    assert administrator_client.post(url).status_code == 404
    assert Contact.objects.get(pk=contact.pk).first_name == contact.first_name
