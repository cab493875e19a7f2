"""Reads of the fees: the invoicing basis of a year, live or issued, and a member's fees."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from members.models import (
    JOINT_BODY_TYPES,
    Coverage,
    Member,
    MembershipChange,
    PopulationFigure,
)

from . import calculation
from .models import FeeBand, FeeBasis, FeeLine, FeeSchedule

MUNICIPAL_TYPES = {Member.OrgType.KOMMUN, Member.OrgType.REGION}
KINDS = {
    **dict.fromkeys(MUNICIPAL_TYPES, calculation.MUNICIPAL),
    **dict.fromkeys(JOINT_BODY_TYPES, calculation.GROUP),
}


def member_kind(org_type: str) -> str:
    return KINDS.get(org_type, calculation.OTHER)


def fee_schedule(year: int) -> FeeSchedule | None:
    """The schedule of ``year`` with its bands (``band_list``), or None. One query: the bands
    with their schedule (a schedule without bands, which cannot compute, takes a second)."""
    bands = list(FeeBand.objects.filter(schedule__year=year).select_related("schedule"))
    schedule = bands[0].schedule if bands else FeeSchedule.objects.filter(year=year).first()
    if schedule is not None:
        schedule.band_list = sorted(bands, key=lambda band: band.lower)
    return schedule


def newest_population_year() -> int | None:
    return PopulationFigure.objects.aggregate(newest=Max("year"))["newest"]


@dataclass(slots=True)
class BasisRow:
    """A member's line of the basis as the page and the export show it."""

    member_id: int
    name: str
    org_number: str
    address: str
    org_type: str
    population: int | None
    population_year: int
    band: str
    annual_fee_full: Decimal | None
    months: int
    annual_fee: Decimal | None
    entry_fee: Decimal
    entry: str
    total: Decimal | None
    warnings: list[str]
    member_since: datetime.date | None = None
    rejoined: bool = False
    covered: list = field(default_factory=list)
    previous_total: Decimal | None = None
    differences: list[str] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        if self.total is None or self.previous_total is None:
            return None
        return self.total - self.previous_total

    @property
    def entry_label(self) -> str:
        if self.entry == calculation.NEW:
            return _("New member")
        if self.entry == calculation.REJOIN:
            return _("Rejoining")
        return ""

    @property
    def org_type_label(self) -> str:
        return str(Member.OrgType(self.org_type).label) if self.org_type else ""


def invoiced_members(year: int):
    """The members invoiced for ``year``: members during some part of it."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Member.objects.filter(
            Q(status=Member.Status.MEMBER)
            | Q(status=Member.Status.FORMER_MEMBER, member_until__gte=start)
        )
        .filter(Q(member_since__isnull=True) | Q(member_since__lte=end))
        .filter(Q(member_until__isnull=True) | Q(member_until__gte=start))
        .order_by("name", "id")
    )


def _address(address, postal_code, city) -> str:
    place = " ".join(part for part in (postal_code, city) if part)
    return ", ".join(part for part in (address, place) if part)


MEMBER_FIELDS = (
    "pk",
    "name",
    "org_number",
    "org_type",
    "member_since",
    "address",
    "postal_code",
    "city",
    "figure",
    "returned",
)


def live_rows(schedule: FeeSchedule, members=None, *, population_year=None) -> list[BasisRow]:
    """Each member's fee as it would be computed now; see iter_live_rows."""
    return list(iter_live_rows(schedule, members, population_year=population_year))


def iter_live_rows(schedule: FeeSchedule, members=None, *, population_year=None):
    """Each member's fee as it would be computed now (``members``: a queryset, the invoiced
    ones by default; ``population_year``: another year's figures than the schedule's, for a
    forecast), one by one: an export streams them.

    Two queries whatever the number of members: the members with their population figure
    of the year and whether they returned during it (read as plain values, in chunks); the
    municipalities joint bodies cover.
    """
    plan = schedule.as_schedule(getattr(schedule, "band_list", None))
    if population_year is not None:
        plan = calculation.Schedule(**{**plan.__dict__, "population_year": population_year})
    members = invoiced_members(schedule.year) if members is None else members
    figure = PopulationFigure.objects.filter(member=OuterRef("pk"), year=plan.population_year)
    returns = MembershipChange.objects.filter(
        member=OuterRef("pk"),
        from_status=Member.Status.FORMER_MEMBER,
        to_status=Member.Status.MEMBER,
        date__year=schedule.year,
    )
    annotated = members.annotate(
        figure=Subquery(figure.values("population")[:1]), returned=Exists(returns)
    ).values_list(*MEMBER_FIELDS)
    covered = _covered_populations(members, schedule.year, plan.population_year)
    # Computed once, not per row.
    labels = {band: band.label() for band in plan.bands}
    flat = _("Flat fee")
    for (
        pk,
        name,
        org_number,
        org_type,
        since,
        address,
        postal_code,
        city,
        figure_,
        returned,
    ) in annotated.iterator(chunk_size=2000):
        facts = calculation.MemberFacts(
            kind=member_kind(org_type),
            member_since=since,
            rejoined=returned,
            population=figure_,
            covered=tuple(covered.get(pk, ())),
            has_org_number=bool(org_number),
            has_address=bool(address and city),
        )
        fee = calculation.compute_fee(plan, facts)
        yield BasisRow(
            member_id=pk,
            name=name,
            org_number=org_number or "",
            address=_address(address, postal_code, city),
            org_type=org_type,
            population=fee.population,
            population_year=plan.population_year,
            band=flat if fee.flat else (labels[fee.band] if fee.band else ""),
            annual_fee_full=fee.annual_fee_full,
            months=fee.months,
            annual_fee=fee.annual_fee,
            entry_fee=fee.entry_fee,
            entry=fee.entry,
            total=fee.total,
            warnings=list(fee.warnings),
            member_since=since,
            rejoined=bool(returned),
            covered=[list(pair) for pair in facts.covered],
        )


def _covered_populations(members, year: int, population_year: int) -> dict[int, list]:
    """{joint body id: [(municipality, its population or None)]}: the municipalities each
    member covers during some part of ``year``. One query."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    figure = PopulationFigure.objects.filter(member=OuterRef("municipality"), year=population_year)
    coverages = (
        Coverage.objects.filter(body__in=members.values("pk"), body__org_type__in=JOINT_BODY_TYPES)
        .filter(Q(start__isnull=True) | Q(start__lte=end))
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .annotate(figure=Subquery(figure.values("population")[:1]))
        .order_by("municipality__name")
        .values_list("body_id", "municipality_id", "municipality__name", "figure")
    )
    covered: dict[int, dict] = {}
    for body_id, municipality_id, name, population in coverages:
        covered.setdefault(body_id, {})[municipality_id] = (name, population)
    return {body_id: list(by_id.values()) for body_id, by_id in covered.items()}


def issued_basis(year: int) -> FeeBasis | None:
    """The year's basis in force: its newest issued version."""
    return FeeBasis.objects.filter(year=year).select_related("issued_by").first()


LINE_FIELDS = (
    "member_id",
    "name",
    "org_number",
    "address",
    "org_type",
    "population",
    "population_year",
    "band",
    "annual_fee_full",
    "months",
    "annual_fee",
    "entry_fee",
    "entry",
    "total",
    "warnings",
    "member_since",
    "rejoined",
    "covered",
)


def iter_issued_rows(basis: FeeBasis):
    """The lines of an issued basis as rows, one by one (read as plain values, in chunks)."""
    lines = FeeLine.objects.filter(basis=basis).order_by("name", "id").values(*LINE_FIELDS)
    for values in lines.iterator(chunk_size=2000):
        yield BasisRow(**values)


def issued_rows(basis: FeeBasis) -> list[BasisRow]:
    return list(iter_issued_rows(basis))


def _money(value) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", " ")


def differences(issued: BasisRow | None, live: BasisRow | None) -> list[str]:
    """Why the live computation of a member differs from its issued line, reason by reason."""
    if issued is None:
        return [_("Not in the issued basis: would be invoiced now.")]
    if live is None:
        return [_("Would no longer be invoiced (membership changed).")]
    reasons = []
    if issued.population != live.population:
        reasons.append(
            _("Population %(old)s → %(new)s.")
            % {"old": _money(issued.population), "new": _money(live.population)}
        )
    if issued.band != live.band:
        reasons.append(_("Band %(old)s → %(new)s.") % {"old": issued.band, "new": live.band})
    elif issued.annual_fee_full != live.annual_fee_full:
        reasons.append(
            _("Annual fee in the schedule %(old)s → %(new)s.")
            % {"old": _money(issued.annual_fee_full), "new": _money(live.annual_fee_full)}
        )
    if issued.member_since != live.member_since or issued.months != live.months:
        reasons.append(
            _("Member since %(old)s → %(new)s.")
            % {"old": issued.member_since or "—", "new": live.member_since or "—"}
        )
    if issued.entry_fee != live.entry_fee and not reasons:
        reasons.append(
            _("Entry fee %(old)s → %(new)s.")
            % {"old": _money(issued.entry_fee), "new": _money(live.entry_fee)}
        )
    if issued.total != live.total and not reasons:
        reasons.append(
            _("Total %(old)s → %(new)s.") % {"old": _money(issued.total), "new": _money(live.total)}
        )
    return reasons


def year_totals(year: int, issued: FeeBasis | None) -> dict[int, Decimal | None] | None:
    """Each member's total of ``year``: of its ``issued`` basis, else computed now; None
    without a schedule."""
    if issued is not None:
        return dict(FeeLine.objects.filter(basis=issued).values_list("member_id", "total"))
    schedule = fee_schedule(year)
    if schedule is None:
        return None
    return {row.member_id: row.total for row in iter_live_rows(schedule)}


def changed_after(basis: FeeBasis) -> set[int]:
    """The members whose membership changed after ``basis`` was issued."""
    return set(
        MembershipChange.objects.filter(created_at__gt=basis.issued_at).values_list(
            "member_id", flat=True
        )
    )


@dataclass
class Basis:
    """The invoicing basis of a year, as its page shows it."""

    year: int
    schedule: FeeSchedule | None
    issued: FeeBasis | None
    rows: list[BasisRow]
    live_only: list[BasisRow]  # issued: members the live computation adds
    previous_total: Decimal | None
    forecast_population_year: int | None = None

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.rows if row.total is not None), Decimal(0))

    @property
    def annual_total(self) -> Decimal:
        return sum((row.annual_fee for row in self.rows if row.annual_fee is not None), Decimal(0))

    @property
    def entry_total(self) -> Decimal:
        return sum((row.entry_fee for row in self.rows), Decimal(0))

    @property
    def change(self) -> Decimal | None:
        return None if self.previous_total is None else self.total - self.previous_total

    @property
    def warning_count(self) -> int:
        return sum(1 for row in self.rows if row.warnings)

    @property
    def attention_count(self) -> int:
        """Rows a person should look at: a warning, or a difference from today's computation."""
        return sum(1 for row in self.rows if row.warnings or row.differences)

    @property
    def difference_count(self) -> int:
        return sum(1 for row in self.rows if row.differences) + len(self.live_only)


def fee_basis(year: int, *, forecast: bool = False) -> Basis:
    """The basis of ``year``: its issued version with the live differences beside each line,
    or (never issued) the live computation. ``forecast``: live, with the newest imported
    population instead of the schedule's year. Raises calculation.NoSchedule without a
    schedule for the year."""
    schedule = fee_schedule(year)
    if schedule is None:
        raise calculation.NoSchedule
    newest = _bases_in_force(year)
    issued = None if forecast else newest.get(year)
    population_year = newest_population_year() if forecast else None
    live = live_rows(schedule, population_year=population_year)
    live_only = []
    if issued is not None:
        rows = issued_rows(issued)
        changed = changed_after(issued)
        live_by_member = {row.member_id: row for row in live}
        for row in rows:
            candidate = live_by_member.pop(row.member_id, None)
            if _differs(row, candidate):
                row.differences = differences(row, candidate)
            if row.member_id in changed:
                row.warnings.append(_("The membership changed after the basis was issued."))
        live_only = list(live_by_member.values())
        for row in live_only:
            row.differences = differences(None, row)
    else:
        rows = live
    previous = year_totals(year - 1, newest.get(year - 1))
    previous_total = None
    if previous is not None:
        previous_total = sum((t for t in previous.values() if t is not None), Decimal(0))
        for row in rows:
            row.previous_total = previous.get(row.member_id)
    return Basis(
        year=year,
        schedule=schedule,
        issued=issued,
        rows=rows,
        live_only=live_only,
        previous_total=previous_total,
        forecast_population_year=population_year,
    )


def _bases_in_force(year: int) -> dict[int, FeeBasis]:
    """{year: its newest issued version} for ``year`` and the year before: one query."""
    newest = {}
    for basis in FeeBasis.objects.filter(year__in=(year, year - 1)).select_related("issued_by"):
        newest.setdefault(basis.year, basis)  # ordered by version, newest first
    return newest


def fee_export_rows(year: int, *, forecast: bool = False):
    """The rows of the basis as its export writes them (issued where issued, else computed
    now; each with its total of the year before), streamed: what the export holds in memory
    is the totals of the year before, not the rows. Raises calculation.NoSchedule at once
    without a schedule for the year."""
    schedule = fee_schedule(year)
    if schedule is None:
        raise calculation.NoSchedule
    newest = _bases_in_force(year)
    issued = None if forecast else newest.get(year)
    population_year = newest_population_year() if forecast else None
    previous = year_totals(year - 1, newest.get(year - 1)) or {}
    if issued is not None:
        rows = iter_issued_rows(issued)
    else:
        rows = iter_live_rows(schedule, population_year=population_year)

    def with_previous():
        for row in rows:
            row.previous_total = previous.get(row.member_id)
            yield row

    return with_previous()


def _differs(issued: BasisRow, live: BasisRow | None) -> bool:
    if live is None:
        return True
    keys = ("population", "band", "annual_fee_full", "months", "annual_fee", "entry_fee", "total")
    return any(getattr(issued, key) != getattr(live, key) for key in keys)


@dataclass
class MemberFee:
    year: int
    row: BasisRow
    issued: FeeBasis | None  # None: computed now, not issued


def member_fees(member: Member, *, years: int = 5) -> list[MemberFee]:
    """A member's fees by year, newest first: the issued line where the year is issued, else
    the live computation where the year has a schedule and the member is invoiced."""
    lines = (
        FeeLine.objects.filter(member=member)
        .select_related("basis")
        .order_by("-basis__year", "-basis__version")
    )
    fees: dict[int, MemberFee] = {}
    for line in lines[: years * 4]:
        year = line.basis.year
        if year not in fees:
            row = BasisRow(**{name: getattr(line, name) for name in LINE_FIELDS})
            fees[year] = MemberFee(year, row, line.basis)
    schedules = FeeSchedule.objects.prefetch_related("bands").order_by("-year")[:years]
    for schedule in schedules:
        if schedule.year in fees:
            continue
        invoiced = invoiced_members(schedule.year).filter(pk=member.pk)
        rows = live_rows(schedule, invoiced)
        if rows:
            fees[schedule.year] = MemberFee(schedule.year, rows[0], None)
    return [fees[year] for year in sorted(fees, reverse=True)][:years]
