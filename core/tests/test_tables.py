"""Dates in every list read as Django's ``date`` filter shows them, in Swedish local time."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from contacts.tables import ContactTable
from contacts.tests.factories import ContactFactory
from core.tables import DateColumn, DateTimeColumn
from notes.tables import NoteTable
from notes.tests.factories import NoteFactory

pytestmark = pytest.mark.django_db


def date_filter(value, fmt):
    return Template("{{ value|date:fmt }}").render(Context({"value": value, "fmt": fmt}))


def cells(table, column):
    return [row.get_cell(column) for row in table.rows]


def test_every_date_field_gets_the_direct_columns():
    assert isinstance(ContactTable([]).columns["last_verified"].column, DateColumn)
    assert isinstance(NoteTable([]).columns["occurred_at"].column, DateTimeColumn)


def test_dates_render_as_the_date_filter_and_empty_as_the_default():
    verified = datetime.date(2026, 3, 9)
    ContactFactory(last_name="A", last_verified=verified)
    ContactFactory(last_name="B", last_verified=None)
    with translation.override("sv"):
        shown = cells(
            ContactTable(ContactFactory._meta.model.objects.order_by("last_name")), "last_verified"
        )
        assert shown == [date_filter(verified, "SHORT_DATE_FORMAT"), "—"]
        assert shown[0] == "2026-03-09"


def test_times_are_shown_in_swedish_local_time():
    # 23:30 UTC on 31 March is 01:30 on 1 April in Stockholm (summer time).
    at = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    NoteFactory(occurred_at=at)
    with translation.override("sv"):
        [shown] = cells(NoteTable(NoteFactory._meta.model.objects.all()), "occurred_at")
    assert shown.endswith(">2026-04-01 01:30</a>")


def test_a_later_page_has_the_next_rows_in_the_order_of_the_list(reader_client):
    for n in range(53):
        ContactFactory(first_name="Test", last_name=f"Efternamn {n:02d}")
    response = reader_client.get(reverse("contacts:list"), {"sort": "-name", "page": 2})
    shown = [row.record.last_name for row in response.context["table"].page.object_list]
    assert shown == ["Efternamn 02", "Efternamn 01", "Efternamn 00"]
