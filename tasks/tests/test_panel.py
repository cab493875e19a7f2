"""The tasks panel on a record's page: loaded by htmx, a task added, completed with an
outcome (which the notes panel then shows), postponed and given to someone else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from members.tests.factories import MemberFactory
from notes.models import Note
from tasks.models import Task
from tasks.tests.factories import TaskFactory
from tests.html import page

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def panel_url(subject_field, record):
    return reverse("tasks:panel", args=[subject_field, record.pk])


def test_the_record_page_loads_its_tasks_panel_by_htmx(reader_client):
    deal = DealFactory()

    html = page(reader_client.get(deal.get_absolute_url()))

    assert f'hx-get="{panel_url("deal", deal)}"' in html
    assert 'hx-trigger="load"' in html


def test_a_reader_sees_the_open_tasks_but_no_forms(reader_client):
    deal = DealFactory()
    TaskFactory(deal=deal, title="Skicka offerten")
    TaskFactory(deal=deal, title="Redan gjord", status="done", completed_at=timezone.now())

    html = page(reader_client.get(panel_url("deal", deal), headers=HTMX))

    assert "Skicka offerten" in html
    assert "Redan gjord" not in html
    assert "<form" not in html


def test_htmx_adds_a_task_and_answers_with_the_panel(editor_client, editor):
    member = MemberFactory()
    bo = UserFactory(username="bo")

    response = editor_client.post(
        panel_url("member", member),
        {"title": "Boka möte om EGIL", "due_date": "2027-01-15", "assignee": bo.pk},
        headers=HTMX,
    )

    task = Task.objects.get()
    assert (task.member, task.assignee, task.created_by) == (member, bo, editor)
    assert task.due_date == datetime.date(2027, 1, 15)
    assert page(response).lstrip().startswith('<section class="card mt-3" id="tasks-panel"')
    assert "Boka möte om EGIL" in page(response)


def test_a_task_without_a_title_is_not_added(editor_client):
    member = MemberFactory()

    response = editor_client.post(panel_url("member", member), {"title": ""}, headers=HTMX)

    assert Task.objects.count() == 0
    assert "Detta fält måste fyllas i." in page(response)


def test_completing_with_an_outcome_refreshes_the_notes_panel(editor_client):
    deal = DealFactory()
    task = TaskFactory(deal=deal, title="Ring Kalix")

    response = editor_client.post(
        reverse("tasks:complete", args=[task.pk]),
        {"outcome": "De återkommer efter nyår"},
        headers=HTMX,
    )

    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert Note.objects.get(deal=deal).text == "De återkommer efter nyår"
    assert response["HX-Trigger"] == "notes-changed"
    assert "Ring Kalix" not in page(response)  # no longer open
    notes = page(editor_client.get(reverse("notes:panel", args=["deal", deal.pk]), headers=HTMX))
    assert "De återkommer efter nyår" in notes


def test_completing_twice_shows_why_and_changes_nothing(editor_client):
    task = TaskFactory(deal=DealFactory())
    url = reverse("tasks:complete", args=[task.pk])
    editor_client.post(url, {"outcome": "Klart"}, headers=HTMX)

    response = editor_client.post(url, {"outcome": "Igen"}, headers=HTMX)

    assert "redan klar" in page(response)
    assert Note.objects.count() == 1


def test_postpone_a_day_a_week_or_to_a_chosen_date(editor_client):
    today = timezone.localdate()
    task = TaskFactory(deal=DealFactory(), due_date=today)
    url = reverse("tasks:postpone", args=[task.pk])

    editor_client.post(url, {"days": "1"}, headers=HTMX)
    task.refresh_from_db()
    assert task.due_date == today + datetime.timedelta(days=1)
    editor_client.post(url, {"days": "7"}, headers=HTMX)
    task.refresh_from_db()
    assert task.due_date == today + datetime.timedelta(days=8)
    editor_client.post(url, {"until": "2031-02-03"}, headers=HTMX)
    task.refresh_from_db()
    assert task.due_date == datetime.date(2031, 2, 3)


def test_postponing_to_nonsense_changes_nothing(editor_client):
    task = TaskFactory(deal=DealFactory(), due_date=datetime.date(2030, 1, 1))

    response = editor_client.post(
        reverse("tasks:postpone", args=[task.pk]), {"until": "igår"}, headers=HTMX
    )

    task.refresh_from_db()
    assert task.due_date == datetime.date(2030, 1, 1)
    assert 'role="alert"' in page(response)


def test_reassign_from_the_panel(editor_client):
    task = TaskFactory(deal=DealFactory())
    cia = UserFactory(username="cia")

    editor_client.post(reverse("tasks:reassign", args=[task.pk]), {"assignee": cia.pk})

    task.refresh_from_db()
    assert task.assignee == cia


def test_a_reader_can_neither_add_nor_complete(reader_client):
    deal = DealFactory()
    task = TaskFactory(deal=deal)

    added = reader_client.post(panel_url("deal", deal), {"title": "Nej"}, headers=HTMX)
    completed = reader_client.post(reverse("tasks:complete", args=[task.pk]), headers=HTMX)

    assert (added.status_code, completed.status_code) == (403, 403)
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN
    assert Task.objects.count() == 1


def test_the_panel_costs_the_same_queries_for_five_tasks_as_for_fifteen(
    editor_client, django_assert_num_queries
):
    deal = DealFactory()
    url = panel_url("deal", deal)

    def add(n):
        for _ in range(n):
            TaskFactory(deal=deal, assignee=UserFactory())

    # every page's four; the deal; the active users (the form and every "give to"); the
    # open tasks with their assignees
    add(5)
    with django_assert_num_queries(4 + 3):
        editor_client.get(url, headers=HTMX)
    add(10)
    with django_assert_num_queries(4 + 3):
        editor_client.get(url, headers=HTMX)


def test_postponing_past_the_end_of_the_calendar_is_refused(editor_client):
    task = TaskFactory(deal=DealFactory(), due_date=datetime.date(9999, 12, 30))

    response = editor_client.post(
        reverse("tasks:postpone", args=[task.pk]), {"days": "7"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "kan inte skjutas upp längre" in page(response)
    task.refresh_from_db()
    assert task.due_date == datetime.date(9999, 12, 30)
