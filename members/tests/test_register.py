import datetime

import pytest
from django.core.management import call_command

from contacts.tests.factories import ContactFactory
from members.models import County, Member, PopulationFigure
from members.services import register_load

pytestmark = pytest.mark.django_db


def test_register_creates_every_municipality_and_region():
    result = register_load()

    assert Member.objects.filter(org_type=Member.OrgType.KOMMUN).count() == 290
    # 21 counties; Gotland's region is the municipality itself, so 20 region records.
    assert Member.objects.filter(org_type=Member.OrgType.REGION).count() == 20
    assert County.objects.count() == 21
    assert len(result.created) == 310
    assert not Member.objects.exclude(status=Member.Status.NOT_MEMBER).exists()


def test_register_knows_kiruna_and_its_population():
    register_load()
    kiruna = Member.objects.select_related("county").get(kommunkod="2584")
    assert kiruna.name == "Kiruna"
    assert kiruna.county.code == "25"
    assert kiruna.population == 22426
    assert kiruna.population_year == 2024
    assert kiruna.population_figures.get(year=2024).population == 22426


def test_gotland_is_one_organisation():
    register_load()
    assert Member.objects.filter(name__icontains="gotland").count() == 1
    assert Member.objects.get(kommunkod="0980").county.code == "09"


def test_region_population_is_the_sum_of_its_municipalities():
    register_load()
    region = Member.objects.get(org_type=Member.OrgType.REGION, county__code="01")
    total = sum(
        Member.objects.filter(county__code="01", org_type=Member.OrgType.KOMMUN).values_list(
            "population", flat=True
        )
    )
    assert region.name == "Region Stockholm"
    assert region.population == total == 2473307


def test_second_run_changes_nothing():
    register_load()
    before = list(Member.objects.order_by("pk").values())
    result = register_load()
    assert result.created == [] and result.updated == []
    assert result.unchanged == 310
    assert list(Member.objects.order_by("pk").values()) == before
    assert PopulationFigure.objects.count() == 310


def test_register_keeps_what_staff_maintain():
    register_load()
    malmo = Member.objects.get(kommunkod="1280")
    malmo.status = Member.Status.MEMBER
    malmo.member_since = datetime.date(2012, 5, 1)
    malmo.last_verified = datetime.date(2026, 1, 15)
    malmo.website = "https://malmo.se"
    malmo.save()
    ContactFactory(member=malmo)

    register_load()

    malmo.refresh_from_db()
    assert malmo.status == Member.Status.MEMBER
    assert malmo.member_since == datetime.date(2012, 5, 1)
    assert malmo.last_verified == datetime.date(2026, 1, 15)
    assert malmo.website == "https://malmo.se"
    assert malmo.contacts.count() == 1


def test_register_restores_a_changed_name_but_not_a_newer_population():
    register_load()
    Member.objects.filter(kommunkod="0180").update(
        name="Stockholms stad", population=1_000_000, population_year=2025
    )
    result = register_load()
    stockholm = Member.objects.get(kommunkod="0180")
    assert result.updated == ["Stockholm"]
    assert stockholm.name == "Stockholm"
    assert (stockholm.population, stockholm.population_year) == (1_000_000, 2025)


def test_command_reports_what_it_did():
    from io import StringIO

    out = StringIO()
    call_command("load_municipalities", stdout=out)
    assert "310" in out.getvalue()
    out = StringIO()
    call_command("load_municipalities", stdout=out)
    assert "0" in out.getvalue() and "310" in out.getvalue()
