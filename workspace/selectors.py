"""Reads that span every record type: the global search and the start page."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.selectors import stale_contacts_q
from contracts.models import Contract
from contracts.selectors import overdue_q
from core.expressions import SubqueryCount
from core.models import day_start
from core.registry import searchable_types
from core.roles import perm_name
from core.selectors import first_rows_with_count, search_queryset
from deals.models import Deal
from deals.selectors import deal_board
from leads.models import Lead
from members.selectors import members_at_a_glance
from notes.models import Note
from notes.selectors import notes_about, stale_deals_q, stale_leads_q
from reports.selectors import list_url
from tasks.models import SUBJECT_FIELDS as TASK_SUBJECTS
from tasks.models import Task

SEARCH_LIMIT = 10


def global_search(user, query: str, limit: int = SEARCH_LIMIT):
    """[(model, hits, more)] for each type the user may view; one query per type.

    The types are those the record apps registered as searchable (core.registry), in their
    order.
    """
    if not query.strip():
        return []
    groups = []
    for record_type in searchable_types():
        model = record_type.model
        if not user.has_perm(perm_name(model, "view")):
            continue
        queryset = model.objects.select_related(*record_type.search_related)
        hits = list(search_queryset(queryset, query)[: limit + 1])
        if hits:
            groups.append((model._meta, hits[:limit], len(hits) > limit))
    return groups


# --- Start page -----------------------------------------------------------------------------

DASHBOARD_ROWS = 5
ENDING_WITHIN_DAYS = 90
RECENT_NOTES_DAYS = 7
MY_TASKS_DAYS = 7


@dataclass
class Block:
    """A start-page block: a few rows, how many there are in all, and the list of all."""

    rows: list
    count: int
    url: str
    extra: dict = field(default_factory=dict)


def dashboard(user, *, today: datetime.date | None = None) -> dict[str, Block]:
    """The start page of ``user``: own open deals, and what needs someone's attention.

    Only the blocks whose record type the user may view; one query per block. Deals are the
    user's own; the rest is everyone's, since contracts, contacts and leads are looked after
    by the whole staff.
    """
    today = today or timezone.localdate()
    blocks = {}
    if user.has_perm("deals.view_deal"):
        blocks["my_deals"] = _my_open_deals(user)
        rows, count = first_rows_with_count(
            Deal.objects.filter(stale_deals_q(), owner=user)
            .select_related("member")
            .order_by("updated_at", "id"),
            DASHBOARD_ROWS,
        )
        blocks["stale_deals"] = Block(
            rows, count, list_url("deals:list", stale="on", owner=user.pk)
        )
    if user.has_perm("tasks.view_task"):
        blocks["my_tasks"] = _my_tasks(user, today)
    if user.has_perm("contracts.view_contract"):
        until = today + datetime.timedelta(days=ENDING_WITHIN_DAYS)
        ending, overdue = _ending_and_overdue_contracts(today, until)
        blocks["ending"] = Block(
            *ending,
            list_url(
                "contracts:list",
                ending_after=today.isoformat(),
                ending_before=until.isoformat(),
                status=Contract.Status.ACTIVE,
            ),
            {"days": ENDING_WITHIN_DAYS},
        )
        blocks["overdue"] = Block(*overdue, list_url("contracts:list", overdue="on"))
    if user.has_perm("leads.view_lead"):
        rows, count = first_rows_with_count(
            Lead.objects.filter(stale_leads_q())
            .select_related("member", "owner")
            .order_by("created_at", "id"),
            DASHBOARD_ROWS,
        )
        blocks["stale_leads"] = Block(rows, count, list_url("leads:list", stale="on"))
    if user.has_perm("contacts.view_contact"):
        # People who have left (inactive) need no verification. The five are chosen without
        # the join to their members, which led SQLite to read contacts member by member and
        # sort them all instead of reading its index in order.
        oldest_first = (F("last_verified").asc(nulls_first=True), "last_name", "id")
        stale = Contact.objects.filter(stale_contacts_q(today), is_active=True)
        first = stale.order_by(*oldest_first).values("pk")[:DASHBOARD_ROWS]
        rows, count = first_rows_with_count(
            Contact.objects.filter(pk__in=first).select_related("member").order_by(*oldest_first),
            DASHBOARD_ROWS,
            counted=stale,
        )
        blocks["stale_contacts"] = Block(
            rows, count, list_url("contacts:list", stale="on", is_active="true")
        )
    if user.has_perm("members.view_member"):
        glance = members_at_a_glance(today)
        blocks["population_outdated"] = Block(
            [], glance["population_outdated"], list_url("members:list", population_outdated="on")
        )
        # Municipalities that are members, and those covered through a joint body besides.
        blocks["membership"] = Block(
            [],
            glance["members"],
            reverse("reports:membership"),
            {"municipalities": glance["municipalities"], "via_bodies": glance["via_bodies"]},
        )
    if user.has_perm("notes.view_note"):
        since = today - datetime.timedelta(days=RECENT_NOTES_DAYS - 1)
        # The same bound as the notes list's "from date" filter, so the count matches it.
        # The latest notes, however old, and how many there are from the last days.
        rows, count = first_rows_with_count(
            notes_about(Q()),
            DASHBOARD_ROWS,
            counted=Note.objects.filter(occurred_at__gte=day_start(since)),
        )
        blocks["notes"] = Block(
            rows,
            count,
            list_url("notes:list", occurred_after=since.isoformat()),
            {"days": RECENT_NOTES_DAYS},
        )
    return blocks


def _my_open_deals(user) -> Block:
    # deal_board's totals are exactly "own open deals by stage"; no cards (one query).
    columns = deal_board(owner=user, per_stage=0)
    rows = [
        {
            "stage": stage,
            "label": label,
            "count": count,
            "value": value,
            "url": list_url("deals:list", stage=stage, owner=user.pk),
        }
        for stage, label, count, value, _cards in columns
    ]
    return Block(
        rows,
        sum(row["count"] for row in rows),
        list_url("deals:list", stage=list(Deal.OPEN_STAGES), owner=user.pk),
        {"value": sum(row["value"] for row in rows)},
    )


def _ending_and_overdue_contracts(today, until):
    """((rows, count), (rows, count)) of the contracts ending by ``until`` and of those past
    their end date still marked active: one query, the first rows of each group and its
    size by window functions over the active contracts ending by ``until`` (a few hundred
    at most, from the status and end date)."""
    group = Case(When(overdue_q(today), then=Value("overdue")), default=Value("ending"))
    order = [F("end_date").asc(), F("id").asc()]
    rows = list(
        Contract.objects.filter(status=Contract.Status.ACTIVE, end_date__lte=until)
        .annotate(
            group=group,
            rank=Window(RowNumber(), partition_by=[group], order_by=order),
            matching=Window(Count("pk"), partition_by=[group]),
        )
        .filter(rank__lte=DASHBOARD_ROWS)
        .select_related("service")
        .order_by("end_date", "id")
    )
    result = []
    for name in ("ending", "overdue"):
        mine = [row for row in rows if row.group == name]
        result.append((mine, mine[0].matching if mine else 0))
    return result


def _my_tasks(user, today) -> Block:
    """``user``'s open tasks overdue, due today and due in the next seven days: the first
    rows and the three counts in one query (no row in the window means every count is 0)."""
    week = today + datetime.timedelta(days=MY_TASKS_DAYS)
    mine = Task.objects.filter(assignee=user, status=Task.Status.OPEN)
    rows = list(
        mine.filter(due_date__lte=week)
        .select_related(*TASK_SUBJECTS)
        .annotate(
            overdue_count=SubqueryCount(mine.filter(due_date__lt=today).values("pk")),
            today_count=SubqueryCount(mine.filter(due_date=today).values("pk")),
            week_count=SubqueryCount(
                mine.filter(due_date__gt=today, due_date__lte=week).values("pk")
            ),
        )
        .order_by("due_date", "due_time", "id")[:DASHBOARD_ROWS]
    )
    first = rows[0] if rows else None
    counts = {name: getattr(first, f"{name}_count", 0) for name in ("overdue", "today", "week")}
    return Block(
        rows,
        sum(counts.values()),
        list_url("tasks:list", mine="on", status=Task.Status.OPEN, due_before=week.isoformat()),
        {"days": MY_TASKS_DAYS, **counts, "date": today},
    )
