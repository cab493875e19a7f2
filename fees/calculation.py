"""The membership fee of one member for one year: a pure computation, no database.

Everything it needs comes in as plain values (the schedule, the member's facts), so that the
invoicing basis, the frozen lines, the member page and the forecast all compute a fee the
same way, and the rules are tested on their own (fees/tests/test_calculation.py).

The rules, as Sambruk publishes them ("Gå med i Sambruk"):

- A municipality or region pays the annual fee of the population band its population falls
  in. A band runs from ``lower`` (inclusive) up to ``upper`` (exclusive; None: no upper
  bound), so a population exactly on a boundary belongs to the band that starts there.
- A joint body (förbund, gemensam nämnd, kommunalförbund) pays by the summed population of
  the municipalities it covers, or the flat fee when the schedule says so.
- Any other organisation pays the flat fee.
- The first year's annual fee counts from the month of entry: joining in March pays 10/12.
- A new member pays the entry fee (medlemsinsats) of its band; a member that rejoins pays
  the schedule's share of it (half).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

MUNICIPAL = "municipal"  # a municipality or a region: its own population
GROUP = "group"  # a joint body: the population of the municipalities it covers
OTHER = "other"  # everyone else: the flat fee

NEW = "new"
REJOIN = "rejoin"


@dataclass(frozen=True)
class Band:
    lower: int
    upper: int | None  # exclusive; None: no upper bound
    entry_fee: Decimal
    annual_fee: Decimal

    def holds(self, population: int) -> bool:
        return population >= self.lower and (self.upper is None or population < self.upper)

    def label(self) -> str:
        if self.upper is None:
            return _("%(lower)s or more") % {"lower": f"{self.lower:,}".replace(",", " ")}
        return f"{self.lower:,}–{self.upper - 1:,}".replace(",", " ")


@dataclass(frozen=True)
class Schedule:
    year: int
    population_year: int
    bands: tuple[Band, ...]
    other_entry_fee: Decimal
    other_annual_fee: Decimal
    rejoin_entry_share: Decimal = Decimal("0.50")
    prorate_first_year: bool = True
    group_by_population: bool = True

    def band_for(self, population: int) -> Band | None:
        return next((band for band in self.bands if band.holds(population)), None)


@dataclass(frozen=True)
class MemberFacts:
    """What the fee depends on, as known when the fee is computed."""

    kind: str  # MUNICIPAL, GROUP or OTHER
    member_since: datetime.date | None
    rejoined: bool = False  # its latest entry was a return after having left
    population: int | None = None  # municipal: its own, for the schedule's population year
    # group: (name, population or None) of each municipality it covers
    covered: tuple[tuple[str, int | None], ...] = ()
    has_org_number: bool = True
    has_address: bool = True


@dataclass(frozen=True)
class Fee:
    """One member's fee for one year and how it was reached."""

    population: int | None
    band: Band | None
    flat: bool  # the flat fee for organisations that are not municipalities or regions
    annual_fee_full: Decimal | None  # the year's fee before proration
    months: int  # months of the year counted (12 unless it joined during the year)
    annual_fee: Decimal | None
    entry_fee: Decimal
    entry: str  # "", NEW or REJOIN
    warnings: tuple[str, ...] = field(default=())

    @property
    def total(self) -> Decimal | None:
        if self.annual_fee is None:
            return None
        return self.annual_fee + self.entry_fee


class NoSchedule(Exception):
    """There is no fee schedule for the year: nothing can be computed."""


def whole_kronor(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def months_counted(schedule: Schedule, member_since: datetime.date | None) -> int:
    """12, or the months from the month of entry when the member joined during the year."""
    if (
        schedule.prorate_first_year
        and member_since is not None
        and member_since.year == schedule.year
    ):
        return 13 - member_since.month
    return 12


def compute_fee(schedule: Schedule | None, facts: MemberFacts) -> Fee:
    """The fee of a member invoiced for ``schedule.year``; NoSchedule without a schedule."""
    if schedule is None:
        raise NoSchedule
    warnings = []
    population = None
    band = None
    flat = False
    if facts.kind == MUNICIPAL:
        population = facts.population
        if population is None:
            warnings.append(_("No population for %(year)s.") % {"year": schedule.population_year})
    elif facts.kind == GROUP:
        if not facts.covered:
            warnings.append(_("A joint body without covered municipalities."))
            flat = True
        elif not schedule.group_by_population:
            flat = True
        else:
            missing = [name for name, figure in facts.covered if figure is None]
            if missing:
                warnings.append(
                    _("No population for %(year)s: %(names)s.")
                    % {"year": schedule.population_year, "names": ", ".join(missing)}
                )
            else:
                population = sum(figure for _name, figure in facts.covered)
    else:
        flat = True

    if population is not None:
        band = schedule.band_for(population)
    if flat:
        annual_full, entry_full = schedule.other_annual_fee, schedule.other_entry_fee
    elif band is not None:
        annual_full, entry_full = band.annual_fee, band.entry_fee
    else:
        annual_full = entry_full = None

    if not facts.has_org_number:
        warnings.append(_("No organisation number."))
    if not facts.has_address:
        warnings.append(_("No address."))

    months = months_counted(schedule, facts.member_since)
    entry = ""
    if facts.member_since is not None and facts.member_since.year == schedule.year:
        entry = REJOIN if facts.rejoined else NEW
    if annual_full is None:
        return Fee(population, None, False, None, months, None, Decimal(0), entry, tuple(warnings))
    annual = whole_kronor(annual_full * months / 12)
    entry_fee = Decimal(0)
    if entry == NEW:
        entry_fee = entry_full
    elif entry == REJOIN:
        entry_fee = whole_kronor(entry_full * schedule.rejoin_entry_share)
    return Fee(
        population, band, flat, annual_full, months, annual, entry_fee, entry, tuple(warnings)
    )


def band_errors(bands: list[tuple[int, int | None]]) -> list[str]:
    """Why ``bands`` ((lower, upper) pairs, any order) do not cover 0 to infinity exactly once:
    a gap, an overlap, an empty band, no band from 0, or no open-ended band last."""
    if not bands:
        return [_("A schedule needs at least one population band.")]
    errors = []
    ordered = sorted(bands, key=lambda band: band[0])
    for lower, upper in ordered:
        if lower < 0:
            errors.append(_("A band cannot start below 0."))
        if upper is not None and upper <= lower:
            errors.append(
                _("The band from %(lower)s ends at or before it starts.") % {"lower": lower}
            )
    if ordered[0][0] != 0:
        errors.append(_("The first band must start at 0."))
    for (lower, upper), (next_lower, _next_upper) in zip(ordered, ordered[1:], strict=False):
        if upper is None:
            errors.append(
                _("The band from %(lower)s has no upper bound, but another band follows it.")
                % {"lower": lower}
            )
        elif next_lower > upper:
            errors.append(
                _("No band covers %(lower)s to %(upper)s.")
                % {"lower": upper, "upper": next_lower - 1}
            )
        elif next_lower < upper:
            errors.append(
                _("The bands from %(a)s and from %(b)s overlap.") % {"a": lower, "b": next_lower}
            )
    if ordered[-1][1] is not None:
        errors.append(
            _("The last band must have no upper bound (it covers everything from %(lower)s).")
            % {"lower": ordered[-1][0]}
        )
    return errors
