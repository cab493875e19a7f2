"""The start page: the user's own open deals and what needs attention, against
conftest.world, each block linking to the list that shows all of it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.tests.factories import UserFactory
from notes.tests.factories import NoteFactory
from tests.html import page, table_rows, text
from workspace.selectors import dashboard

pytestmark = pytest.mark.django_db


def test_my_open_deals_by_stage_are_my_own(world):
    mine = dashboard(world.editor)["my_deals"]
    theirs = dashboard(world.other)["my_deals"]

    assert [(r["stage"], r["count"], r["value"]) for r in mine.rows] == [
        ("new", 1, Decimal(100_000)),  # D1
        ("qualified", 0, 0),
        ("offer", 2, Decimal("201001.50")),  # D3, D6
        ("negotiation", 1, Decimal(80_000)),  # D4
    ]
    assert (mine.count, mine.extra["value"]) == (4, Decimal("381001.50"))
    assert [r["count"] for r in theirs.rows] == [1, 1, 0, 0]  # D2, D5


def test_blocks_count_and_show_the_first_rows(world, today):
    blocks = dashboard(world.editor)

    assert [c.pk for c in blocks["ending"].rows] == [world.c.c1.pk, world.c.c8.pk]
    assert blocks["ending"].count == 2  # C5 ends in 200 days
    assert [c.pk for c in blocks["overdue"].rows] == [world.c.c2.pk]
    # D1 had no note for 40 days; D3 has one from three days ago; D2 is someone else's.
    assert [d.pk for d in blocks["stale_deals"].rows] == [world.d.d1.pk]
    assert [d.pk for d in dashboard(world.other)["stale_deals"].rows] == [world.d.d2.pk]
    assert [lead.pk for lead in blocks["stale_leads"].rows] == [world.leads.forgotten.pk]
    # Never verified first; not the contact who has left.
    assert [c.pk for c in blocks["stale_contacts"].rows] == [
        world.contacts.never.pk,
        world.contacts.long_ago.pk,
    ]
    assert blocks["population_outdated"].count == 1  # Bköping has no 2024 figure
    assert blocks["notes"].count == 2  # two notes in the last seven days
    assert [n.pk for n in blocks["notes"].rows][:2] in (
        [world.notes.on_d3.pk, world.notes.on_lead.pk],
        [world.notes.on_lead.pk, world.notes.on_d3.pk],
    )
    assert blocks["notes"].rows[-1].pk == world.notes.old.pk


def test_a_block_shows_a_few_rows_and_counts_them_all(world):
    for _ in range(7):
        world.c.c2.pk = None  # a copy of the overdue contract
        world.c.c2.number = None
        world.c.c2.save()

    block = dashboard(world.editor)["overdue"]

    assert (len(block.rows), block.count) == (5, 8)


def test_my_tasks_are_counted_overdue_today_and_this_week(world, tasks):
    block = dashboard(world.editor)["my_tasks"]

    assert [t.pk for t in block.rows] == [
        tasks.late.pk,
        tasks.today.pk,
        tasks.soon.pk,
        tasks.week.pk,
    ]
    assert (block.extra["overdue"], block.extra["today"], block.extra["week"]) == (1, 1, 2)
    assert block.count == 4
    assert dashboard(world.other)["my_tasks"].extra["overdue"] == 1


def test_my_tasks_show_what_is_overdue(world, tasks, editor_client):
    html = page(editor_client.get(reverse("home")))

    assert "1 försenad" in html
    assert "1 med förfallodag i dag" in html
    assert "2 de kommande 7 dagarna" in html


def test_the_start_page_stays_within_twelve_queries(
    world, tasks, editor_client, django_assert_num_queries
):
    # session, user, permissions (2); my deals by stage; my stale deals; my tasks with
    # their three counts; contracts ending and overdue (one query); stale leads; stale
    # contacts; outdated populations; latest notes
    editor_client.get(reverse("home"))
    with django_assert_num_queries(12):
        editor_client.get(reverse("home"))


def test_each_block_links_to_the_list_showing_all_of_it(world, tasks, editor_client):
    for name, block in dashboard(world.editor).items():
        if name == "my_deals":
            for row in block.rows:
                if row["count"]:  # an empty list shows one "nothing matches" row
                    assert len(table_rows(editor_client.get(row["url"]))) == row["count"], row
        shown = table_rows(editor_client.get(block.url))
        assert len(shown) == block.count, name


def test_page_shows_every_block_with_its_link(world, tasks, editor_client):
    response = editor_client.get(reverse("home"))

    html = page(response)
    assert response.status_code == 200
    blocks = response.context["blocks"]
    for name in (
        "my_tasks",
        "my_deals",
        "stale_deals",
        "ending",
        "overdue",
        "stale_leads",
        "stale_contacts",
    ):
        assert f'data-block="{name}"' in html
        assert (
            f'href="{blocks[name].url.replace("&", "&amp;")}" data-count="{blocks[name].count}"'
            in html
        )
    assert f'href="{reverse("reports:membership")}"' in html
    assert 'action="/search/"' in html  # the search box stays


def test_a_user_without_a_role_sees_the_search_but_no_records(world, login):
    response = login(UserFactory(username="ingen")).get(reverse("home"))

    assert response.status_code == 200
    assert response.context["blocks"] == {}
    assert 'action="/search/"' in page(response)


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_recent_notes_are_counted_by_the_local_date(world, editor_client, today):
    """Just after midnight in Stockholm is the previous day in UTC: the count and the notes
    list must both go by the local date, on SQLite and PostgreSQL alike."""
    tz = timezone.get_current_timezone()
    first_day = today - datetime.timedelta(days=6)
    NoteFactory(occurred_at=datetime.datetime.combine(first_day, datetime.time(0, 30), tz))
    NoteFactory(
        occurred_at=datetime.datetime.combine(
            first_day - datetime.timedelta(days=1), datetime.time(23, 30), tz
        )
    )

    block = dashboard(world.editor)["notes"]

    assert block.count == 2 + 1
    assert len(table_rows(editor_client.get(block.url))) == 3


def test_the_start_page_counts_municipalities_covered_through_a_joint_body(editor_client):
    from members.models import Coverage, Member
    from members.tests.factories import MemberFactory

    kommun, member = Member.OrgType.KOMMUN, Member.Status.MEMBER
    MemberFactory(name="Ale kommun", org_type=kommun, status=member)
    covered = MemberFactory(name="Bjuvs kommun", org_type=kommun, status=Member.Status.NOT_MEMBER)
    ended = MemberFactory(name="Dals-Eds kommun", org_type=kommun, status=Member.Status.NOT_MEMBER)
    MemberFactory(name="Region Skåne", org_type=Member.OrgType.REGION, status=member)
    body = MemberFactory(
        name="Sydnärkes kommunalförbund", org_type="kommunalforbund", status=member
    )
    Coverage.objects.create(body=body, municipality=covered, start=datetime.date(2024, 1, 1))
    Coverage.objects.create(
        body=body,
        municipality=ended,
        start=datetime.date(2020, 1, 1),
        end=timezone.localdate() - datetime.timedelta(days=1),
    )

    response = editor_client.get(reverse("home"))

    line = re.search(r'<li[^>]*data-block="membership"[^>]*>(.*?)</li>', page(response), re.S)
    assert text(line.group(1)) == "1 av 3 kommuner är medlem, och 1 till genom ett förbund."
    assert f'href="{reverse("reports:membership")}"' in line.group(1)
