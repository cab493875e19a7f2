"""The fees Sambruk publishes ("Gå med i Sambruk", sambruk.se), as the schedule of 2026.

Only 2026, the year in force when this was written: the fees of a later year are Sambruk's
decision, so an administrator copies this schedule to the next year (admin action) once they
are decided, and corrects the figures if they changed. A band runs from its lower figure
(inclusive) up to the next band's (exclusive).
"""

from decimal import Decimal

from django.db import migrations

YEAR = 2026
# (from, up to (exclusive), entry fee, annual fee)
BANDS = [
    (0, 7_000, 5_000, 5_000),
    (7_000, 15_000, 5_000, 10_000),
    (15_000, 25_000, 10_000, 25_000),
    (25_000, 50_000, 10_000, 35_000),
    (50_000, 100_000, 10_000, 50_000),
    (100_000, 150_000, 20_000, 65_000),
    (150_000, None, 25_000, 80_000),
]
OTHER_ENTRY_FEE, OTHER_ANNUAL_FEE = 5_000, 25_000


def load(apps, schema_editor):
    FeeSchedule = apps.get_model("fees", "FeeSchedule")
    FeeBand = apps.get_model("fees", "FeeBand")
    if FeeSchedule.objects.filter(year=YEAR).exists():
        return
    schedule = FeeSchedule.objects.create(
        year=YEAR,
        population_year=YEAR - 1,
        other_entry_fee=Decimal(OTHER_ENTRY_FEE),
        other_annual_fee=Decimal(OTHER_ANNUAL_FEE),
        rejoin_entry_share=Decimal("0.50"),
        prorate_first_year=True,
        group_by_population=True,
    )
    FeeBand.objects.bulk_create(
        FeeBand(
            schedule=schedule,
            lower=lower,
            upper=upper,
            entry_fee=Decimal(entry),
            annual_fee=Decimal(annual),
        )
        for lower, upper, entry, annual in BANDS
    )


def unload(apps, schema_editor):
    apps.get_model("fees", "FeeSchedule").objects.filter(year=YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [("fees", "0001_fee_schedules_and_issued_bases")]

    operations = [migrations.RunPython(load, unload)]
