"""Every relation and invariant is enforced by the database itself, not only by forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from contacts.tests.factories import ContactFactory
from contracts.models import ContractParty
from contracts.tests.factories import ContractFactory
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member, PopulationFigure
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from notes.models import Note
from notes.tests.factories import NoteFactory
from services.models import Service
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def assert_db_refuses(queryset, **values):
    """An UPDATE straight to the database (no model validation) must fail."""
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


def test_contract_end_not_before_start():
    contract = ContractFactory()
    qs = type(contract).objects.filter(pk=contract.pk)
    assert_db_refuses(qs, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2025, 1, 1))


def test_contract_value_not_negative():
    contract = ContractFactory()
    assert_db_refuses(type(contract).objects.filter(pk=contract.pk), value=-1)


def test_service_end_not_before_start():
    service = ServiceFactory(started_on=datetime.date(2025, 1, 1))
    assert_db_refuses(Service.objects.filter(pk=service.pk), ended_on=datetime.date(2024, 1, 1))


def test_deal_value_not_negative():
    deal = DealFactory()
    assert_db_refuses(Deal.objects.filter(pk=deal.pk), value=-100)


@pytest.mark.parametrize("probability", [101, 250])
def test_deal_probability_at_most_100(probability):
    deal = DealFactory()
    assert_db_refuses(Deal.objects.filter(pk=deal.pk), probability=probability)


def test_population_not_negative():
    figure = PopulationFigureFactory()
    assert_db_refuses(PopulationFigure.objects.filter(pk=figure.pk), population=-5)
    member = figure.member
    assert_db_refuses(Member.objects.filter(pk=member.pk), population=-5)


def test_one_population_figure_per_member_and_year():
    figure = PopulationFigureFactory(year=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        PopulationFigure.objects.create(member=figure.member, year=2023, population=1)


def test_kommunkod_and_org_number_are_unique():
    member = MemberFactory(kommunkod="0180", org_number="212000-0142")
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(name="Dubblett", org_type="kommun", kommunkod=member.kommunkod)
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(name="Dubblett", org_type="kommun", org_number=member.org_number)
    # Absent identifiers do not collide with each other.
    Member.objects.create(name="Utan kod 1", org_type="foretag")
    Member.objects.create(name="Utan kod 2", org_type="foretag")


def test_kommunkod_must_be_four_characters_in_the_database():
    member = MemberFactory()
    assert_db_refuses(Member.objects.filter(pk=member.pk), kommunkod="123")


def test_one_region_per_county():
    county = CountyFactory(code="88")
    MemberFactory(org_type=Member.OrgType.REGION, county=county, org_number=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(name="Region två", org_type="region", county=county)


def test_note_must_have_a_subject():
    note = NoteFactory()
    assert_db_refuses(Note.objects.filter(pk=note.pk), member=None)


def test_note_needs_an_author():
    note = NoteFactory()
    assert_db_refuses(Note.objects.filter(pk=note.pk), author=None)


def test_contract_party_only_once():
    contract = ContractFactory()
    member = contract.parties.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractParty.objects.create(contract=contract, member=member)


def test_converted_lead_must_link_its_contact():
    lead = LeadFactory()
    assert_db_refuses(Lead.objects.filter(pk=lead.pk), status=Lead.Status.CONVERTED)


def test_contact_requires_a_member():
    contact = ContactFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(contact).objects.filter(pk=contact.pk).update(member=None)


def test_model_validation_gives_a_swedish_message():
    from django.utils import translation

    with translation.override("sv"):
        contract = ContractFactory.build(
            service=ServiceFactory(),
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2025, 1, 1),
        )
        with pytest.raises(ValidationError) as exc:
            contract.full_clean()
    assert "Slutdatumet kan inte vara före startdatumet." in str(exc.value)


class TestProtect:
    """Deleting a record others depend on is refused, never cascaded."""

    def test_member_with_contacts(self):
        contact = ContactFactory()
        with pytest.raises(ProtectedError):
            contact.member.delete()

    def test_member_that_is_a_contract_party(self):
        member = MemberFactory()
        ContractFactory(parties=[member])
        with pytest.raises(ProtectedError):
            member.delete()

    def test_member_with_deals(self):
        deal = DealFactory()
        with pytest.raises(ProtectedError):
            deal.member.delete()

    def test_service_with_contracts_or_deals(self):
        contract = ContractFactory()
        with pytest.raises(ProtectedError):
            contract.service.delete()
        deal = DealFactory()
        with pytest.raises(ProtectedError):
            deal.service.delete()

    def test_records_with_notes(self):
        note = NoteFactory()
        with pytest.raises(ProtectedError):
            note.member.delete()

    def test_lead_that_became_a_deal(self):
        lead = LeadFactory()
        DealFactory(lead=lead)
        with pytest.raises(ProtectedError):
            lead.delete()

    def test_deal_that_became_a_contract(self):
        deal = DealFactory()
        ContractFactory(origin_deal=deal)
        with pytest.raises(ProtectedError):
            deal.delete()

    def test_user_who_wrote_notes(self):
        note = NoteFactory(author=UserFactory())
        with pytest.raises(ProtectedError):
            note.author.delete()

    def test_member_without_dependants_can_be_deleted(self):
        member = MemberFactory()
        member.delete()
        assert not Member.objects.filter(pk=member.pk).exists()


def test_every_change_is_kept_in_history():
    member = MemberFactory(name="Före")
    member.name = "Efter"
    member.save()
    assert [h.name for h in member.history.order_by("history_id")] == ["Före", "Efter"]
