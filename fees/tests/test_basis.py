"""The invoicing basis: its page, export, issuing and versions, the member page, the admin."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.roles import READER
from core.tests.factories import UserFactory
from fees import selectors
from fees.models import FeeBand, FeeBasis, FeeLine, FeeSchedule
from fees.services import fee_basis_issue, fee_schedule_copy
from fees.views import FeeBasisView
from members.models import Coverage, Member, MembershipChange, PopulationFigure
from members.tests.factories import MemberFactory, PopulationFigureFactory
from security.models import SecurityEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule_2027():
    """The published schedule (loaded for 2026 by the data migration), copied to 2027."""
    return fee_schedule_copy(schedule=FeeSchedule.objects.get(year=2026), year=2027)


def municipality(
    name, population, *, since=datetime.date(2015, 1, 1), year=2026, status="member", **kwargs
):
    member = MemberFactory(
        name=name,
        org_type=Member.OrgType.KOMMUN,
        status=status,
        member_since=since,
        address="Storgatan 1",
        postal_code="123 45",
        city="Orten",
        **kwargs,
    )
    if population is not None:
        PopulationFigureFactory(member=member, year=year, population=population)
    return member


@pytest.fixture
def invoicer(login):
    user = UserFactory(username="ekonom", roles=[READER])
    user.user_permissions.add(Permission.objects.get(codename="invoice"))
    return login(user)


def test_the_published_schedule_is_loaded_for_2026():
    schedule = FeeSchedule.objects.get(year=2026)

    assert schedule.population_year == 2025
    assert [(b.lower, b.upper, b.entry_fee, b.annual_fee) for b in schedule.bands.all()][:2] == [
        (0, 7_000, 5_000, 5_000),
        (7_000, 15_000, 5_000, 10_000),
    ]
    assert schedule.bands.get(upper=None).annual_fee == 80_000
    assert (schedule.other_entry_fee, schedule.other_annual_fee) == (5_000, 25_000)
    assert schedule.rejoin_entry_share == Decimal("0.50") and schedule.prorate_first_year


def test_the_basis_page_lists_fees_totals_warnings_and_the_change_against_last_year(
    invoicer, schedule_2027
):
    municipality("Alingsås kommun", 42_000)  # 35,000
    municipality("Bjurholms kommun", None)  # no population for 2026
    municipality("Dals-Eds kommun", 4_800, since=datetime.date(2027, 10, 1))  # 3 months + entry
    MemberFactory(name="Inera AB", status=Member.Status.MEMBER, org_number=None)  # flat
    MemberFactory(name="Ej medlem kommun", org_type=Member.OrgType.KOMMUN)  # not invoiced
    # 2026: Alingsås had the same fee, computed with the population of 2025.
    PopulationFigure.objects.create(
        member=Member.objects.get(name="Alingsås kommun"), year=2025, population=41_000
    )

    response = invoicer.get(reverse("fees:basis", args=[2027]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<tr>") == 4 + 1  # the header and the four members invoiced
    assert "Ej medlem kommun" not in page
    assert "Folkmängd saknas för 2025" not in page and "Folkmängd saknas för 2026." in page
    assert "Organisationsnummer saknas." in page
    basis = response.context["basis"]
    assert [row.total for row in basis.rows] == [35_000, None, 1_250 + 5_000, 25_000]
    assert basis.total == Decimal(66_250)
    assert basis.rows[0].change == 0  # the same band as in 2026
    assert basis.warning_count == 2


def test_a_year_without_a_schedule_says_so_and_computes_nothing(invoicer):
    response = invoicer.get(reverse("fees:basis", args=[2031]))

    assert response.status_code == 200
    assert "Det finns inget avgiftsschema för 2031" in response.content.decode()
    assert invoicer.get(reverse("fees:basis", args=[2031]), {"_export": "csv"}).status_code == 200


def test_a_year_far_outside_is_not_found(invoicer):
    assert invoicer.get(reverse("fees:basis", args=[99999])).status_code == 404


def test_the_export_is_named_fakturaunderlag_with_numbers_as_numbers(invoicer, schedule_2027):
    municipality("Alingsås kommun", 42_000)

    csv_response = invoicer.get(reverse("fees:basis", args=[2027]), {"_export": "csv"})
    xlsx_response = invoicer.get(reverse("fees:basis", args=[2027]), {"_export": "xlsx"})

    assert "fakturaunderlag-2027" in csv_response["Content-Disposition"]
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Medlem", "Organisationsnummer", "Adress"]
    assert rows[1][0] == "Alingsås kommun" and rows[1][11] == "35000"
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))
    sheet = workbook.active
    assert sheet.title == "Fakturaunderlag 2027"
    assert sheet["L2"].value == 35_000 and isinstance(sheet["L2"].value, int | float)


def test_issuing_freezes_the_lines_and_the_page_shows_what_would_differ(
    invoicer, login, administrator, schedule_2027
):
    alingsas = municipality("Alingsås kommun", 42_000)
    admin_client = login(administrator)

    response = admin_client.post(reverse("fees:issue", args=[2027]), {"reason": ""})

    assert response.status_code == 302
    basis = FeeBasis.objects.get(year=2027)
    assert (basis.version, basis.issued_by) == (1, administrator)
    line = FeeLine.objects.get(basis=basis)
    assert (line.population, line.population_year, line.total) == (42_000, 2026, 35_000)
    assert SecurityEvent.objects.filter(kind="fees_issued", user=administrator).exists()
    assert basis.history.count() == 1

    # A later population import moves Alingsås to the next band: the issued line stays.
    PopulationFigure.objects.filter(member=alingsas, year=2026).update(population=52_000)
    page = invoicer.get(reverse("fees:basis", args=[2027]))

    row = page.context["basis"].rows[0]
    assert row.total == 35_000
    assert row.differences == [
        "Folkmängd 42 000 → 52 000.",
        "Intervall 25 000–49 999 → 50 000–99 999.",
    ]
    assert "Fastställt: version 1" in page.content.decode()


def test_issuing_again_makes_a_new_version_and_keeps_the_old(administrator, schedule_2027):
    member = municipality("Alingsås kommun", 42_000)
    first = fee_basis_issue(year=2027, user=administrator)
    PopulationFigure.objects.filter(member=member, year=2026).update(population=52_000)

    second = fee_basis_issue(year=2027, user=administrator, reason="Rättad folkmängd")

    assert second.version == 2
    assert selectors.issued_basis(2027) == second
    assert FeeLine.objects.get(basis=first).total == 35_000
    assert FeeLine.objects.get(basis=second).total == 50_000


def test_a_membership_change_after_issuing_is_warned_of(invoicer, administrator, schedule_2027):
    member = municipality("Alingsås kommun", 42_000)
    fee_basis_issue(year=2027, user=administrator)
    MembershipChange.objects.create(
        member=member,
        from_status=Member.Status.MEMBER,
        to_status=Member.Status.FORMER_MEMBER,
        date=datetime.date(2026, 12, 31),
        decision="Utträde",
    )

    rows = invoicer.get(reverse("fees:basis", args=[2027])).context["basis"].rows

    assert "Medlemskapet ändrades efter att underlaget fastställdes." in rows[0].warnings


def test_issuing_without_a_schedule_is_refused_and_changes_nothing(login, administrator):
    response = login(administrator).post(reverse("fees:issue", args=[2031]), {})

    assert response.status_code == 200
    assert "Det finns inget avgiftsschema för 2031" in response.content.decode()
    assert not FeeBasis.objects.exists()


def test_a_rejoining_member_pays_half_the_entry_fee(invoicer, schedule_2027):
    member = municipality("Alingsås kommun", 42_000, since=datetime.date(2027, 4, 1))
    MembershipChange.objects.create(
        member=member,
        from_status=Member.Status.FORMER_MEMBER,
        to_status=Member.Status.MEMBER,
        date=datetime.date(2027, 4, 1),
        decision="Återinträde",
    )

    row = invoicer.get(reverse("fees:basis", args=[2027])).context["basis"].rows[0]

    assert (row.entry_fee, row.entry_label, row.months) == (5_000, "Återinträde", 9)


def test_the_forecast_uses_the_newest_population(invoicer, schedule_2027, settings):
    municipality("Alingsås kommun", 42_000, year=2026)
    PopulationFigure.objects.create(
        member=Member.objects.get(name="Alingsås kommun"), year=2027, population=60_000
    )

    response = invoicer.get(reverse("fees:forecast"))

    basis = response.context["basis"]
    assert (basis.year, basis.forecast_population_year) == (2027, 2027)
    assert basis.rows[0].annual_fee == 50_000


def test_the_member_page_shows_fees_by_year_to_those_who_invoice(
    invoicer, reader_client, administrator, schedule_2027
):
    member = municipality("Alingsås kommun", 42_000)
    PopulationFigure.objects.create(member=member, year=2025, population=41_000)
    fee_basis_issue(year=2027, user=administrator)

    page = invoicer.get(member.get_absolute_url()).content.decode()

    assert "Medlemsavgifter per år" in page
    assert "fastställt, v1" in page and "ej fastställt" in page  # 2027 issued, 2026 computed
    assert "folkmängd 42\xa0000 (2026)" in page
    assert (
        "Medlemsavgifter per år"
        not in reader_client.get(member.get_absolute_url()).content.decode()
    )


def test_the_basis_page_costs_the_same_queries_for_5_and_50_members(invoicer, schedule_2027):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert invoicer.get(reverse("fees:basis", args=[2027])).status_code == 200
        return len(captured)

    for i in range(5):
        municipality(f"Kommun {i}", 10_000 + i)
    five = queries()
    for i in range(5, 50):
        municipality(f"Kommun {i}", 10_000 + i)

    # session, user, permissions (2); the bases issued for 2027 and 2026; for each year, the
    # schedule with its bands, the members with their population and return, the
    # municipalities joint bodies cover
    assert queries() == five == 4 + 1 + 3 + 3


def test_admin_refuses_bands_with_a_gap_and_copies_a_schedule(login, admin_user):
    client = login(admin_user)
    schedule = FeeSchedule.objects.get(year=2026)
    url = reverse("admin:fees_feeschedule_change", args=[schedule.pk])
    bands = list(schedule.bands.order_by("lower"))
    data = {
        "year": 2026,
        "population_year": 2025,
        "other_entry_fee": 5000,
        "other_annual_fee": 25000,
        "rejoin_entry_share": "0.50",
        "prorate_first_year": "on",
        "group_by_population": "on",
        "bands-TOTAL_FORMS": len(bands),
        "bands-INITIAL_FORMS": len(bands),
    }
    for i, band in enumerate(bands):
        data |= {
            f"bands-{i}-id": band.pk,
            f"bands-{i}-schedule": schedule.pk,
            f"bands-{i}-lower": band.lower,
            f"bands-{i}-upper": band.upper or "",
            f"bands-{i}-entry_fee": band.entry_fee,
            f"bands-{i}-annual_fee": band.annual_fee,
        }
    data["bands-1-upper"] = 14_000  # 14,000–14,999 now in no band

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Inget intervall täcker 14000 till 14999." in response.content.decode()
    assert FeeBand.objects.get(pk=bands[1].pk).upper == 15_000

    changelist = reverse("admin:fees_feeschedule_changelist")
    client.post(changelist, {"action": "copy_to_next_year", "_selected_action": [schedule.pk]})
    copy = FeeSchedule.objects.get(year=2027)
    assert copy.population_year == 2026 and copy.bands.count() == 7
    client.post(changelist, {"action": "copy_to_next_year", "_selected_action": [schedule.pk]})
    assert FeeSchedule.objects.filter(year=2027).count() == 1  # refused the second time


def test_a_joint_body_pays_by_the_population_it_covers(invoicer, schedule_2027):
    ale = municipality("Ale kommun", 32_000, status=Member.Status.NOT_MEMBER)
    edet = municipality("Lilla Edets kommun", 14_000, status=Member.Status.NOT_MEMBER)
    body = MemberFactory(
        name="Förbundet Väst",
        org_type=Member.OrgType.KOMMUNALFORBUND,
        status=Member.Status.MEMBER,
        member_since=datetime.date(2015, 1, 1),
        address="Torget 1",
        city="Alafors",
    )
    Coverage.objects.create(body=body, municipality=ale)
    Coverage.objects.create(body=body, municipality=edet)
    # Ended before 2027: not counted.
    Coverage.objects.create(
        body=body,
        municipality=municipality("Tjörns kommun", 16_000, status=Member.Status.NOT_MEMBER),
        end=datetime.date(2026, 6, 30),
    )
    empty = MemberFactory(
        name="Nämnden utan kommuner", org_type=Member.OrgType.NAMND, status=Member.Status.MEMBER
    )

    basis = invoicer.get(reverse("fees:basis", args=[2027])).context["basis"]

    rows = {row.name: row for row in basis.rows}
    assert set(rows) == {"Förbundet Väst", "Nämnden utan kommuner"}  # the others are not members
    assert (rows["Förbundet Väst"].population, rows["Förbundet Väst"].total) == (46_000, 35_000)
    assert rows["Förbundet Väst"].covered == [
        ["Ale kommun", 32_000],
        ["Lilla Edets kommun", 14_000],
    ]
    assert rows[empty.name].total == 25_000  # the flat fee, and a person should look
    assert "Ett förbund eller en nämnd utan kommuner som omfattas." in rows[empty.name].warnings


def test_an_issued_basis_is_read_in_the_admin_never_changed(login, admin_user, schedule_2027):
    municipality("Alingsås kommun", 42_000)
    basis = fee_basis_issue(year=2027, user=admin_user)
    client = login(admin_user)

    listing = client.get(reverse("admin:fees_feebasis_changelist"))
    page = client.get(reverse("admin:fees_feebasis_change", args=[basis.pk]))

    assert listing.status_code == 200 and page.status_code == 200
    assert "Alingsås kommun" in page.content.decode()
    assert client.get(reverse("admin:fees_feebasis_add")).status_code == 403
    assert 'name="_save"' not in page.content.decode()  # nothing to save


def test_the_page_shows_a_page_of_rows_and_can_show_only_those_to_look_at(
    invoicer, schedule_2027, monkeypatch
):
    monkeypatch.setattr(FeeBasisView, "rows_per_page", 2)
    for name in ("Alingsås kommun", "Borås kommun", "Kalix kommun"):
        municipality(name, 42_000)
    municipality("Bjurholms kommun", None)  # no population

    first = invoicer.get(reverse("fees:basis", args=[2027]))
    second = invoicer.get(reverse("fees:basis", args=[2027]), {"page": 2})
    attention = invoicer.get(reverse("fees:basis", args=[2027]), {"attention": "1"})

    assert [row.name for row in first.context["page_obj"]] == [
        "Alingsås kommun",
        "Bjurholms kommun",
    ]
    assert [row.name for row in second.context["page_obj"]] == ["Borås kommun", "Kalix kommun"]
    assert [row.name for row in attention.context["page_obj"]] == ["Bjurholms kommun"]
    assert first.context["basis"].total == 3 * 35_000  # the totals count every row
    assert 'href="?attention=1">1</a>' in first.content.decode()


def test_the_reports_page_leads_those_who_invoice_to_the_basis(invoicer, reader_client):
    link = f'href="{reverse("fees:basis", args=[timezone.localdate().year])}"'

    assert link in invoicer.get(reverse("reports:index")).content.decode()
    assert link not in reader_client.get(reverse("reports:index")).content.decode()
