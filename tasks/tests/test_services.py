"""The steps of a task and the rules the database keeps."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from contracts.tests.factories import ContractFactory
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from notes.models import Note
from tasks.models import Task
from tasks.services import task_cancel, task_complete, task_create, task_postpone, task_reassign
from tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 30)


@pytest.fixture(autouse=True)
def swedish():
    """The refusals as the users read them."""
    with translation.override("sv"):
        yield


def test_completing_with_an_outcome_writes_a_note_on_the_record(editor):
    deal = DealFactory(title="E-arkiv i Kalix")
    task = TaskFactory(deal=deal, title="Ring kommunchefen")

    task = task_complete(task=task, user=editor, outcome="  Hon vill ha en offert i januari ")

    note = Note.objects.get(deal=deal)
    assert note.text == "Hon vill ha en offert i januari"
    assert note.author == editor
    assert (task.status, task.completed_by, task.outcome_note) == (Task.Status.DONE, editor, note)
    assert task.completed_at is not None


def test_completing_twice_is_refused_and_writes_no_second_note(editor):
    task = TaskFactory(deal=DealFactory())
    task_complete(task=task, user=editor, outcome="Klart")

    with pytest.raises(ValidationError, match="redan klar"):
        task_complete(task=task, user=editor, outcome="Klart igen")

    assert Note.objects.count() == 1


def test_a_personal_task_is_completed_without_an_outcome_but_not_with_one(editor):
    task = TaskFactory()

    with pytest.raises(ValidationError, match="personlig"):
        task_complete(task=task, user=editor, outcome="Gjort")
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN

    assert task_complete(task=task, user=editor).status == Task.Status.DONE


def test_postponing_moves_the_date_into_another_year(editor):
    task = TaskFactory(due_date=TODAY)

    task = task_postpone(
        task=task, user=editor, until=TODAY + datetime.timedelta(days=7), today=TODAY
    )

    assert task.due_date == datetime.date(2027, 1, 6)


def test_postponing_to_a_day_that_has_passed_is_refused(editor):
    task = TaskFactory(due_date=TODAY)

    with pytest.raises(ValidationError, match="passerat"):
        task_postpone(task=task, user=editor, until=TODAY - datetime.timedelta(days=1), today=TODAY)

    task.refresh_from_db()
    assert task.due_date == TODAY


def test_a_closed_task_is_neither_postponed_nor_reassigned(editor):
    task = TaskFactory()
    task_cancel(task=task, user=editor, reason="Avtalet förnyades")

    with pytest.raises(ValidationError):
        task_postpone(task=task, user=editor, until=datetime.date(2099, 1, 1))
    with pytest.raises(ValidationError):
        task_reassign(task=task, user=editor, assignee=UserFactory())
    task.refresh_from_db()
    assert (task.status, task.closed_reason) == (Task.Status.CANCELLED, "Avtalet förnyades")


def test_the_assignee_gets_an_email_once_the_task_is_saved(
    editor, django_capture_on_commit_callbacks
):
    britt = UserFactory(username="britt", email="britt@sambruk.se")

    with django_capture_on_commit_callbacks(execute=True):
        task = task_create(user=editor, title="Förnya EGIL-avtalet", assignee=britt)
        assert mail.outbox == []  # not before the commit

    (message,) = mail.outbox
    assert message.to == ["britt@sambruk.se"]
    assert "Förnya EGIL-avtalet" in message.subject
    assert task.get_absolute_url() in message.body
    assert message.alternatives[0][1] == "text/html"


def test_no_email_for_a_task_one_gives_oneself_nor_for_one_rolled_back(
    editor, django_capture_on_commit_callbacks
):
    editor.email = "handlaggare@sambruk.se"
    editor.save()
    britt = UserFactory(username="britt", email="britt@sambruk.se")

    with django_capture_on_commit_callbacks(execute=True):
        task_create(user=editor, title="Egen uppgift", assignee=editor)
        try:
            with transaction.atomic():
                task_create(user=editor, title="Ångrad", assignee=britt)
                raise RuntimeError
        except RuntimeError:
            pass

    assert mail.outbox == []


def test_reassigning_tells_the_new_assignee(editor, django_capture_on_commit_callbacks):
    task = TaskFactory(assignee=editor)
    cia = UserFactory(username="cia", email="cia@sambruk.se")

    with django_capture_on_commit_callbacks(execute=True):
        task_reassign(task=task, user=editor, assignee=cia)

    task.refresh_from_db()
    assert task.assignee == cia
    assert [m.to for m in mail.outbox] == [["cia@sambruk.se"]]


def test_a_task_about_two_records_is_refused_by_the_database():
    task = TaskFactory.build(deal=DealFactory(), contract=ContractFactory())
    task.assignee.save()

    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()


def test_a_done_task_without_its_time_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(status=Task.Status.DONE, completed_at=None)


def test_the_service_refuses_two_records_with_a_message(editor):
    with pytest.raises(ValidationError, match="högst en"):
        task_create(
            user=editor,
            title="Två saker",
            assignee=editor,
            deal=DealFactory(),
            contract=ContractFactory(),
        )
    assert Task.objects.count() == 0


def test_giving_a_task_to_someone_else_in_its_form_tells_them(
    editor_client, editor, django_capture_on_commit_callbacks
):
    task = TaskFactory(assignee=editor, title="Boka lokal")
    dan = UserFactory(username="dan", email="dan@sambruk.se")

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("tasks:edit", args=[task.pk]), {"title": "Boka lokal", "assignee": dan.pk}
        )

    task.refresh_from_db()
    assert task.assignee == dan
    assert [m.to for m in mail.outbox] == [["dan@sambruk.se"]]
