"""The reads behind the reports.

Every number is aggregated in the database (GROUP BY, conditional and windowed counts), so a
page costs the same few queries for ten rows as for ten thousand. Each report returns its
tables as lists of plain dicts, one list per table: the page renders them and an exporter
can write the same rows. A ``*_url`` key is the filtered list that shows what a number
counts; it is None where no list can show exactly that.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from urllib.parse import urlencode

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ContractParty
from contracts.selectors import effective_status_q, in_force_q
from core.expressions import Quarter
from deals.models import Deal
from members.models import County, Member, PopulationFigure
from members.selectors import coverages_through_members
from notes.models import Note
from services.models import Service

NON_MEMBER_STATUSES = (Member.Status.NOT_MEMBER, Member.Status.FORMER_MEMBER)
# Contracts that were signed and ran (or run): what "ending" and "running" count.
SIGNED_STATUSES = (Contract.Status.ACTIVE, Contract.Status.ENDED)
CLOSED_STAGES = (Deal.Stage.WON, Deal.Stage.LOST)
MONEY = DecimalField(max_digits=20, decimal_places=2)
CENT = Decimal("0.01")


def list_url(viewname: str, **params) -> str:
    """A list page with its filters in the query string (a list value repeats the key)."""
    params = {k: v for k, v in params.items() if v not in (None, "", [])}
    url = reverse(viewname)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def share(part, whole) -> Fraction | None:
    """``part / whole`` exactly; None where the whole is unknown or zero."""
    return Fraction(part or 0, whole) if whole else None


# --- Filters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    """What every report can be narrowed by; the view reads them from the URL."""

    year: int | None = None
    county: int | None = None  # County pk
    org_type: str = ""

    def members_q(self, prefix: str = "") -> Q:
        """Members (or records whose ``prefix`` leads to a member) inside the filters."""
        q = Q()
        if self.county:
            q &= Q(**{f"{prefix}county_id": self.county})
        if self.org_type:
            q &= Q(**{f"{prefix}org_type": self.org_type})
        return q

    @property
    def narrows_members(self) -> bool:
        """True when county or organisation type is set: lists that cannot filter by them
        then show other numbers, so the report links to none."""
        return bool(self.county or self.org_type)


def county_choices() -> list[tuple[int, str]]:
    return list(County.objects.order_by("code").values_list("pk", "name"))


def population_years() -> list[int]:
    """Every year with population figures, newest first."""
    return list(
        PopulationFigure.objects.order_by("-year").values_list("year", flat=True).distinct()
    )


# --- Membership -----------------------------------------------------------------------------


def membership_report(filters: ReportFilters, *, year: int | None) -> dict:
    """Members and non-members by county and by organisation type, with their population in
    ``year`` (PopulationFigure) and the share of Sweden's population they hold.

    Membership is as it is today. Sweden's population is the sum over all municipalities:
    regions cover the same people, so they are never added on top. For the same reason the
    county table sums the population of municipalities only, unless an organisation type is
    chosen. Two queries.
    """

    def figure():
        # A fresh FilteredRelation per query: Django binds it to the query it joins.
        return FilteredRelation("population_figures", condition=Q(population_figures__year=year))

    grouped = list(
        Member.objects.filter(filters.members_q())
        .annotate(figure=figure())
        .values("county_id", "county__code", "county__name", "org_type", "status")
        .annotate(
            count=Count("id"),
            population=Sum("figure__population"),
            without_figure=Count("id", filter=Q(figure__population__isnull=True)),
        )
        .order_by()
    )
    sweden = (
        Member.objects.filter(org_type=Member.OrgType.KOMMUN)
        .annotate(figure=figure())
        .aggregate(
            population=Sum("figure__population"),
            municipalities=Count("id"),
            without_figure=Count("id", filter=Q(figure__population__isnull=True)),
        )
    )
    sweden_population = sweden["population"] or 0
    population_type = filters.org_type or Member.OrgType.KOMMUN

    by_county: dict = {}
    by_type: dict = {}
    for row in grouped:
        is_member = row["status"] == Member.Status.MEMBER
        side = "members" if is_member else "non_members"
        county = by_county.setdefault(
            row["county_id"],
            {
                "county_id": row["county_id"],
                "code": row["county__code"],
                "county": row["county__name"],
                "members": 0,
                "non_members": 0,
                "members_population": 0,
                "non_members_population": 0,
            },
        )
        county[side] += row["count"]
        if row["org_type"] == population_type:
            county[f"{side}_population"] += row["population"] or 0
        kind = by_type.setdefault(
            row["org_type"],
            {
                "org_type": row["org_type"],
                "label": Member.OrgType(row["org_type"]).label,
                "members": 0,
                "non_members": 0,
                "members_population": None,
                "non_members_population": None,
                "without_figure": 0,
            },
        )
        kind[side] += row["count"]
        if row["population"] is not None:
            kind[f"{side}_population"] = (kind[f"{side}_population"] or 0) + row["population"]
        kind["without_figure"] += row["without_figure"]

    county_rows = sorted(by_county.values(), key=lambda r: (r["code"] is None, r["code"] or ""))
    for row in county_rows:
        in_county = row["members_population"] + row["non_members_population"]
        row["share_of_county"] = share(row["members_population"], in_county)
        row["share_of_sweden"] = share(row["members_population"], sweden_population)
        row.update(_member_urls(county=row["county_id"], org_type=filters.org_type))
        if row["county_id"] is None:  # the members list cannot select "no county"
            row["members_url"] = row["non_members_url"] = None

    type_rows = [by_type[t] for t in Member.OrgType.values if t in by_type]
    for row in type_rows:
        row["share_of_sweden"] = (
            share(row["members_population"], sweden_population)
            if row["members_population"] is not None
            else None
        )
        row.update(_member_urls(county=filters.county, org_type=row["org_type"]))

    covered = by_type.get(population_type, {})
    covered_population = covered.get("members_population") or 0
    # Municipalities that are members through a joint body, each once, beside the members.
    via_rows = covered_via_bodies(filters, year) if population_type == Member.OrgType.KOMMUN else []
    via_population = sum(row["population"] or 0 for row in via_rows)
    summary = {
        "year": year,
        "org_type": population_type,
        "org_type_label": Member.OrgType(population_type).label,
        "members": sum(r["members"] for r in type_rows),
        "non_members": sum(r["non_members"] for r in type_rows),
        "type_members": covered.get("members", 0),
        "type_total": covered.get("members", 0) + covered.get("non_members", 0),
        "type_without_figure": covered.get("without_figure", 0),
        "population": covered_population,
        "sweden_population": sweden_population,
        "sweden_without_figure": sweden["without_figure"],
        "share_of_sweden": share(covered_population, sweden_population),
        "via_bodies": len(via_rows),
        "via_population": via_population,
        "share_with_via": share(covered_population + via_population, sweden_population),
        **_member_urls(county=filters.county, org_type=population_type),
    }
    return {
        "summary": summary,
        "county_rows": county_rows,
        "org_type_rows": type_rows,
        "via_rows": via_rows,
    }


def covered_via_bodies(filters: ReportFilters, year: int | None) -> list[dict]:
    """The municipalities that are not members themselves but covered today through a joint
    body that is, inside the filters: one row per municipality (however many bodies cover
    it), with the bodies and its population in ``year``. One query."""
    figure = PopulationFigure.objects.filter(member=OuterRef("municipality"), year=year)
    coverages = (
        coverages_through_members(timezone.localdate())
        .filter(filters.members_q("municipality__"))
        .annotate(figure=Subquery(figure.values("population")[:1]))
        .select_related("municipality__county")
    )
    rows: dict[int, dict] = {}
    for coverage in coverages:
        municipality = coverage.municipality
        row = rows.setdefault(
            municipality.pk,
            {
                "municipality_id": municipality.pk,
                "municipality": municipality.name,
                "municipality_url": municipality.get_absolute_url(),
                "county": municipality.county.name if municipality.county else "",
                "bodies": [],
                "population": coverage.figure,
            },
        )
        row["bodies"].append(coverage.body.name)
    for row in rows.values():
        row["via"] = ", ".join(row["bodies"])
    return list(rows.values())


def _member_urls(*, county, org_type) -> dict:
    # Membership is today's, whatever the year: the members list shows exactly these.
    return {
        "members_url": list_url(
            "members:list", status=Member.Status.MEMBER, county=county, org_type=org_type
        ),
        "non_members_url": list_url(
            "members:list", status=list(NON_MEMBER_STATUSES), county=county, org_type=org_type
        ),
    }


# --- Service participation ------------------------------------------------------------------


def service_participation(
    filters: ReportFilters, *, year: int | None, today: datetime.date | None = None
) -> dict:
    """Which members use which service: the parties to the contracts in force today (the
    same rule as a service's and a member's own page), never a stored list.

    Two queries: the distinct (member, service) pairs with each member's population in
    ``year``, and the services.
    """
    # A join on the year's figure (one per member and year), not a subquery for every pair.
    figure = FilteredRelation(
        "member__population_figures", condition=Q(member__population_figures__year=year)
    )
    pairs = (
        ContractParty.objects.filter(in_force_q("contract__", today), filters.members_q("member__"))
        .annotate(figure=figure, population=F("figure__population"))
        .values(
            "member_id",
            "member__name",
            "member__status",
            "member__org_type",
            "member__county_id",
            "population",
            "contract__service_id",
        )
        .distinct()
        .order_by("member__name", "member_id", "contract__service_id")
    )
    members: dict[int, dict] = {}
    users: dict[int, list[dict]] = defaultdict(list)
    for pair in pairs:
        member = members.setdefault(
            pair["member_id"],
            {
                "member_id": pair["member_id"],
                "member": pair["member__name"],
                "status": pair["member__status"],
                "org_type": pair["member__org_type"],
                "county_id": pair["member__county_id"],
                "population": pair["population"],
                "service_ids": set(),
            },
        )
        member["service_ids"].add(pair["contract__service_id"])
        users[pair["contract__service_id"]].append(member)

    # A service nobody uses still shows as a column while it is offered.
    service_rows = [
        {
            "service_id": s["id"],
            "service": s["name"],
            "url": reverse("services:detail", args=[s["id"]]),
            "members": len(users[s["id"]]),
            # The service's page lists the same members, but not by county or type.
            "members_url": None
            if filters.narrows_members
            else reverse("services:detail", args=[s["id"]]),
            "of_which_members": sum(m["status"] == Member.Status.MEMBER for m in users[s["id"]]),
            "population_covered": covered_population(users[s["id"]]),
        }
        for s in Service.objects.order_by("name").values("id", "name", "status")
        if users[s["id"]] or s["status"] != Service.Status.ENDED
    ]
    matrix_rows = [
        {
            "member_id": m["member_id"],
            "member": m["member"],
            "status": m["status"],
            "status_label": Member.Status(m["status"]).label,
            "uses": [s["service_id"] in m["service_ids"] for s in service_rows],
            "services": len(m["service_ids"]),
        }
        for m in members.values()
    ]
    return {
        "year": year,
        "service_rows": service_rows,
        "matrix_rows": matrix_rows,
        "summary": {
            "members": len(members),
            "population_covered": covered_population(members.values()),
        },
    }


def covered_population(parties) -> int:
    """The people living where the parties are: a region covers its whole county, so its
    municipalities are not added again; other organisation types cover no one."""
    regions = {
        p["county_id"]: p["population"] or 0
        for p in parties
        if p["org_type"] == Member.OrgType.REGION and p["county_id"]
    }
    return sum(regions.values()) + sum(
        p["population"] or 0
        for p in parties
        if p["org_type"] == Member.OrgType.KOMMUN and p["county_id"] not in regions
    )


# --- Contracts ------------------------------------------------------------------------------


def month_starts(first: datetime.date, n: int = 12) -> list[datetime.date]:
    return [
        datetime.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(n)
    ]


def contracts_report(filters: ReportFilters, *, today: datetime.date | None = None) -> dict:
    """Contracts ending per month, value per service, and contracts to look at.

    Without a year: the twelve months from this one, and the value of the active contracts
    (as their list shows them: marked active and not past the end date). With a year: the
    twelve months of that year, and the value of the contracts running some time in it.
    "Ending" and "running" count signed contracts (active or ended), not drafts or
    terminated ones. County and organisation type select contracts with a party inside
    them. Three queries.
    """
    today = today or timezone.localdate()
    year = filters.year
    months = month_starts(datetime.date(year, 1, 1) if year else today.replace(day=1))
    period_end = month_starts(months[-1], 2)[1] - datetime.timedelta(days=1)
    contracts = Contract.objects.all()
    if filters.narrows_members:
        parties = ContractParty.objects.filter(filters.members_q("member__"))
        # A subquery, not a join: a contract counts once however many parties it has.
        contracts = contracts.filter(pk__in=parties.values("contract_id"))
    link = not filters.narrows_members

    ending = {
        row["month"]: row
        for row in contracts.filter(
            status__in=SIGNED_STATUSES, end_date__gte=months[0], end_date__lte=period_end
        )
        .annotate(month=TruncMonth("end_date"))
        .values("month")
        .annotate(count=Count("id"), value=Sum("value"))
        .order_by()
    }
    month_rows = []
    for start in months:
        end = month_starts(start, 2)[1] - datetime.timedelta(days=1)
        row = ending.get(start, {})
        month_rows.append(
            {
                "month": start,
                "count": row.get("count", 0),
                "value": row.get("value") or Decimal(0),
                "url": list_url(
                    "contracts:list",
                    ending_after=start.isoformat(),
                    ending_before=end.isoformat(),
                    status=list(SIGNED_STATUSES),
                )
                if link
                else None,
            }
        )

    if year:
        counted = contracts.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=datetime.date(year, 12, 31)),
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1)),
            status__in=SIGNED_STATUSES,
        )
    else:
        counted = contracts.filter(effective_status_q([Contract.Status.ACTIVE], today))
    service_rows = [
        {
            "service_id": row["service_id"],
            "service": row["service__name"],
            "count": row["count"],
            "value": row["value"] or Decimal(0),
            "url": list_url(
                "contracts:list", service=row["service_id"], status=Contract.Status.ACTIVE
            )
            if link and not year
            else None,
        }
        for row in counted.values("service_id", "service__name")
        .annotate(count=Count("id"), value=Sum("value"))
        .order_by("service__name")
    ]

    no_party = ~Exists(ContractParty.objects.filter(contract=OuterRef("pk")))
    check_rows = [
        {
            "contract": str(c),
            "url": c.get_absolute_url(),
            "status": c.get_status_display(),
            "service": c.service.name,
            "service_ended": c.service.status == Service.Status.ENDED,
            "no_party": not c.has_party,
            "end_date": c.end_date,
        }
        for c in Contract.objects.filter(status__in=(Contract.Status.DRAFT, Contract.Status.ACTIVE))
        .annotate(has_party=~no_party)
        .filter(no_party | Q(service__status=Service.Status.ENDED))
        .select_related("service")
        .order_by(F("end_date").asc(nulls_last=True), "id")
    ]
    return {
        "months": months,
        "month_rows": month_rows,
        "service_rows": service_rows,
        "check_rows": check_rows,
        "totals": {
            "ending": sum(r["count"] for r in month_rows),
            "ending_value": sum(r["value"] for r in month_rows),
            "count": sum(r["count"] for r in service_rows),
            "value": sum(r["value"] for r in service_rows),
        },
    }


# --- Pipeline -------------------------------------------------------------------------------

ACTIVITY_ROWS = 50


def pipeline_report(filters: ReportFilters, *, year: int) -> dict:
    """Open deals per stage and service, won and lost per quarter of ``year`` with the
    reasons for loss, and each open deal's latest note. County and organisation type are
    those of the deal's member. Four queries.
    """
    deals = Deal.objects.filter(filters.members_q("member__"))
    link = not filters.narrows_members

    open_rows = []
    grouped = (
        deals.filter(stage__in=Deal.OPEN_STAGES)
        .values("stage", "service_id", "service__name")
        .annotate(
            # Percent × value, divided by 100 below: no integer division on any database.
            # (Before "value" is annotated, or F("value") would mean the sum.)
            weighted=Sum(F("value") * F("probability"), output_field=MONEY),
            count=Count("id"),
            value=Sum("value"),
        )
        .order_by()
    )
    by_stage = defaultdict(list)
    for row in grouped:
        by_stage[row["stage"]].append(row)
    stage_rows = []
    for stage in Deal.OPEN_STAGES:
        rows = sorted(
            by_stage[stage], key=lambda r: (r["service__name"] is None, r["service__name"] or "")
        )
        for row in rows:
            open_rows.append(
                {
                    "stage": stage,
                    "stage_label": stage.label,
                    "service_id": row["service_id"],
                    "service": row["service__name"],
                    "count": row["count"],
                    "value": row["value"] or Decimal(0),
                    "weighted": _percent_of(row["weighted"]),
                    # The deals list cannot select "no service".
                    "url": list_url("deals:list", stage=stage, service=row["service_id"])
                    if link and row["service_id"]
                    else None,
                }
            )
        stage_rows.append(
            {
                "stage": stage,
                "stage_label": stage.label,
                "count": sum(r["count"] for r in rows),
                "value": sum((r["value"] or Decimal(0) for r in rows), Decimal(0)),
                "weighted": sum((_percent_of(r["weighted"]) for r in rows), Decimal(0)),
                "url": list_url("deals:list", stage=stage) if link else None,
            }
        )

    closed = (
        deals.filter(stage__in=CLOSED_STAGES, closed_on__year=year)
        .annotate(quarter=Quarter("closed_on"))
        .values("quarter", "stage", "lost_reason")
        .annotate(count=Count("id"), value=Sum("value"))
        .order_by()
    )
    quarters = {
        q: {
            "quarter": q,
            "won": 0,
            "won_value": Decimal(0),
            "lost": 0,
            "lost_value": Decimal(0),
            "reasons": dict.fromkeys(Deal.LossReason.values, 0),
        }
        for q in range(1, 5)
    }
    for row in closed:
        quarter = quarters[row["quarter"]]
        side = "won" if row["stage"] == Deal.Stage.WON else "lost"
        quarter[side] += row["count"]
        quarter[f"{side}_value"] += row["value"] or Decimal(0)
        if side == "lost":
            quarter["reasons"][row["lost_reason"]] += row["count"]
    quarter_rows = list(quarters.values())
    reason_rows = [
        {
            "reason": reason,
            "label": label,
            "count": sum(q["reasons"][reason] for q in quarter_rows),
        }
        for reason, label in Deal.LossReason.choices
    ]

    activity = _latest_activity(deals.filter(stage__in=Deal.OPEN_STAGES))
    activity_rows = [
        {
            "deal": d.title,
            "url": d.get_absolute_url(),
            "member": d.member.name,
            "service": d.service.name if d.service else None,
            "stage": d.get_stage_display(),
            "value": d.value,
            "probability": d.probability,
            "owner": str(d.owner.get_full_name() or d.owner.get_username()) if d.owner else None,
            "last_note_at": d.last_note_at,
            "last_note": d.last_note_text,
        }
        for d in activity
    ]
    return {
        "year": year,
        "open_rows": open_rows,
        "stage_rows": stage_rows,
        "quarter_rows": quarter_rows,
        "reason_rows": reason_rows,
        "activity_rows": activity_rows,
        "totals": {
            "count": sum(r["count"] for r in stage_rows),
            "value": sum((r["value"] for r in stage_rows), Decimal(0)),
            "weighted": sum((r["weighted"] for r in stage_rows), Decimal(0)),
            "won": sum(q["won"] for q in quarter_rows),
            "won_value": sum((q["won_value"] for q in quarter_rows), Decimal(0)),
            "lost": sum(q["lost"] for q in quarter_rows),
            "lost_value": sum((q["lost_value"] for q in quarter_rows), Decimal(0)),
            "open": sum(r["count"] for r in stage_rows),
            "all_open_url": list_url("deals:list", stage=list(Deal.OPEN_STAGES)) if link else None,
        },
    }


ACTIVITY_NOTES = 1_000


def _latest_activity(open_deals) -> list:
    """The ACTIVITY_ROWS open deals with the latest notes, newest first (then by the deal's
    last change), each with ``last_note_at`` and ``last_note_text``; deals without a note
    last. Two queries.

    Asking each of 18,000 open deals for its latest note costs 36,000 index searches. The
    newest notes about open deals, read in time order, name the deals with the latest notes
    first: the first ACTIVITY_NOTES of them are enough unless deals without notes (or ties
    at the cut) must be listed too, and then every deal is asked after all.
    """
    notes = list(
        Note.objects.filter(deal__in=open_deals.values("pk"))
        .order_by("-occurred_at", "-id")
        .values_list("deal_id", "occurred_at", "text")[:ACTIVITY_NOTES]
    )
    latest = {}
    for deal_id, at, text in notes:
        latest.setdefault(deal_id, (at, text))  # the first note read is the deal's latest
    times = sorted((at for at, _text in latest.values()), reverse=True)
    if len(times) >= ACTIVITY_ROWS:
        cut = times[ACTIVITY_ROWS - 1]
        # Every deal whose latest note is as new as the cut has been read: the notes read
        # go past it, or they are all the notes there are.
        if len(notes) < ACTIVITY_NOTES or notes[-1][1] < cut:
            shown = [pk for pk, (at, _text) in latest.items() if at >= cut]
            deals = list(
                open_deals.select_related("member", "service", "owner").filter(pk__in=shown)
            )
            for deal in deals:
                deal.last_note_at, deal.last_note_text = latest[deal.pk]
            deals.sort(key=lambda d: (d.last_note_at, d.updated_at, d.pk), reverse=True)
            return deals[:ACTIVITY_ROWS]
    last_note = Note.objects.filter(deal=OuterRef("pk")).order_by("-occurred_at", "-id")
    return list(
        open_deals.select_related("member", "service", "owner")
        .annotate(
            last_note_at=Subquery(last_note.values("occurred_at")[:1]),
            last_note_text=Subquery(last_note.values("text")[:1]),
        )
        .order_by(F("last_note_at").desc(nulls_last=True), "-updated_at", "-id")[:ACTIVITY_ROWS]
    )


def _percent_of(amount) -> Decimal:
    """``amount`` / 100 to the öre: the probability-weighted value of a sum of value × %."""
    return (Decimal(amount or 0) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
