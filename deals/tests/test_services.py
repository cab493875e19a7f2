import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.services import deal_win
from deals.models import Deal
from deals.selectors import deal_board
from deals.services import deal_lose, deal_move, deal_reopen
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import MemberFactory
from tests.html import page, text

pytestmark = pytest.mark.django_db


def test_move_sets_the_stage_default_probability(editor):
    deal = DealFactory(stage=Deal.Stage.NEW, probability=10)
    deal = deal_move(deal=deal, user=editor, stage=Deal.Stage.OFFER)
    deal.refresh_from_db()
    assert deal.stage == Deal.Stage.OFFER
    assert deal.probability == Deal.DEFAULT_PROBABILITY[Deal.Stage.OFFER] == 50
    assert deal.updated_by == editor


@pytest.mark.parametrize("stage", [Deal.Stage.WON, Deal.Stage.LOST, "nonsense"])
def test_move_cannot_close_a_deal(editor, stage):
    deal = DealFactory()
    with pytest.raises(ValidationError):
        deal_move(deal=deal, user=editor, stage=stage)
    deal.refresh_from_db()
    assert deal.stage == Deal.Stage.NEW


def test_win_drafts_the_contract(editor):
    deal = DealFactory(value=Decimal("120000"), stage=Deal.Stage.NEGOTIATION)
    contract = deal_win(deal=deal, user=editor)

    deal.refresh_from_db()
    assert deal.stage == Deal.Stage.WON and deal.probability == 100
    assert deal.closed_on == timezone.localdate()
    assert contract.status == Contract.Status.DRAFT
    assert contract.origin_deal == deal and deal.contract == contract
    assert contract.service == deal.service
    assert contract.value == Decimal("120000")
    assert list(contract.parties.all()) == [deal.member]
    assert contract.start_date == timezone.localdate()
    assert contract.end_date > contract.start_date


def test_winning_a_lost_deal_is_refused(editor):
    deal = DealFactory()
    deal_lose(deal=deal, user=editor, reason=Deal.LossReason.PRICE)
    with pytest.raises(ValidationError, match="förlorad affär"):
        deal_win(deal=deal, user=editor)
    assert not Contract.objects.exists()


def test_winning_twice_is_refused(editor):
    deal = DealFactory()
    deal_win(deal=deal, user=editor)
    with pytest.raises(ValidationError):
        deal_win(deal=deal, user=editor)
    assert Contract.objects.count() == 1


def test_winning_needs_a_service(editor):
    deal = DealFactory(service=None)
    with pytest.raises(ValidationError):
        deal_win(deal=deal, user=editor)


def test_lose_requires_a_reason_from_the_list(editor):
    deal = DealFactory()
    with pytest.raises(ValidationError):
        deal_lose(deal=deal, user=editor, reason="whatever")
    deal = deal_lose(deal=deal, user=editor, reason=Deal.LossReason.COMPETITOR, comment="Valde X")
    deal.refresh_from_db()
    assert (deal.stage, deal.lost_reason, deal.lost_comment) == ("lost", "competitor", "Valde X")
    assert deal.probability == 0


def test_reopen_a_lost_deal(editor):
    deal = DealFactory()
    deal_lose(deal=deal, user=editor, reason=Deal.LossReason.TIMING)
    deal = deal_reopen(deal=deal, user=editor)
    assert deal.is_open and deal.lost_reason == "" and deal.closed_on is None


def test_board_groups_open_deals_by_stage_with_totals():
    DealFactory(stage=Deal.Stage.NEW, value=100)
    DealFactory(stage=Deal.Stage.NEW, value=50)
    DealFactory(stage=Deal.Stage.OFFER, value=10)
    DealFactory(stage=Deal.Stage.WON, value=999)
    columns = {stage: (count, total, cards) for stage, _l, count, total, cards in deal_board()}
    assert list(columns) == list(Deal.OPEN_STAGES)
    assert columns[Deal.Stage.NEW][:2] == (2, 150)
    assert columns[Deal.Stage.OFFER][0] == 1
    assert all(card.stage != Deal.Stage.WON for _c, _t, cards in columns.values() for card in cards)


def test_contract_end_is_three_years_from_a_leap_day(editor):
    deal = DealFactory()
    contract = deal_win(deal=deal, user=editor, start_date=datetime.date(2028, 2, 29))
    assert contract.end_date == datetime.date(2031, 2, 27)


def test_converting_a_lead_whose_email_a_new_contact_just_took(editor_client, monkeypatch):
    # Someone else saves a contact with the lead's email after the conversion checked the
    # new contact, before it is saved: the conversion is refused as if it had come second.
    member = MemberFactory(name="Åre kommun")
    lead = LeadFactory(email="asa.oberg@are.se")
    full_clean = Contact.full_clean

    def checked_then_overtaken(contact, *args, **kwargs):
        full_clean(contact, *args, **kwargs)
        if contact.pk is None and not Contact.objects.filter(email=contact.email).exists():
            ContactFactory(email=contact.email)

    monkeypatch.setattr(Contact, "full_clean", checked_then_overtaken)

    response = editor_client.post(
        reverse("leads:convert", args=[lead.pk]),
        {"member": member.pk, "new_member_type": Member.OrgType.KOMMUN},
    )

    assert response.status_code == 200
    assert "Kontakt med detta E-post finns redan." in text(page(response))
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW
    assert not Deal.objects.filter(lead=lead).exists()
