import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import County, Member, MembershipChange, PopulationFigure
from .scb import PopulationRow, parse_population_file

REGISTER_FILE = Path(__file__).resolve().parent / "data" / "register.csv"

# The fields the register owns. Everything else on a member (membership, verified date,
# address, contacts…) is maintained by staff and never touched by a register load.
_REGISTER_FIELDS = ("name", "org_type", "kommunkod", "county")


@dataclass
class RegisterResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    counties_created: int = 0


def _read_register(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@transaction.atomic
def register_load(*, path: Path = REGISTER_FILE) -> RegisterResult:
    """Create or update every municipality and region from the shipped register.

    Idempotent: a second run changes nothing. Population is set only when the register's year
    is newer than what the member has (a later SCB import must not be rolled back).
    """
    rows = _read_register(path)
    result = RegisterResult()

    counties = {c.code: c for c in County.objects.all()}
    for row in rows:
        code, name = row["county_code"], row["county_name"]
        county = counties.get(code)
        if county is None:
            counties[code] = County.objects.create(code=code, name=name)
            result.counties_created += 1
        elif county.name != name:
            county.name = name
            county.save(update_fields=["name"])

    municipalities = {m.kommunkod: m for m in Member.objects.filter(kommunkod__isnull=False)}
    regions = {
        m.county.code: m
        for m in Member.objects.filter(
            org_type=Member.OrgType.REGION, county__isnull=False
        ).select_related("county")
    }
    existing_years = set(
        PopulationFigure.objects.filter(
            member__in=[*municipalities.values(), *regions.values()]
        ).values_list("member_id", "year")
    )

    for row in rows:
        is_region = row["org_type"] == Member.OrgType.REGION
        wanted = {
            "name": row["name"],
            "org_type": row["org_type"],
            "kommunkod": None if is_region else row["code"],
            "county": counties[row["county_code"]],
        }
        member = regions.get(row["code"]) if is_region else municipalities.get(row["code"])
        year, population = int(row["population_year"]), int(row["population"])

        if member is None:
            member = Member(**wanted, population=population, population_year=year)
            member.full_clean()
            member.save()
            result.created.append(str(member))
        else:
            changed = [f for f in _REGISTER_FIELDS if getattr(member, f) != wanted[f]]
            if member.population_year is None or member.population_year < year:
                member.population, member.population_year = population, year
                changed += ["population", "population_year"]
            if changed:
                for f in changed:
                    if f in wanted:
                        setattr(member, f, wanted[f])
                member.full_clean()
                member.save()
                result.updated.append(str(member))
            else:
                result.unchanged += 1

        if (member.pk, year) not in existing_years:
            PopulationFigure.objects.create(
                member=member, year=year, population=population, source="SCB (register)"
            )
    return result


# --- yearly population import ---------------------------------------------------------

# A change against the year before larger than this (in per cent) is flagged in the summary:
# populations move a few per cent a year, so a larger jump usually means a wrong file.
FLAG_CHANGE_PERCENT = 10

# Gotland has no separate region record: the municipality 0980 is also the region, so SCB's
# county row "09 Gotlands län" is covered by 0980. It is applied to 0980 when the file has no
# row for 0980 (a file of counties only) and otherwise counted as a repeated row.
_MUNICIPALITY_FOR_COUNTY = {"09": "0980"}


@dataclass(frozen=True)
class RowProblem:
    line: int | None  # None for JSON files, which have no meaningful lines
    region: str  # the region as the file writes it: "0999 Okänd", "Stockholms län"
    message: str

    def describe(self, path: str) -> str:
        # The same wording as members.scb.ScbFormatError, so every error reads alike.
        params = {"path": path, "line": self.line, "message": self.message}
        if self.line is None:
            return _("%(path)s: %(message)s") % params
        return _("%(path)s, line %(line)s: %(message)s") % params


@dataclass(frozen=True)
class PopulationChange:
    member: str
    previous_year: int
    previous_population: int
    year: int
    population: int
    percent: float | None  # None when the previous figure is 0
    flagged: bool


@dataclass
class ImportResult:
    path: str
    format: str
    years: list[int]
    dry_run: bool
    rows_read: int = 0  # figures in the file (one per region and year), country rows excluded
    country_rows: int = 0  # "00 Riket" rows, skipped
    members_updated: int = 0  # members with a new or changed figure or a new current figure
    new_years: int = 0  # figures for a member and year the CRM did not have
    changed: int = 0  # figures for a member and year the CRM had with another value
    unchanged: int = 0
    missing: int = 0  # ".." and other missing-value symbols: existing figures are left alone
    repeated: int = 0  # a second row for the same member and year with the same figure
    current_updated: int = 0  # members whose current population was set
    unknown: list[RowProblem] = field(default_factory=list)
    changes: list[PopulationChange] = field(default_factory=list)  # largest first

    @property
    def flagged(self) -> list[PopulationChange]:
        return [change for change in self.changes if change.flagged]


class PopulationImportError(Exception):
    """Rows that match no member (or one member twice with different figures)."""

    def __init__(self, problems: list[RowProblem], *, path: str):
        super().__init__(problems)
        self.problems = problems
        self.path = str(path)

    def __str__(self) -> str:
        return "\n".join(problem.describe(self.path) for problem in self.problems)


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _region_label(row: PopulationRow) -> str:
    return " ".join(part for part in (row.code, row.name) if part)


class _Matcher:
    """Finds the member for each row with a fixed number of queries, whatever the file size."""

    def __init__(self, rows: list[PopulationRow]):
        codes = {r.code for r in rows if r.code and len(r.code) == 4}
        county_codes = {r.code for r in rows if r.code and len(r.code) == 2}
        by_name = any(r.code is None and r.name for r in rows)
        codes |= {
            _MUNICIPALITY_FOR_COUNTY[c] for c in county_codes if c in _MUNICIPALITY_FOR_COUNTY
        }

        # Names are matched case-insensitively in Python (SQLite folds only ASCII), so a file
        # with names loads every municipality: 290 rows, one query, shared with the codes.
        wanted = Q(kommunkod__in=codes)
        if by_name:
            wanted |= Q(org_type=Member.OrgType.KOMMUN)
        municipalities = list(Member.objects.filter(wanted)) if codes or by_name else []
        self.by_code = {m.kommunkod: m for m in municipalities if m.kommunkod}
        self.municipalities_by_name: dict[str, list[Member]] = {}
        for m in municipalities:
            if m.org_type == Member.OrgType.KOMMUN:
                self.municipalities_by_name.setdefault(_fold(m.name), []).append(m)

        regions = []
        if county_codes or by_name:
            regions = list(
                Member.objects.filter(org_type=Member.OrgType.REGION).select_related("county")
            )
        self.region_by_county = {r.county.code: r for r in regions if r.county}
        self.regions_by_name: dict[str, list[Member]] = {}
        for r in regions:
            self.regions_by_name.setdefault(_fold(r.name), []).append(r)
        # "Stockholms län": PxWeb's text-only downloads name counties, not regions.
        self.county_by_name = (
            {_fold(c.name): c.code for c in County.objects.all()} if by_name else {}
        )

    def match(self, row: PopulationRow) -> Member | str:
        """The member for ``row``, or a message saying why there is none."""
        if row.code and len(row.code) == 4:
            member = self.by_code.get(row.code)
            return member or _("No member has the municipality code %(code)s.") % {"code": row.code}
        if row.code:
            return self._county(row.code)
        name = _fold(row.name or "")
        for found in (self.municipalities_by_name.get(name), self.regions_by_name.get(name)):
            if found and len(found) == 1:
                return found[0]
            if found:
                return _(
                    '"%(name)s" is the name of more than one member (%(members)s). '
                    "Give the municipality code."
                ) % {
                    "name": row.name,
                    "members": ", ".join(m.kommunkod or str(m.pk) for m in found),
                }
        if name in self.county_by_name:
            return self._county(self.county_by_name[name])
        return _('No municipality or region is named "%(name)s".') % {"name": row.name}

    def _county(self, code: str) -> Member | str:
        region = self.region_by_county.get(code)
        if region is None and code in _MUNICIPALITY_FOR_COUNTY:
            region = self.by_code.get(_MUNICIPALITY_FOR_COUNTY[code])
        return region or _("No region has the county code %(code)s.") % {"code": code}


def _change(member, previous_year, previous, year, population) -> PopulationChange:
    percent = None if previous == 0 else (population - previous) * 100 / previous
    flagged = population != previous if percent is None else abs(percent) > FLAG_CHANGE_PERCENT
    return PopulationChange(
        str(member), previous_year, previous, year, population, percent, flagged
    )


@transaction.atomic
def population_import(
    *,
    path: str | Path,
    year: int | None = None,
    dry_run: bool = False,
    skip_unknown: bool = False,
    source: str = "",
    progress: Callable[[int, int], None] | None = None,
    before_write: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Store the population figures of a file downloaded from SCB, one per member and year.

    Every year is kept as a PopulationFigure; a member's current population is set only from
    a year at least as new as the newest it has. Missing values ("..") leave existing figures
    alone. All or nothing: raises ScbFormatError for a file that cannot be read and
    PopulationImportError for rows that match no member (unless ``skip_unknown``, which
    reports them in the result) before anything is written. ``dry_run`` computes the same
    result and writes nothing. ``progress(done, total)`` is called while rows are processed.
    """
    parsed = parse_population_file(path, year=year)
    json_file = parsed.format.startswith("JSON")  # its "lines" are positions in the data
    source = (source or f"SCB ({Path(path).name})")[:200]
    reason = source[:100]  # the length of simple_history's change reason
    result = ImportResult(
        path=parsed.path,
        format=parsed.format,
        years=parsed.years,
        dry_run=dry_run,
        rows_read=len(parsed.rows),
        country_rows=parsed.skipped_country_rows,
    )
    total = len(parsed.rows)

    def report(done: int) -> None:
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)

    # 1. Match every row to a member; a member and year may come twice (county 09 and 0980,
    # or a code row and a name row), but never with two different figures.
    matcher = _Matcher(parsed.rows)
    members: dict[int, Member] = {}
    chosen: dict[tuple[int, int], PopulationRow] = {}
    conflicts = []
    for done, row in enumerate(parsed.rows, 1):
        report(done)
        found = matcher.match(row)
        line = None if json_file else row.line
        if isinstance(found, str):
            result.unknown.append(RowProblem(line, _region_label(row), found))
            continue
        members[found.pk] = found
        key = (found.pk, row.year)
        first = chosen.get(key)
        if first is None:
            chosen[key] = row
        elif first.population is None or row.population in (None, first.population):
            result.repeated += 1
            if first.population is None:  # a figure beats a missing value
                chosen[key] = row
        else:
            message = _(
                "%(member)s has a different figure for %(year)s on line %(first)s "
                "(%(first_population)s, here %(population)s)."
            ) % {
                "member": found,
                "year": row.year,
                "first": first.line,
                "first_population": first.population,
                "population": row.population,
            }
            conflicts.append(RowProblem(line, _region_label(row), message))
    if conflicts or (result.unknown and not skip_unknown):
        raise PopulationImportError(conflicts or result.unknown, path=parsed.path)

    # 2. Compare with what the CRM has: every figure of the matched members, one query.
    existing = {
        (f.member_id, f.year): f
        for f in PopulationFigure.objects.filter(member_id__in=members).order_by()
    }
    known: dict[int, dict[int, int]] = {pk: {} for pk in members}
    for (pk, figure_year), figure in existing.items():
        known[pk][figure_year] = figure.population
    for pk, member in members.items():  # a current figure without its PopulationFigure
        if member.population is not None and member.population_year is not None:
            known[pk].setdefault(member.population_year, member.population)
    imported: dict[int, dict[int, int]] = {}
    for (pk, figure_year), row in chosen.items():
        if row.population is None:
            result.missing += 1
        else:
            imported.setdefault(pk, {})[figure_year] = row.population

    now = timezone.now()
    to_create, to_update, current = [], [], []
    updated_members: set[int] = set()
    for pk, figures in imported.items():
        member = members[pk]
        for figure_year, population in sorted(figures.items()):
            figure = existing.get((pk, figure_year))
            if figure is not None and figure.population == population:
                result.unchanged += 1
                continue
            if figure is None:
                to_create.append(
                    PopulationFigure(
                        member=member, year=figure_year, population=population, source=source
                    )
                )
                result.new_years += 1
                earlier = [y for y in {*known[pk], *figures} if y < figure_year]
                if earlier:
                    y = max(earlier)
                    previous = figures[y] if y in figures else known[pk][y]
                    result.changes.append(_change(member, y, previous, figure_year, population))
            else:  # a corrected figure: compare with the one it replaces
                result.changes.append(
                    _change(member, figure_year, figure.population, figure_year, population)
                )
                figure.population, figure.source, figure.imported_at = population, source, now
                to_update.append(figure)
                result.changed += 1
            updated_members.add(pk)

        newest = max(figures)
        if newest >= max(known[pk], default=newest) and (
            member.population,
            member.population_year,
        ) != (figures[newest], newest):
            member.population, member.population_year = figures[newest], newest
            member.updated_at = now  # bulk_update skips auto_now
            current.append(member)
            updated_members.add(pk)
    result.current_updated = len(current)
    result.members_updated = len(updated_members)
    result.changes.sort(
        key=lambda c: (c.percent is not None, -abs(c.percent or 0), c.member, c.year)
    )

    if before_write is not None:
        before_write(result)
    if dry_run:
        return result
    # 3. Write. The history helpers keep django-simple-history complete, which plain
    # bulk_create/bulk_update would skip.
    with transaction.atomic():
        if to_create:
            bulk_create_with_history(to_create, PopulationFigure, default_change_reason=reason)
        if to_update:
            bulk_update_with_history(
                to_update,
                PopulationFigure,
                ["population", "source", "imported_at"],
                default_change_reason=reason,
            )
        if current:
            bulk_update_with_history(
                current,
                Member,
                ["population", "population_year", "updated_at"],
                default_change_reason=reason,
            )
    return result


# --- Membership and currency -----------------------------------------------------------


@transaction.atomic
def member_change_status(*, member: Member, user, status: str, date, decision: str):
    """Change a member's membership through one decision, recorded with its date.

    Becoming a member sets "member since" (and clears "member until"); leaving sets
    "member until". The decision is kept as a MembershipChange and as the reason in the
    member's change history.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    if status not in Member.Status.values:
        raise ValidationError(_("Choose a membership status."), code="status")
    if status == member.status:
        raise ValidationError(
            _("%(member)s is already “%(status)s”.")
            % {"member": member, "status": member.get_status_display()},
            code="unchanged",
        )
    if not decision.strip():
        raise ValidationError(
            _(
                "Say which decision changed the membership, "
                "for example “styrelsebeslut 2026-03-12”."
            ),
            code="decision",
        )
    change = MembershipChange(
        member=member,
        from_status=member.status,
        to_status=status,
        date=date,
        decision=decision.strip(),
        created_by=user,
    )
    member.status = status
    if status == Member.Status.MEMBER:
        member.member_since, member.member_until = date, None
    elif change.from_status == Member.Status.MEMBER:
        member.member_until = date
    member.stamp(user)
    member._change_reason = change.decision
    member.full_clean()
    member.save()
    change.save()
    return change


@transaction.atomic
def member_verify(*, member: Member, user) -> Member:
    """Record that someone confirmed today that the member's details are still true."""
    member.last_verified = timezone.localdate()
    member.stamp(user)
    member.save(update_fields=["last_verified", "updated_at", "updated_by"])
    return member
