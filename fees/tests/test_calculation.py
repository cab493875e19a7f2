"""The fee computation on its own: no database, every rule and edge case of the schedule."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from fees.calculation import (
    GROUP,
    MUNICIPAL,
    NEW,
    OTHER,
    REJOIN,
    Band,
    MemberFacts,
    NoSchedule,
    Schedule,
    band_errors,
    compute_fee,
)

D = Decimal
# Sambruk's published fees (as loaded for 2026 by fees/migrations/0002).
PUBLISHED = (
    Band(0, 7_000, D(5_000), D(5_000)),
    Band(7_000, 15_000, D(5_000), D(10_000)),
    Band(15_000, 25_000, D(10_000), D(25_000)),
    Band(25_000, 50_000, D(10_000), D(35_000)),
    Band(50_000, 100_000, D(10_000), D(50_000)),
    Band(100_000, 150_000, D(20_000), D(65_000)),
    Band(150_000, None, D(25_000), D(80_000)),
)
SCHEDULE = Schedule(
    year=2027,
    population_year=2026,
    bands=PUBLISHED,
    other_entry_fee=D(5_000),
    other_annual_fee=D(25_000),
)
LONG_AGO = datetime.date(2010, 5, 1)


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def municipality(population, member_since=LONG_AGO, **kwargs):
    return MemberFacts(kind=MUNICIPAL, member_since=member_since, population=population, **kwargs)


@pytest.mark.parametrize(
    ("population", "annual"),
    [
        (0, 5_000),
        (6_999, 5_000),
        (7_000, 10_000),  # exactly on a boundary: the band that starts there
        (14_999, 10_000),
        (15_000, 25_000),
        (150_000, 80_000),
        (975_551, 80_000),
    ],
)
def test_a_population_falls_in_the_band_that_starts_at_or_below_it(population, annual):
    fee = compute_fee(SCHEDULE, municipality(population))

    assert fee.annual_fee == annual
    assert fee.months == 12
    assert fee.entry_fee == 0  # a member of long standing pays no entry fee
    assert fee.total == annual
    assert fee.warnings == ()


def test_no_population_for_the_year_computes_no_fee_and_says_why():
    fee = compute_fee(SCHEDULE, municipality(None))

    assert fee.annual_fee is None and fee.total is None
    assert fee.warnings == ("Folkmängd saknas för 2026.",)


def test_joining_in_january_pays_the_whole_year_and_the_entry_fee():
    fee = compute_fee(SCHEDULE, municipality(20_000, datetime.date(2027, 1, 15)))

    assert (fee.months, fee.annual_fee, fee.entry_fee, fee.entry) == (12, 25_000, 10_000, NEW)
    assert fee.total == 35_000


def test_joining_in_december_pays_one_month_and_the_whole_entry_fee():
    fee = compute_fee(SCHEDULE, municipality(20_000, datetime.date(2027, 12, 31)))

    assert (fee.months, fee.annual_fee, fee.entry_fee) == (1, D(2_083), 10_000)  # 25,000 / 12


def test_joining_in_march_pays_from_march():
    fee = compute_fee(SCHEDULE, municipality(8_000, datetime.date(2027, 3, 1)))

    assert (fee.months, fee.annual_fee) == (10, D(8_333))  # 10,000 × 10 / 12


def test_without_proration_the_first_year_is_a_whole_year():
    schedule = Schedule(**{**SCHEDULE.__dict__, "prorate_first_year": False})

    fee = compute_fee(schedule, municipality(8_000, datetime.date(2027, 12, 1)))

    assert (fee.months, fee.annual_fee, fee.entry_fee) == (12, 10_000, 5_000)


def test_a_member_that_rejoins_pays_half_the_entry_fee():
    fee = compute_fee(SCHEDULE, municipality(120_000, datetime.date(2027, 7, 1), rejoined=True))

    assert (fee.entry, fee.entry_fee) == (REJOIN, 10_000)  # half of 20,000
    assert (fee.months, fee.annual_fee) == (6, D(32_500))


def test_a_joint_body_pays_by_the_summed_population_it_covers():
    facts = MemberFacts(
        kind=GROUP, member_since=LONG_AGO, covered=(("Ale", 32_000), ("Lilla Edet", 14_000))
    )

    fee = compute_fee(SCHEDULE, facts)

    assert (fee.population, fee.annual_fee, fee.flat) == (46_000, 35_000, False)


def test_a_joint_body_pays_the_flat_fee_when_the_schedule_says_so():
    schedule = Schedule(**{**SCHEDULE.__dict__, "group_by_population": False})
    facts = MemberFacts(kind=GROUP, member_since=LONG_AGO, covered=(("Ale", 32_000),))

    assert compute_fee(schedule, facts).annual_fee == 25_000


def test_a_joint_body_without_covered_municipalities_pays_the_flat_fee_with_a_warning():
    fee = compute_fee(SCHEDULE, MemberFacts(kind=GROUP, member_since=LONG_AGO))

    assert (fee.flat, fee.annual_fee) == (True, 25_000)
    assert fee.warnings == ("Ett förbund eller en nämnd utan kommuner som omfattas.",)


def test_a_joint_body_missing_a_covered_population_computes_no_fee():
    facts = MemberFacts(
        kind=GROUP, member_since=LONG_AGO, covered=(("Ale", 32_000), ("Tjörn", None))
    )

    fee = compute_fee(SCHEDULE, facts)

    assert fee.annual_fee is None
    assert fee.warnings == ("Folkmängd saknas för 2026: Tjörn.",)


def test_an_organisation_that_is_not_a_municipality_pays_the_flat_fees():
    facts = MemberFacts(kind=OTHER, member_since=datetime.date(2027, 4, 1), population=None)

    fee = compute_fee(SCHEDULE, facts)

    assert (fee.flat, fee.months, fee.annual_fee, fee.entry_fee) == (True, 9, D(18_750), 5_000)
    assert fee.warnings == ()  # no population needed


def test_missing_organisation_number_and_address_are_warned_of():
    fee = compute_fee(SCHEDULE, municipality(9_000, has_org_number=False, has_address=False))

    assert fee.annual_fee == 10_000
    assert fee.warnings == ("Organisationsnummer saknas.", "Adress saknas.")


def test_a_year_without_a_schedule_computes_nothing():
    with pytest.raises(NoSchedule):
        compute_fee(None, municipality(9_000))


def test_the_published_bands_cover_everything_once():
    assert band_errors([(b.lower, b.upper) for b in PUBLISHED]) == []


@pytest.mark.parametrize(
    ("bands", "error"),
    [
        ([], "Ett avgiftsschema behöver minst ett befolkningsintervall."),
        ([(0, 7_000), (8_000, None)], "Inget intervall täcker 7000 till 7999."),
        ([(0, 7_000), (6_000, None)], "Intervallen från 0 och från 6000 överlappar."),
        ([(100, None)], "Det första intervallet måste börja på 0."),
        ([(0, 7_000), (7_000, 9_000)], "Det sista intervallet får inte ha någon övre gräns"),
        ([(0, None), (7_000, None)], "Intervallet från 0 saknar övre gräns"),
    ],
)
def test_bands_with_a_gap_an_overlap_or_an_open_end_are_refused(bands, error):
    assert any(message.startswith(error) for message in band_errors(bands)), band_errors(bands)
