"""seed_demo: a lived-in CRM, deterministic, and never mixed into real data."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contracts.models import Contract, ContractParty
from core.roles import EDITOR
from deals.models import Deal
from leads.models import Lead
from members.models import Member
from members.services import register_load
from notes.models import SUBJECT_FIELDS, Note
from services.models import Service
from workspace.demo import DemoSeedRefused, demo_seed

# A fifth of scale 1: 200 contacts, 60 leads, 60 deals, 40 contracts, 600 notes.
SCALE = 0.2


@pytest.fixture(scope="module")
def register(django_db_setup, django_db_blocker):
    """The 290 municipalities and 20 regions, loaded once for the module, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        register_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="class")
def seeded(register, django_db_blocker):
    """A CRM seeded once for the class (inside the module's transaction), rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        counts = demo_seed(scale=SCALE, seed=7)
        yield counts
        transaction.set_rollback(True)


@pytest.mark.usefixtures("seeded")
class TestSeededCrm:
    def test_volume_follows_the_scale(self, db, seeded):
        expected = {Contact: 200, Lead: 60, Deal: 60, Contract: 40, Note: 600}
        assert {model: model.objects.count() for model in expected} == expected
        assert seeded["contacts"] == 200
        assert seeded["notes"] == 600

    def test_members_among_the_real_municipalities_and_other_organisations(self, db):
        municipal = Member.objects.filter(org_type=Member.OrgType.KOMMUN)
        assert municipal.count() == 290  # the register, not invented municipalities
        members = municipal.filter(status=Member.Status.MEMBER)
        assert members.count() == 24
        assert not members.filter(member_since__isnull=True).exists()
        other_member_types = set(
            Member.objects.filter(status=Member.Status.MEMBER, kommunkod__isnull=True)
            .exclude(org_type=Member.OrgType.REGION)
            .values_list("org_type", flat=True)
        )
        assert {Member.OrgType.FORETAG, Member.OrgType.IT_LEVERANTOR} <= other_member_types
        former = Member.objects.get(status=Member.Status.FORMER_MEMBER)
        assert former.member_until > former.member_since
        assert former.membership_changes.count() == 2

    def test_services_projects_and_networks_with_one_ended(self, db):
        services = Service.objects.all()
        assert {"EGIL", "Digidel", "SSBTEK", "e-Arkiv"} <= {s.name for s in services}
        assert {s.kind for s in services} == set(Service.Kind.values)
        assert services.filter(status=Service.Status.ENDED).count() == 1

    def test_deals_in_every_stage_with_the_default_probability(self, db):
        deals = list(Deal.objects.all())
        assert {deal.stage for deal in deals} == set(Deal.Stage.values)
        assert all(deal.probability == Deal.DEFAULT_PROBABILITY[deal.stage] for deal in deals)
        assert all(deal.lost_reason for deal in deals if deal.stage == Deal.Stage.LOST)
        assert all(deal.closed_on for deal in deals if not deal.is_open)
        assert sum(1 for deal in deals if deal.value) > len(deals) / 2

    def test_contracts_multi_party_in_every_status_and_some_overdue(self, db):
        parties = list(
            Contract.objects.annotate(n=Count("party_links")).values_list("n", flat=True)
        )
        assert min(parties) >= 1  # a contract always has a party
        assert {1, 2, 5} <= set(parties)
        assert set(Contract.objects.values_list("status", flat=True)) == set(Contract.Status.values)
        # Past its end date but still marked active: what the CRM must point out.
        today = timezone.localdate()
        assert Contract.objects.filter(status="active", end_date__lt=today).exists()
        roles = set(ContractParty.objects.values_list("role", flat=True))
        assert {ContractParty.Role.LEAD_PARTY, ContractParty.Role.PARTY} <= roles
        assert ContractParty.objects.filter(signed_on__isnull=False).exists()

    def test_won_deals_became_contracts_that_link_back(self, db):
        won = Deal.objects.filter(stage=Deal.Stage.WON)
        assert won.exists()
        for deal in won.select_related("contract"):
            assert deal.contract.service_id == deal.service_id
            assert deal.contract.party_links.filter(member_id=deal.member_id).exists()

    def test_converted_leads_link_their_contact_and_deal(self, db):
        converted = Lead.objects.filter(status=Lead.Status.CONVERTED).select_related(
            "converted_contact", "deal"
        )
        assert converted.count() >= 10
        for lead in converted:
            contact = lead.converted_contact
            assert (contact.first_name, contact.last_name) == (lead.first_name, lead.last_name)
            assert lead.deal.member_id == contact.member_id
            assert contact in lead.deal.contacts.all()
        disqualified = Lead.objects.filter(status=Lead.Status.DISQUALIFIED)
        assert disqualified.exists()
        assert not disqualified.filter(disqualified_reason="").exists()

    def test_notes_on_every_kind_of_subject_over_many_months(self, db):
        for field in SUBJECT_FIELDS:
            assert Note.objects.filter(**{f"{field}__isnull": False}).exists(), field
        times = sorted(Note.objects.values_list("occurred_at", flat=True))
        assert times[-1] <= timezone.now()
        assert times[-1] - times[0] > datetime.timedelta(days=365)
        # Authors are the seeded case officers, and texts are Swedish sentences.
        authors = get_user_model().objects.filter(notes__isnull=False).distinct()
        assert all(user.groups.filter(name=EDITOR).exists() for user in authors)
        assert all(user.get_full_name() for user in authors)
        assert Note.objects.filter(text__contains="avtalet").exists()

    def test_records_were_created_over_time_not_all_today(self, db):
        created = [
            timezone.localtime(at).date()
            for at in Contact.objects.values_list("created_at", flat=True)
        ]
        assert len(set(created)) > 100
        assert max(created) - min(created) > datetime.timedelta(days=2 * 365)
        assert Contact.objects.filter(last_verified__isnull=True).exists()

    def test_list_search_finds_a_seeded_contact_by_first_name(self, db, user_client):
        by_first_name = Contact.objects.values("first_name").annotate(n=Count("id"))
        first_name = next(row["first_name"] for row in by_first_name if row["n"] == 1)
        contact = Contact.objects.get(first_name=first_name)

        response = user_client.get(reverse("contacts:list"), {"q": first_name.lower()})

        assert response.status_code == 200
        assert contact.get_absolute_url() in response.content.decode()

    def test_refuses_to_seed_a_crm_with_data(self, db):
        with pytest.raises(DemoSeedRefused):
            demo_seed(scale=SCALE)


def seed_and_describe(seed: int) -> dict:
    """Seed in a transaction that is rolled back, and return what the data looks like."""

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            demo_seed(scale=0.1, seed=seed)
            description = {
                "contacts": list(
                    Contact.objects.order_by("id").values_list(
                        "first_name", "last_name", "email", "member__name"
                    )
                ),
                "deals": list(
                    Deal.objects.order_by("id").values_list(
                        "title", "stage", "value", "lead__email"
                    )
                ),
                "parties": list(
                    ContractParty.objects.order_by("id").values_list(
                        "contract__number", "member__name", "role"
                    )
                ),
                "notes": list(Note.objects.order_by("id").values_list("text", "kind")),
            }
            raise Rollback
    except Rollback:
        return description


def test_the_same_seed_gives_the_same_data(register, db):
    first = seed_and_describe(seed=1)
    assert seed_and_describe(seed=1) == first
    assert seed_and_describe(seed=2)["contacts"] != first["contacts"]


def test_command_reports_each_stage_and_refuses_a_second_run(register, db):
    stdout = io.StringIO()
    call_command("seed_demo", "--scale", "0.05", "--seed", "3", stdout=stdout)

    out = stdout.getvalue()
    assert len(out.strip().splitlines()) >= 10  # a line per stage and a summary
    assert f"{Contact.objects.count()} " in out
    assert Contact.objects.count() == 50
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "0.05")
