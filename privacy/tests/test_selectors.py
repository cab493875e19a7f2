import datetime

import pytest

from privacy.selectors import months_ago

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("now", "months", "expected"),
    [
        (datetime.datetime(2026, 3, 15, 9, 30, tzinfo=UTC), 24, (2024, 3, 15)),
        (datetime.datetime(2026, 3, 31, tzinfo=UTC), 1, (2026, 2, 28)),  # no 31 February
        (datetime.datetime(2026, 1, 10, tzinfo=UTC), 13, (2024, 12, 10)),  # across years
        (datetime.datetime(2024, 2, 29, tzinfo=UTC), 12, (2023, 2, 28)),
    ],
)
def test_months_ago_counts_calendar_months(now, months, expected):
    then = months_ago(months, now)

    assert (then.year, then.month, then.day) == expected
    assert (then.hour, then.minute) == (now.hour, now.minute)
