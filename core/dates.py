"""Dates as the CRM accepts them: within a sensible range, and arithmetic on them that ends in
a clear refusal instead of an overflow at the ends of the calendar.

Python's dates run from year 1 to 9999, but no agreement, membership or note of Sambruk's is
dated outside 1900–2199: a date beyond is a typing error. Rejecting it where it is entered (the
model fields' validator, the filters' and forms' date fields) keeps day arithmetic (a
renewal's dates, "from date" on a list of notes) away from the calendar's ends.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2199, 12, 31)


def validate_date_in_range(value) -> None:
    """A date (or the date of a datetime) between EARLIEST and LATEST."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


def add_days(day: datetime.date, days: int) -> datetime.date:
    """``day`` plus ``days``; a ValidationError when that leaves the accepted range."""
    try:
        result = day + datetime.timedelta(days=days)
    except OverflowError:
        result = None
    if result is None or not EARLIEST <= result <= LATEST:
        raise ValidationError(
            _("The date would fall after %(latest)s."),
            code="date_out_of_range",
            params={"latest": LATEST.isoformat()},
        )
    return result


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    year = day.year + years
    if not EARLIEST.year <= year <= LATEST.year:
        raise ValidationError(
            _("The date would fall after %(latest)s."),
            code="date_out_of_range",
            params={"latest": LATEST.isoformat()},
        )
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def date_widget_attrs() -> dict:
    """The browser's date picker offers only the accepted range."""
    return {"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}
