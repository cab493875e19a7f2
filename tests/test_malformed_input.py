"""Requests no form sends but anyone can: each answered as a page past the end, an ordinary
form error or a clear refusal, never a server error (the walk over every URL is
test_hostile_input; these pin each cause down)."""

import datetime

import pytest
from django.urls import reverse

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.dates import EARLIEST, LATEST
from members.tests.factories import MemberFactory
from notes.models import Note
from notes.tests.factories import NoteFactory

from .html import field_errors, page, table_rows

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
INVALID_CHOICE = "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."


@pytest.mark.parametrize("url_name", ["contacts:list", "services:list", "members:list"])
def test_a_page_far_past_the_end_is_not_found(reader_client, url_name):
    assert reader_client.get(reverse(url_name), {"page": HUGE}).status_code == 404
    assert reader_client.get(reverse(url_name), {"page": 2}).status_code == 404
    assert reader_client.get(reverse(url_name), {"page": 1}).status_code == 200


def test_a_page_size_out_of_bounds_still_shows_a_page(reader_client):
    ContactFactory.create_batch(3)
    for per_page in (HUGE, "-5", "0"):
        response = reader_client.get(reverse("contacts:list"), {"per_page": per_page})
        assert response.status_code == 200
        assert 1 <= len(table_rows(response)) <= 3


def test_the_search_widget_pages_only_as_far_as_there_are_records(reader_client):
    MemberFactory(name="Åre kommun")
    query = {"app_label": "contacts", "model_name": "contact", "field_name": "member"}
    first = reader_client.get(reverse("autocomplete"), {**query, "page": 1}).json()
    assert [r["text"] for r in first["results"]] == ["Åre kommun"]
    assert reader_client.get(reverse("autocomplete"), {**query, "page": HUGE}).status_code == 404


@pytest.mark.parametrize("value", ["../", "abc", HUGE, "-" + HUGE])
def test_a_filter_with_an_id_that_cannot_be_one_says_so(reader_client, value):
    ContactFactory(first_name="Åsa")
    response = reader_client.get(reverse("contacts:list"), {"member": value})
    assert response.status_code == 200
    assert field_errors(response, "member") == [INVALID_CHOICE]


@pytest.mark.parametrize("value", ["abc", HUGE])
def test_a_form_with_an_id_that_cannot_be_one_says_so_and_keeps_the_input(editor_client, value):
    response = editor_client.post(
        reverse("contacts:add"), {"member": value, "first_name": "Åsa", "last_name": "Öberg"}
    )
    assert response.status_code == 200
    assert field_errors(response, "member") == [INVALID_CHOICE]
    assert 'value="Öberg"' in page(response)
    assert not Contact.objects.exists()


def test_a_search_with_a_nul_byte_is_answered(reader_client):
    ContactFactory(first_name="Åsa", last_name="Öberg")
    # A list's search box is a form field: a NUL byte is an error there, as in any field.
    listed = reader_client.get(reverse("contacts:list"), {"q": "öberg\x00"})
    assert listed.status_code == 200
    assert field_errors(listed, "q") == ["Null-tecken är inte tillåtna."]
    # The search across every record type finds what the rest of the words find.
    found = reader_client.get(reverse("search"), {"q": "öberg\x00"})
    assert found.status_code == 200
    assert "Öberg" in page(found)


@pytest.mark.parametrize(
    "query", [{"occurred_after": "0001-01-01"}, {"occurred_before": "9999-12-31"}]
)
def test_a_date_filter_outside_the_calendar_the_crm_keeps_says_so(reader_client, query):
    NoteFactory()
    response = reader_client.get(reverse("notes:list"), query)
    assert response.status_code == 200
    (name,) = query
    assert field_errors(response, name) == ["Ange ett datum mellan 1900-01-01 och 2199-12-31."]


def test_a_note_dated_at_the_start_of_the_calendar_is_refused_with_the_input_kept(editor_client):
    member = MemberFactory()
    response = editor_client.post(
        reverse("notes:add"),
        {
            "kind": Note.Kind.NOTE,
            "occurred_at": "0001-01-01T00:30",
            "text": "Möte",
            "member": member.pk,
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "occurred_at") == [
        "Ange ett datum mellan 1900-01-01 och 2199-12-31."
    ]
    assert "Möte</textarea>" in page(response)
    assert not Note.objects.exists()


def test_the_range_ends_are_accepted(editor_client):
    member = MemberFactory()
    for day in (EARLIEST, LATEST):
        response = editor_client.post(
            reverse("notes:add"),
            {
                "kind": Note.Kind.NOTE,
                "occurred_at": f"{day}T12:00",
                "text": "Möte",
                "member": member.pk,
            },
        )
        assert response.status_code == 302
    assert Note.objects.count() == 2


def test_a_contract_ending_at_the_end_of_the_calendar_is_refused_renewal(editor_client):
    # Stored before dates were kept to the CRM's range (or straight into the database).
    contract = ContractFactory(status=Contract.Status.ACTIVE, parties=[MemberFactory()])
    Contract.objects.filter(pk=contract.pk).update(
        start_date=datetime.date(9990, 1, 1), end_date=datetime.date.max
    )
    response = editor_client.post(reverse("contracts:renew", args=[contract.pk]))
    assert response.status_code == 200
    assert "Datumet skulle hamna efter 2199-12-31." in page(response)
    assert Contract.objects.count() == 1
