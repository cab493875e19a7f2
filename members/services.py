import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import County, Member, PopulationFigure

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
