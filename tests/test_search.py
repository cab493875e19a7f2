"""Finding records by what staff type: the global search, the search-as-you-type endpoint of
the select widgets, and the ``q`` box of every list — Swedish text, whatever the case, on
SQLite and PostgreSQL alike (the suite runs on both)."""

import random
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import override

from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory
from core import fulltext
from core.models import normalize_search
from core.selectors import search_queryset
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import MemberFactory
from notes.models import Note
from notes.tests.factories import NoteFactory
from services.tests.factories import ServiceFactory
from workspace import demo_names

from .html import page, rows_naming, text
from .record_types import RECORD_TYPES

pytestmark = pytest.mark.django_db


# --- Global search ------------------------------------------------------------------------------


@pytest.fixture
def one_of_each():
    """A record of each of the seven types that mentions Åsbacka."""
    member = MemberFactory(name="Åsbacka kommun")
    return [
        member,
        ContactFactory(member=member, first_name="Lena", last_name="Åsbacka"),
        LeadFactory(first_name="Per", last_name="Holm", organisation_name="Åsbacka IT"),
        DealFactory(title="E-arkiv för Åsbacka", member=member),
        ContractFactory(title="Avtal med Åsbacka", parties=[member]),
        ServiceFactory(name="Åsbackanätet"),
        NoteFactory(text="Möte i Åsbacka om e-arkivet", member=member),
    ]


def search_groups(response) -> dict[str, str]:
    """{heading: html of its section} of the search results, in page order."""
    parts = re.split(r'<h2 class="h5">(.*?)</h2>', page(response), flags=re.S)
    return {text(heading): html for heading, html in zip(parts[1::2], parts[2::2], strict=True)}


def group_name(obj) -> str:
    with override("sv"):
        return str(capfirst(obj._meta.verbose_name_plural))


def link(obj) -> str:
    return f'<a href="{obj.get_absolute_url()}">{escape(str(obj))}</a>'


@pytest.mark.parametrize("role", ["reader", "editor"])
@pytest.mark.parametrize("query", ["åsbacka", "ÅSBACKA", "  Åsbacka "])
def test_global_search_finds_every_type_grouped_and_linked(
    request, login, one_of_each, role, query
):
    client = login(request.getfixturevalue(role))

    response = client.get(reverse("search"), {"q": query})

    groups = search_groups(response)
    # One group per type, in the order of the menu, each holding a link to its record.
    assert list(groups) == [group_name(obj) for obj in one_of_each]
    for obj in one_of_each:
        assert link(obj) in groups[group_name(obj)], obj


def test_global_search_shows_ten_hits_of_a_type_and_links_to_the_rest(reader_client):
    for i in range(12):
        MemberFactory(name=f"Åsbacka {i:02d}")

    response = reader_client.get(reverse("search"), {"q": "åsbacka"})

    members = search_groups(response)[group_name(Member)]
    assert len(re.findall(r'<a href="/members/\d+/">', members)) == 10
    assert f"{reverse('members:list')}?q={quote('åsbacka')}" in members


def test_global_search_does_not_show_what_the_user_may_not_see(login, one_of_each):
    nobody = login(UserFactory(username="utan-roll"))

    response = nobody.get(reverse("search"), {"q": "åsbacka"})

    assert response.status_code == 200
    assert search_groups(response) == {}
    assert not any(obj.get_absolute_url() in page(response) for obj in one_of_each)


def test_global_search_with_nothing_typed_lists_nothing(reader_client, one_of_each):
    response = reader_client.get(reverse("search"), {"q": "  "})

    assert response.status_code == 200
    assert search_groups(response) == {}


def test_global_search_needs_every_word(reader_client, one_of_each):
    response = reader_client.get(reverse("search"), {"q": "åsbacka e-arkiv"})

    deal, note = one_of_each[3], one_of_each[6]
    assert list(search_groups(response)) == [group_name(deal), group_name(note)]


# --- Search-as-you-type (select2) ---------------------------------------------------------------


def autocomplete(client, **params):
    defaults = {"app_label": "contacts", "model_name": "contact", "field_name": "member"}
    return client.get(reverse("autocomplete"), {**defaults, **params})


def test_autocomplete_offers_the_matching_members_only(editor_client):
    kiruna = MemberFactory(name="Kiruna kommun")
    MemberFactory(name="Kalix kommun")
    MemberFactory(name="Region Norrbotten")

    response = autocomplete(editor_client, term="kir")

    assert response.status_code == 200
    assert response.json() == {
        "results": [{"id": str(kiruna.pk), "text": "Kiruna kommun"}],
        "pagination": {"more": False},
    }


@pytest.mark.parametrize("term", ["öck", "ÖCKERÖ", "Öckerö k"])
def test_autocomplete_matches_swedish_letters_whatever_the_case(reader_client, term):
    ockero = MemberFactory(name="Öckerö kommun")
    MemberFactory(name="Ockelbo kommun")

    response = autocomplete(reader_client, term=term)

    assert [r["id"] for r in response.json()["results"]] == [str(ockero.pk)]


def test_autocomplete_pages_twenty_at_a_time(reader_client):
    for i in range(25):
        MemberFactory(name=f"Kommun {i:02d}")

    first = autocomplete(reader_client, term="kommun").json()
    second = autocomplete(reader_client, term="kommun", page=2).json()

    assert len(first["results"]) == 20 and first["pagination"]["more"] is True
    assert len(second["results"]) == 5 and second["pagination"]["more"] is False
    assert {r["text"] for r in first["results"] + second["results"]} == {
        f"Kommun {i:02d}" for i in range(25)
    }


def test_autocomplete_serves_the_filter_and_form_widgets(reader_client):
    """The contract list's party filter asks for contracts.contract.parties: members."""
    kiruna = MemberFactory(name="Kiruna kommun")

    response = reader_client.get(
        reverse("autocomplete"),
        {
            "app_label": "contracts",
            "model_name": "contract",
            "field_name": "parties",
            "term": "kir",
        },
    )

    assert response.json()["results"] == [{"id": str(kiruna.pk), "text": "Kiruna kommun"}]


def test_autocomplete_refuses_a_user_who_may_not_view_the_records(login):
    MemberFactory(name="Kiruna kommun")
    nobody = login(UserFactory(username="utan-roll"))

    response = autocomplete(nobody, term="kir")

    assert response.status_code == 403
    assert b"Kiruna" not in response.content


def test_autocomplete_of_users_is_for_administrators_only(reader_client, administrator_client):
    UserFactory(username="karin", first_name="Karin", last_name="Ek")
    params = {"app_label": "deals", "model_name": "deal", "field_name": "owner", "term": "kar"}

    refused = reader_client.get(reverse("autocomplete"), params)
    allowed = administrator_client.get(reverse("autocomplete"), params)

    assert refused.status_code == 403
    assert [r["text"] for r in allowed.json()["results"]] == ["Karin Ek"]  # by name


@pytest.mark.parametrize(
    "params",
    [
        {"app_label": None},
        {"model_name": None},
        {"field_name": None},
        {"app_label": "nosuchapp"},
        {"model_name": "nosuchmodel"},
        {"field_name": "nosuchfield"},
        {"field_name": "first_name"},  # not a relation
        {"field_name": "notes"},  # a reverse relation, not a form field
        {"field_name": "deals"},
    ],
    ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()),
)
def test_autocomplete_with_bad_parameters_is_not_found(reader_client, params):
    query = {"app_label": "contacts", "model_name": "contact", "field_name": "member", "term": "k"}
    query.update(params)
    query = {k: v for k, v in query.items() if v is not None}

    response = reader_client.get(reverse("autocomplete"), query)

    assert response.status_code == 404


def test_search_pages_need_a_login(client):
    for url in (f"{reverse('search')}?q=kiruna", f"{reverse('autocomplete')}?term=kir"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")


# --- The q box of every list --------------------------------------------------------------------
# Per list: make a record mentioning Åsa Öberg, and one that does not; and how each is labelled.

WANTED, OTHER = "Åsa Öberg", "Lisa Berg"


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=str)
@pytest.mark.parametrize("query", ["åsa", "ÖBERG", "åsa öberg", "Åsa  Öberg"])
def test_list_search_matches_swedish_text_whatever_the_case(reader_client, rt, query):
    rt.named(WANTED)
    rt.named(OTHER)

    response = reader_client.get(rt.url("list"), {"q": query})

    assert rows_naming(response, WANTED, OTHER) == [WANTED]


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=str)
def test_list_search_keeps_what_was_typed(reader_client, rt):
    response = reader_client.get(rt.url("list"), {"q": "ÖBERG"})

    filter_form = re.search(r'<form [^>]*class="[^"]*filter-form.*?</form>', page(response), re.S)
    assert 'name="q" value="ÖBERG"' in filter_form.group(0)


# --- Indexes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=str)
def test_search_is_answered_by_an_index(rt):
    """On PostgreSQL the search condition is one its trigram index answers; on SQLite the
    query reads the table's full-text index."""
    model = rt.model
    queryset = search_queryset(model.objects.order_by(), "Lindqvist")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Only a bitmap scan is left, and only the trigram index can answer LIKE.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_indexonlyscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"{model._meta.db_table}_search_trgm" in plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(row[-1] for row in cursor.fetchall())
            assert f"{fulltext.index_name(model._meta.db_table)} VIRTUAL TABLE" in plan


def test_search_finds_new_rows_after_a_migration_rebuilt_a_table(reader_client):
    """SQLite drops a table's triggers when a migration rebuilds the table; after migrate,
    the index is built again and follows new rows."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute('DROP TRIGGER "contacts_contact_search_insert"')
        assert fulltext.missing_indexes() == ["contacts_contact"]
    ContactFactory(first_name="Åsa", last_name="Öberg")  # written while the index was stale

    fulltext.repair_indexes()
    ContactFactory(first_name="Åsa", last_name="Östberg")

    assert fulltext.missing_indexes() == []
    response = reader_client.get(reverse("contacts:list"), {"q": "åsa ö"})
    assert rows_naming(response, "Åsa Öberg", "Åsa Östberg") == ["Åsa Öberg", "Åsa Östberg"]


# --- The full-text index finds what a plain scan finds --------------------------------------------

ODD_TEXTS = (
    "Åsa Öberg-Lind",
    "ÄNGELHOLMS KOMMUN",
    "Straße 12",  # casefolds to "strasse"
    'Offert "EGIL" 50% klar_nu',
    "c:\\arkiv\\2024",
    "İlknur Şahin",  # casefolds to two code points for the dotted capital I
    "x",
    "",
    "ab",
    "Fagerström Åkerlund",
)


def generated_notes(count: int):
    """``count`` notes of names, places and odd characters, bulk-created (as seed_demo does)."""
    rng = random.Random(14)
    member = MemberFactory(name="Testkommun")
    author = UserFactory()
    places = ["Åre", "Älvsbyn", "Örebro", "Kiruna", "Lund", "Ödeshög"]
    notes = []
    for i in range(count):
        parts = [demo_names.first_name(rng), demo_names.surname(rng)]
        if rng.random() < 0.5:
            parts.append(demo_names.organisation_name(rng, places))
        if rng.random() < 0.1:
            parts.append(rng.choice(ODD_TEXTS))
        if rng.random() < 0.3:
            parts = [part.upper() for part in parts]
        note = Note(text=" ".join(parts) if i % 97 else rng.choice(ODD_TEXTS), member=member)
        note.author = author
        note.build_search_text()
        notes.append(note)
    return Note.objects.bulk_create(notes, batch_size=500)


def queries_from(texts: list[str], rng: random.Random) -> list[str]:
    """What staff might type: pieces of the texts (1 to 9 characters, whatever the case),
    two pieces at once, and terms nothing contains."""
    queries = ["zzzqx", "zz", "q", "ö", "ß", "SS", '"', "%", "_", "\\", '""egil', "50%", "i̇l"]
    for _ in range(150):
        text = rng.choice(texts)
        if not text:
            continue
        start = rng.randrange(len(text))
        piece = text[start : start + rng.randint(1, 9)]
        queries.append(piece.upper() if rng.random() < 0.3 else piece)
    for _ in range(40):
        first, second = rng.choice(texts), rng.choice(texts)
        queries.append(f"{first[:4]} {second[-3:]}")
    return queries


def test_indexed_search_finds_exactly_what_a_plain_scan_finds(monkeypatch):
    """Every row whose folded text contains each word, and no other, in the list's order:
    with the full-text index on SQLite (common and rare terms, words under three characters,
    also with thresholds so low that every path through the index is taken) and with the
    trigram indexes on PostgreSQL. Rows are added, changed and deleted first, so the index
    has followed every kind of write."""
    notes = generated_notes(3000)
    for note in notes[::20]:  # changed through save(), as the edit pages do
        note.text = f"{note.text} Ändrad Vänersborg"
        note.save()
    Note.objects.filter(pk__in=[note.pk for note in notes[::11]]).delete()
    rows = dict(Note.objects.values_list("pk", "search_text"))
    newest_first = sorted(rows, reverse=True)
    queries = queries_from(list(rows.values()), random.Random(5))

    for thresholds in ({}, {"DENSE": 40, "SHORT_TERMS": 3}):
        for name, value in thresholds.items():
            monkeypatch.setattr(fulltext, name, value)
        for query in queries:
            words = normalize_search(query).split()
            expected = [pk for pk in newest_first if all(word in rows[pk] for word in words)]
            found = search_queryset(Note.objects.order_by("-id"), query)
            found = found.values_list("pk", flat=True)
            assert list(found) == expected, (query, thresholds)
            assert list(found[:51]) == expected[:51], (query, thresholds)
