"""Reading over the API: every record type's list as its page filters, searches and sorts
it, cursor pages, related records as ids and URLs, a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.tests.factories import ContactFactory
from members.models import Member
from members.tests.factories import CountyFactory, MemberFactory
from tests.record_types import RECORD_TYPES

pytestmark = pytest.mark.django_db


def names(response, key="name"):
    return [row[key] for row in response.json()["results"]]


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=str)
def test_every_record_type_lists_and_reads_with_a_readers_token(record_type, token_client, reader):
    record = record_type.make()
    client = token_client(reader)

    listed = client.get(f"/api/v1/{record_type.app}/")
    detail = client.get(f"/api/v1/{record_type.app}/{record.pk}/")

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [record.pk]
    assert detail.status_code == 200
    assert detail.json()["url"].endswith(f"/api/v1/{record_type.app}/{record.pk}/")
    assert detail.headers["ETag"] == f'"{detail.json()["version"]}"'


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=str)
def test_a_list_costs_the_same_queries_for_3_rows_as_for_30(record_type, token_client, reader):
    client = token_client(reader)
    client.get(f"/api/v1/{record_type.app}/")  # the token's first use
    record_type.rows(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/api/v1/{record_type.app}/").status_code == 200
    record_type.rows(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/api/v1/{record_type.app}/")
    assert len(response.json()["results"]) >= 30
    assert len(many) == len(few)
    # token, its user's other tokens, groups, permissions (user, groups), the page, at most
    # a prefetch and the filter set's own look-ups
    assert len(many) <= 9


def test_members_filter_search_and_sort_as_on_their_page(token_client, reader):
    dalarna = CountyFactory(code="20", name="Dalarnas län")
    MemberFactory(
        name="Falu kommun",
        county=dalarna,
        status=Member.Status.MEMBER,
        population=59_000,
        population_year=2024,
    )
    MemberFactory(
        name="Borlänge kommun",
        county=dalarna,
        status=Member.Status.MEMBER,
        population=52_000,
        population_year=2024,
    )
    MemberFactory(name="Mora kommun", county=dalarna, status=Member.Status.NOT_MEMBER)
    MemberFactory(name="Ale kommun", county=CountyFactory(code="14"), status=Member.Status.MEMBER)
    client = token_client(reader)

    in_county = client.get(f"/api/v1/members/?county={dalarna.pk}&status=member")
    by_population = client.get(f"/api/v1/members/?county={dalarna.pk}&ordering=-population")
    searched = client.get("/api/v1/members/?q=BORLÄNGE")

    assert names(in_county) == ["Borlänge kommun", "Falu kommun"]
    assert names(by_population) == ["Falu kommun", "Borlänge kommun", "Mora kommun"]
    assert names(searched) == ["Borlänge kommun"]


def test_the_cursor_pages_through_every_record_once_even_when_records_are_added(
    token_client, reader
):
    for i in range(7):
        MemberFactory(
            name=f"Kommun {i:02d}",
            population=None if i % 2 else 1000 + i,
            population_year=None if i % 2 else 2024,
        )
    client = token_client(reader)
    seen = []
    url = "/api/v1/members/?page_size=3&ordering=-population"
    while url:
        response = client.get(url).json()
        seen += [row["name"] for row in response["results"]]
        if len(seen) == 3:
            # a new record on a page already read: not shown, and nothing shown twice
            MemberFactory(name="Ny kommun", population=5000, population_year=2024)
        url = response["next"]

    assert sorted(seen) == sorted(f"Kommun {i:02d}" for i in range(7))
    assert len(seen) == len(set(seen))


def test_relations_are_ids_and_urls_and_expand_adds_the_members_name(token_client, reader):
    contact = ContactFactory(member=MemberFactory(name="Kiruna kommun"))
    client = token_client(reader)

    plain = client.get(f"/api/v1/contacts/{contact.pk}/").json()
    expanded = client.get("/api/v1/contacts/?expand=member").json()["results"][0]

    assert plain["member"] == {
        "id": contact.member_id,
        "url": f"http://testserver/api/v1/members/{contact.member_id}/",
    }
    assert expanded["member"]["name"] == "Kiruna kommun"


@pytest.mark.parametrize(
    "query",
    [
        "ordering=nonsense",
        "ordering=",
        "county=abc",
        "population_min=many",
        "status=unknown",
        "cursor=bm9uc2Vuc2U%3D",
        "cursor=%00%ff",
        "page_size=-5&q=%00",
        "q=" + "x" * 5000,
        "expand=member,__class__",
    ],
)
def test_a_hostile_query_string_gets_a_clear_answer_never_a_server_error(
    query, token_client, reader
):
    MemberFactory()
    response = token_client(reader).get(f"/api/v1/members/?{query}")

    assert response.status_code in (200, 400, 404)
    if response.status_code != 200:
        assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=str)
def test_every_column_the_page_sorts_by_sorts_the_api_list_and_its_cursor(
    record_type, token_client, reader
):
    from api.filters import TableOrdering
    from api.views import VIEWSETS

    (viewset,) = [v for v in VIEWSETS if v.resource.prefix == record_type.app]
    record_type.rows(3)
    client = token_client(reader)
    for column in TableOrdering.columns(viewset()):
        for term in (column, f"-{column}"):
            first = client.get(f"/api/v1/{record_type.app}/?ordering={term}&page_size=2")
            assert first.status_code == 200, term
            second = client.get(first.json()["next"])
            assert second.status_code == 200, term
            ids = [r["id"] for r in first.json()["results"] + second.json()["results"]]
            assert len(set(ids)) == len(ids) == 3, term


def test_an_unknown_sort_column_names_the_ones_there_are(token_client, reader):
    response = token_client(reader).get("/api/v1/members/?ordering=secret")

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "ordering"
    assert "population" in error["message"]
