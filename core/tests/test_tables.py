"""Dates in every list read as Django's ``date`` filter shows them, in Swedish local time."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django_tables2.rows import BoundRow

from contacts.tables import ContactTable
from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory
from core.tables import CachedSignatureRow, DateColumn, DateTimeColumn
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory
from members.tests.factories import CountyFactory, MemberFactory
from notes.tables import NoteTable
from notes.tests.factories import NoteFactory
from security.tests.factories import SecurityEventFactory
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

TABLE_APPS = ["members", "contacts", "leads", "deals", "contracts", "services", "notes"]


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


# --- The cells of every list are django-tables2's ---------------------------------------------


def make_rows(app):
    """Rows with every column filled in, and rows with the optional ones empty."""
    if app == "members":
        MemberFactory(municipality=True, county=CountyFactory(), population=12345)
        MemberFactory(population=None)
    elif app == "contacts":
        ContactFactory(last_verified=datetime.date(2025, 1, 2))
        ContactFactory(email=None, title="", phone="")
    elif app == "leads":
        LeadFactory(member=MemberFactory(), owner=UserFactory())
        LeadFactory(member=None, owner=None, email="")
    elif app == "deals":
        DealFactory(owner=UserFactory(), value=100_000, expected_close=datetime.date(2026, 5, 1))
        DealFactory(service=None, value=None)
    elif app == "contracts":
        ContractFactory(parties=[MemberFactory(), MemberFactory()], value=5000)
        ContractFactory(end_date=None, number="")
    elif app == "services":
        ContractFactory.create_batch(2, service=ServiceFactory())
        ServiceFactory(started_on=None)
    elif app == "notes":
        NoteFactory()
        NoteFactory(member=None, deal=DealFactory())
        NoteFactory(member=None, contact=ContactFactory())
    elif app == "security":
        SecurityEventFactory()
        SecurityEventFactory(username="", ip=None)


LIST_URLS = {app: f"{app}:list" for app in TABLE_APPS}
LIST_URLS["security"] = "security:events"


@pytest.mark.parametrize("app", [*TABLE_APPS, "security"])
def test_list_cells_are_the_ones_django_tables2_renders(administrator_client, app):
    """The lists render their cells with the signatures of render methods and links worked
    out once (core.tables.CachedSignatureRow): every cell reads exactly as django-tables2's
    own row renders it, links, empty values and choice labels alike."""
    make_rows(app)

    with translation.override("sv"):
        response = administrator_client.get(reverse(LIST_URLS[app]))
        table = response.context["table"]
        rows = list(table.paginated_rows)
        assert len(rows) >= 2
        for row in rows:
            assert isinstance(row, CachedSignatureRow)
            original = BoundRow(row.record, table=table)
            for column in table.columns:
                assert row.get_cell(column.name) == original.get_cell(column.name), column.name
