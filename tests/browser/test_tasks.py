"""A task in a real browser: added on a deal's page without a reload, completed with an
outcome, and the outcome appears in the deal's history."""

import pytest
from playwright.sync_api import expect

from core.roles import EDITOR
from deals.tests.factories import DealFactory
from tasks.models import Task

from .test_contacts import log_in


@pytest.fixture
def deal(kiruna):
    return DealFactory(title="Skolplattform för Kiruna", member=kiruna)


def test_add_a_task_on_a_deal_and_complete_it_with_an_outcome(page, deal):
    log_in(page, EDITOR)
    page.goto(f"/deals/{deal.pk}/")
    panel = page.locator("#tasks-panel")
    page.evaluate("window.notReloaded = true")  # gone if the page reloads

    panel.get_by_label("Titel").fill("Ring rektorn om skolplattformen")
    panel.get_by_role("button", name="Lägg till uppgift").click()
    expect(panel.locator(".task")).to_contain_text("Ring rektorn om skolplattformen")

    task = Task.objects.get(deal=deal)
    panel.get_by_label("Utfall").fill("Rektorn vill ha en demo i mars")
    panel.get_by_role("button", name="Klar", exact=True).click()

    expect(panel).to_contain_text("Inga öppna uppgifter.")
    expect(page.locator("#notes-panel .timeline")).to_contain_text("Rektorn vill ha en demo i mars")
    assert page.evaluate("window.notReloaded") is True
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert task.outcome_note.deal == deal
