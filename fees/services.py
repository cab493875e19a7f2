"""The fees' operations: copying a schedule to a new year, issuing a year's basis."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from security.models import SecurityEvent
from security.services import security_event_record

from . import calculation, selectors
from .models import FeeBand, FeeBasis, FeeLine, FeeSchedule


@transaction.atomic
def fee_schedule_copy(*, schedule: FeeSchedule, year: int, user=None) -> FeeSchedule:
    """A schedule for ``year`` with the fees and bands of ``schedule``; its population year
    moves along (the year before the fee year). Refused if ``year`` has a schedule."""
    if FeeSchedule.objects.filter(year=year).exists():
        raise ValidationError(_("%(year)s already has a fee schedule.") % {"year": year})
    copy = FeeSchedule(
        year=year,
        population_year=year - (schedule.year - schedule.population_year),
        other_entry_fee=schedule.other_entry_fee,
        other_annual_fee=schedule.other_annual_fee,
        rejoin_entry_share=schedule.rejoin_entry_share,
        prorate_first_year=schedule.prorate_first_year,
        group_by_population=schedule.group_by_population,
    )
    copy.stamp(user)
    copy.full_clean()
    copy.save()
    FeeBand.objects.bulk_create(
        FeeBand(
            schedule=copy,
            lower=band.lower,
            upper=band.upper,
            entry_fee=band.entry_fee,
            annual_fee=band.annual_fee,
        )
        for band in schedule.bands.order_by("lower")
    )
    return copy


def fee_schedule_check(schedule: FeeSchedule) -> None:
    """ValidationError unless the schedule's bands cover 0 to infinity exactly once."""
    errors = calculation.band_errors(list(schedule.bands.values_list("lower", "upper")))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fee_basis_issue(*, year: int, user, request=None, reason: str = "") -> FeeBasis:
    """Issue (fastställ) the invoicing basis of ``year``: its lines as computed now, stored
    with their inputs, as a new version that supersedes any earlier one. Recorded in the
    history and the security log. Refused without a schedule or with nothing to invoice."""
    schedule = selectors.fee_schedule(year)
    if schedule is None:
        raise ValidationError(
            _("There is no fee schedule for %(year)s: nothing can be issued.") % {"year": year}
        )
    fee_schedule_check(schedule)
    rows = selectors.live_rows(schedule)
    if not rows:
        raise ValidationError(_("No member to invoice for %(year)s.") % {"year": year})
    # Locks the year's versions (PostgreSQL allows no FOR UPDATE with an aggregate, so they
    # are read); two first versions at the same moment meet the unique constraint instead.
    versions = FeeBasis.objects.select_for_update().filter(year=year).values_list("version")
    latest = max((version for (version,) in versions), default=0)
    basis = FeeBasis(year=year, version=latest + 1, issued_by=user, reason=reason)
    basis._history_user = user
    basis.full_clean()
    try:
        with transaction.atomic():
            basis.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone issued the basis of %(year)s at the same moment: look at it and try again.")
            % {"year": year}
        ) from exc
    FeeLine.objects.bulk_create(
        FeeLine(
            basis=basis,
            member_id=row.member_id,
            name=row.name,
            org_number=row.org_number,
            address=row.address,
            org_type=row.org_type,
            member_since=row.member_since,
            rejoined=row.rejoined,
            covered=row.covered,
            population=row.population,
            population_year=row.population_year,
            band=row.band,
            annual_fee_full=row.annual_fee_full,
            months=row.months,
            annual_fee=row.annual_fee,
            entry_fee=row.entry_fee,
            entry=row.entry,
            total=row.total,
            warnings=row.warnings,
        )
        for row in rows
    )
    security_event_record(
        kind=SecurityEvent.Kind.FEES_ISSUED,
        request=request,
        user=user,
        year=year,
        version=basis.version,
        lines=len(rows),
    )
    return basis
