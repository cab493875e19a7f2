"""The sales path in a real browser: a lead becomes a contact and a deal, the deal is moved on
the board by drag and drop, and winning it drafts the contract."""

import re

import pytest
from playwright.sync_api import expect

from contracts.models import Contract
from core.roles import EDITOR
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from services.tests.factories import ServiceFactory

from .test_contacts import MAIN_SUBMIT, log_in


@pytest.fixture
def egil(roles):
    return ServiceFactory(name="EGIL")


def test_lead_to_deal_to_contract(page, kiruna, egil):
    log_in(page, EDITOR)
    lead = LeadFactory(first_name="Sara", last_name="Lind", organisation_name="Kiruna kommun")

    page.goto(f"/leads/{lead.pk}/")
    page.click(f"a[href='/leads/{lead.pk}/convert/']")
    # The member field searches as you type (select2).
    page.click("#id_member + .select2 .select2-selection")
    page.keyboard.type("Kiru")
    page.locator(".select2-results__option", has_text="Kiruna").click()
    page.select_option("#id_service", str(egil.pk))
    page.click(MAIN_SUBMIT)

    deal = Deal.objects.get(lead=lead)
    expect(page).to_have_url(re.compile(rf"/deals/{deal.pk}/$"))
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONVERTED
    assert lead.converted_contact.member == kiruna
    assert (deal.member, deal.service) == (kiruna, egil)

    page.click(f"a[href='/deals/{deal.pk}/win/']")
    page.click(MAIN_SUBMIT)
    contract = Contract.objects.get(origin_deal=deal)
    expect(page).to_have_url(re.compile(rf"/contracts/{contract.pk}/edit/$"))
    assert list(contract.parties.all()) == [kiruna]
    assert contract.status == Contract.Status.DRAFT
    deal.refresh_from_db()
    assert deal.stage == Deal.Stage.WON


def test_kanban_card_moves_by_drag_and_drop(page, kiruna, egil):
    log_in(page, EDITOR)
    deal = DealFactory(title="Flyttas på tavlan", member=kiruna, service=egil)

    page.goto("/deals/board/")
    card = page.locator(f".deal-card[data-deal='{deal.pk}']")
    expect(card).to_be_visible()
    card.drag_to(page.locator(".deal-drop[data-stage='offer']"))

    # htmx swaps in the new board; the card now stands in the offer column, no reload.
    expect(
        page.locator(f".deal-column[data-stage='offer'] .deal-card[data-deal='{deal.pk}']")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/deals/board/$"))
    deal.refresh_from_db()
    assert deal.stage == Deal.Stage.OFFER
    assert deal.probability == Deal.DEFAULT_PROBABILITY[Deal.Stage.OFFER]
