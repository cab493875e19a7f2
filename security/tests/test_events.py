"""The security log: what is recorded, and the administrators' page that shows it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.roles import ADMINISTRATOR, EDITOR, READER
from core.tests.factories import UserFactory
from security.models import SecurityEvent
from security.services import security_event_record
from tests.html import table_rows

from .factories import SecurityEventFactory

pytestmark = pytest.mark.django_db

EVENTS = reverse("security:events")
Kind = SecurityEvent.Kind


def role_changes():
    return list(
        SecurityEvent.objects.filter(kind=Kind.ROLE_CHANGE)
        .order_by("id")
        .values_list("username", "detail")
    )


def test_a_login_is_recorded_with_user_and_address(db):
    user = UserFactory(username="anna")
    client = Client(REMOTE_ADDR="192.0.2.44")
    client.post(reverse("login"), {"username": "anna", "password": "ett-bra-lösenord-2026"})
    event = SecurityEvent.objects.get(kind=Kind.LOGIN)
    assert (event.user, event.username, event.ip) == (user, "anna", "192.0.2.44")
    assert event.at <= timezone.now()


def test_role_changes_are_recorded_from_either_side(db):
    anna = UserFactory(username="anna")
    SecurityEvent.objects.all().delete()
    reader, editor = Group.objects.get(name=READER), Group.objects.get(name=EDITOR)

    anna.groups.add(reader, editor)
    anna.groups.remove(reader)
    editor.user_set.clear()
    assert role_changes() == [
        ("", {"target": "anna", "added": [EDITOR, READER]}),
        ("", {"target": "anna", "removed": [READER]}),
        ("", {"target": "anna", "removed": [EDITOR]}),
    ]


def test_a_role_change_in_the_admin_names_the_administrator(login, administrator):
    anna = UserFactory(username="anna", is_staff=False)
    administrator.is_staff = True
    administrator.save()
    SecurityEvent.objects.all().delete()
    client = login(administrator)
    response = client.post(
        reverse("admin:auth_user_change", args=[anna.pk]),
        {
            "username": "anna",
            "first_name": anna.first_name,
            "last_name": anna.last_name,
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=ADMINISTRATOR).pk],
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    changes = role_changes()
    assert ("administrator", {"target": "anna", "is_staff": True}) in changes
    assert ("administrator", {"target": "anna", "added": [ADMINISTRATOR]}) in changes


def test_the_service_records_the_requests_user_and_address(rf, editor):
    request = rf.post("/contacts/import/", REMOTE_ADDR="192.0.2.9")
    request.user = editor
    event = security_event_record(
        kind=Kind.IMPORT, request=request, what="contacts.Contact", rows=3
    )
    assert (event.user, event.username, event.ip) == (editor, "handlaggare", "192.0.2.9")
    assert event.detail == {"what": "contacts.Contact", "rows": 3}


def test_only_administrators_see_the_events(reader_client, editor_client, administrator_client):
    assert reader_client.get(EVENTS).status_code == 403
    assert editor_client.get(EVENTS).status_code == 403
    assert administrator_client.get(EVENTS).status_code == 200


def test_the_events_page_lists_and_filters(administrator_client):
    SecurityEvent.objects.all().delete()
    SecurityEventFactory(kind=Kind.LOGIN_FAILED, username="mallory", ip="198.51.100.3")
    old = SecurityEventFactory(kind=Kind.LOGIN, username="anna")
    SecurityEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    SecurityEventFactory(kind=Kind.EXPORT, username="anna", detail={"what": "members.Member"})

    def usernames(**params):
        response = administrator_client.get(EVENTS, params)
        assert response.status_code == 200
        return [row.record.username for row in response.context["table"].paginated_rows]

    assert sorted(usernames()) == ["anna", "anna", "mallory"]
    assert usernames(kind="login_failed") == ["mallory"]
    assert usernames(username="ANN") == ["anna", "anna"]
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert sorted(usernames(date_from=since)) == ["anna", "mallory"]
    assert usernames(date_to=since) == ["anna"]
    page = administrator_client.get(EVENTS, {"kind": "export"}).content.decode()
    assert "members.Member" in page
    assert reverse("security:events") + "add/" not in page  # no "add" button


@pytest.mark.parametrize("rows", [5, 50])
def test_the_events_page_queries_do_not_grow_with_the_rows(
    administrator_client, django_assert_num_queries, rows
):
    SecurityEventFactory.create_batch(rows)
    # session, user, OTP device, 2 × permissions; the page of events (LazyPaginator: no count);
    # savepoint, session update, release
    with django_assert_num_queries(6):
        response = administrator_client.get(EVENTS)
    assert len(table_rows(response)) == min(SecurityEvent.objects.count(), 50)


def test_the_events_are_read_only_in_the_admin(login, admin_user):
    event = SecurityEventFactory()
    client = login(admin_user)
    assert client.get(reverse("admin:security_securityevent_changelist")).status_code == 200
    assert client.get(reverse("admin:security_securityevent_add")).status_code == 403
    change = client.get(reverse("admin:security_securityevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    delete = reverse("admin:security_securityevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_everyone_sees_their_own_recent_events(editor, login):
    SecurityEventFactory(kind=Kind.LOGIN_FAILED, username="handlaggare", user=editor)
    SecurityEventFactory(kind=Kind.LOGIN_FAILED, username="someone-else")
    response = login(editor).get(reverse("security:account"))
    assert response.status_code == 200
    assert {e.user for e in response.context["events"]} == {editor}
    assert Kind.LOGIN_FAILED in [e.kind for e in response.context["events"]]


def test_an_export_is_recorded_with_its_filters_by_name_only(reader_client, reader):
    from contacts.tests.factories import ContactFactory

    ContactFactory.create_batch(2, last_name="Söderberg")
    ContactFactory(last_name="Nilsson")
    response = reader_client.get(reverse("contacts:list"), {"q": "söderberg", "_export": "csv"})
    b"".join(response.streaming_content)  # the event is written once the last row is

    event = SecurityEvent.objects.get(kind=Kind.EXPORT)
    assert event.user == reader
    assert event.detail == {
        "what": "contacts.Contact",
        "format": "csv",
        "rows": 2,
        "filters": ["q"],
    }


def test_administrators_can_export_the_events(administrator_client):
    SecurityEventFactory(kind=Kind.LOGIN_FAILED, username="mallory", ip="198.51.100.3")
    response = administrator_client.get(EVENTS, {"kind": "login_failed", "_export": "csv"})
    assert response.status_code == 200
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2  # the header and mallory's failed login
    assert "mallory" in rows[1]
    assert "198.51.100.3" in rows[1]
    # Exporting the log is itself recorded.
    assert SecurityEvent.objects.filter(
        kind=Kind.EXPORT, detail__what="security.SecurityEvent"
    ).exists()
