"""Reminders that arrive: the daily digest (once per user and day, switched off on the
account page), through a real SMTP server too, and the personal calendar feed."""

import datetime
import email
import email.policy
import socket

import icalendar
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from tasks.feeds import calendar_token_new
from tasks.models import DigestSent, ReminderSettings, Task
from tasks.reminders import digest_send
from tasks.tests.factories import TaskFactory
from tests.html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def britt():
    return UserFactory(username="britt", first_name="Britt", email="britt@sambruk.se")


def days(n):
    return datetime.timedelta(days=n)


def test_the_digest_lists_overdue_today_and_new_tasks_with_links(britt, today, settings):
    late = TaskFactory(assignee=britt, due_date=today - days(3), title="Förnya EGIL-avtalet")
    TaskFactory(assignee=britt, due_date=today, title="Ring Kalix", deal=DealFactory())
    TaskFactory(assignee=britt, due_date=today + days(20), title="Ny sedan i går")
    TaskFactory(assignee=britt, due_date=today + days(20), title="Gammal").__class__.objects.filter(
        title="Gammal"
    ).update(assigned_at=timezone.now() - days(3))
    TaskFactory(due_date=today, title="Någon annans")

    result = digest_send(today=today)

    (message,) = mail.outbox
    assert result.sent == 1
    assert message.to == ["britt@sambruk.se"]
    assert "Förnya EGIL-avtalet" in message.body
    assert "Ring Kalix" in message.body
    assert "Ny sedan i går" in message.body
    assert "Gammal" not in message.body
    assert "Någon annans" not in message.body
    assert f"{settings.CRM_BASE_URL}{late.get_absolute_url()}" in message.body
    assert message.body.index("Försenad") < message.body.index("Förfaller i dag")
    assert message.alternatives[0][1] == "text/html"


def test_a_rerun_sends_nothing_twice(britt, today):
    TaskFactory(assignee=britt, due_date=today)

    digest_send(today=today)
    again = digest_send(today=today)

    assert len(mail.outbox) == 1
    assert again.already_sent == 1
    assert DigestSent.objects.get().user == britt


def test_no_digest_when_switched_off_or_with_nothing_to_say(britt, today, login):
    TaskFactory(
        assignee=UserFactory(email="bo@sambruk.se"), due_date=today + days(30)
    ).__class__.objects.update(assigned_at=timezone.now() - days(5))
    TaskFactory(assignee=britt, due_date=today)
    login(britt).post(reverse("tasks:reminders"), {})  # the box unticked

    digest_send(today=today)

    assert mail.outbox == []
    assert ReminderSettings.objects.get(user=britt).digest is False


def test_a_refused_message_is_tried_again_on_the_next_run(britt, today, settings):
    TaskFactory(assignee=britt, due_date=today)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    failed = digest_send(today=today)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retried = digest_send(today=today)

    assert (failed.failed, retried.sent) == (1, 1)
    assert len(mail.outbox) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping what the server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def test_the_digest_goes_through_a_real_smtp_server(britt, today, settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        TaskFactory(assignee=britt, due_date=today, title="Boka möte med Region Norrbotten")

        call_command("send_task_digest")
    finally:
        controller.stop()

    (envelope,) = inbox.messages
    assert envelope.rcpt_tos == ["britt@sambruk.se"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["Subject"] == f"Dina uppgifter {today.isoformat()}"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hej Britt" in text
    assert "Boka möte med Region Norrbotten" in text
    assert "Boka möte med Region Norrbotten</a>" in html


# --- The calendar feed ------------------------------------------------------------------------


def test_the_feed_holds_open_tasks_and_contract_end_dates(britt, client, today):
    TaskFactory(assignee=britt, due_date=datetime.date(2027, 1, 8), title="Verifiera efter valet")
    TaskFactory(
        assignee=britt,
        due_date=datetime.date(2027, 1, 9),
        due_time=datetime.time(9, 30),
        title="Möte",
    )
    TaskFactory(assignee=britt, due_date=None, title="Utan datum")
    TaskFactory(assignee=britt, title="Klar", status=Task.Status.DONE, completed_at=timezone.now())
    ContractFactory(
        title="EGIL Norrbotten",
        responsible=britt,
        status=Contract.Status.ACTIVE,
        end_date=today + days(100),
    )
    token = calendar_token_new(user=britt)

    response = client.get(reverse("tasks:calendar", args=[token]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == [
        "Avtalet slutar: EGIL Norrbotten",
        "Möte",
        "Verifiera efter valet",
    ]
    whole_day = next(e for e in events if str(e["summary"]) == "Verifiera efter valet")
    assert whole_day.decoded("dtstart") == datetime.date(2027, 1, 8)


def test_a_new_token_closes_the_old_address_and_only_its_hash_is_kept(britt, client):
    old = calendar_token_new(user=britt)
    new = calendar_token_new(user=britt)

    stored = ReminderSettings.objects.get(user=britt).calendar_token_hash
    assert client.get(reverse("tasks:calendar", args=[old])).status_code == 404
    assert client.get(reverse("tasks:calendar", args=[new])).status_code == 200
    assert new not in stored and len(stored) == 64


def test_the_feed_reveals_nothing_without_the_token(britt, client):
    TaskFactory(assignee=britt, title="Hemlig")
    calendar_token_new(user=britt)

    response = client.get(reverse("tasks:calendar", args=["gissat"]))

    assert response.status_code == 404
    assert b"Hemlig" not in response.content


def test_the_account_page_shows_the_address_once(britt, login):
    client = login(britt)

    client.post(reverse("tasks:calendar_token"))
    first = page(client.get(reverse("security:account")))
    second = page(client.get(reverse("security:account")))

    assert 'id="calendar-url"' in first
    assert 'id="calendar-url"' not in second
    assert "visas inte igen" in second
