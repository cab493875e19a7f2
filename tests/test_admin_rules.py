"""No back door around the rules in the Django admin: what a workflow guards on the CRM's
pages is read-only there, and the admin's own ways in go through the same services."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from contracts.models import Contract, ContractParty
from contracts.tests.factories import ContractFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member, MembershipChange
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LAST_PARTY = "Ett kontrakt måste ha minst en part. Lägg till en annan part först."


@pytest.fixture
def admin_client(login, admin_user):
    return login(admin_user)  # past two-factor login, which the admin requires


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def change_form_data(page) -> dict:
    """What the admin's change page posts when saved as it is: the record's form and
    every inline with its management form."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def workflow_links(page) -> list[tuple[str, str]]:
    """The links to the CRM's workflow pages on an admin change page: (text, address)."""
    html = page.content.decode()
    block = html[html.index('class="form-row field-workflow"') :]
    block = block[: block.index("</fieldset>")]
    return [(text, href) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)]


def editable_fields(page) -> set[str]:
    return set(page.context["adminform"].form.fields)


def run_action(client, model, action, objects, **form):
    """Choose ``action`` for ``objects`` in the admin's list, then (for an action that asks)
    submit its form with ``form``."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    selected = [obj.pk for obj in objects]
    first = client.post(url, {"action": action, "_selected_action": selected, "index": 0})
    if first.status_code != 200:
        return first, client.get(url)
    return first, client.post(
        url, {"action": action, "_selected_action": selected, "apply": "1", **form}, follow=True
    )


# --- contract parties --------------------------------------------------------------------------


def test_deleting_a_contracts_last_party_in_the_admin_is_refused(admin_client):
    party = MemberFactory()
    contract = ContractFactory(parties=[party])
    link = contract.party_links.get()
    url = reverse("admin:contracts_contractparty_delete", args=[link.pk])

    response = admin_client.post(url, {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert LAST_PARTY in shown_messages(response)
    assert list(contract.parties.all()) == [party]


def test_deleting_another_party_in_the_admin_goes_through_the_contract(admin_client, admin_user):
    staying, leaving = MemberFactory(), MemberFactory()
    contract = ContractFactory(parties=[staying, leaving])
    link = contract.party_links.get(member=leaving)
    url = reverse("admin:contracts_contractparty_delete", args=[link.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert list(contract.parties.all()) == [staying]
    contract.refresh_from_db()
    assert contract.updated_by == admin_user  # the contract's history shows who did it


def test_deleting_every_party_of_a_contract_at_once_is_refused_and_removes_none(admin_client):
    members = [MemberFactory(), MemberFactory()]
    contract = ContractFactory(parties=members)
    other = ContractFactory()
    selected = [*contract.party_links.values_list("pk", flat=True), other.party_links.get().pk]

    response = admin_client.post(
        reverse("admin:contracts_contractparty_changelist"),
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
        follow=True,
    )

    assert LAST_PARTY in shown_messages(response)
    assert set(contract.parties.all()) == set(members)
    assert other.parties.count() == 1


def test_a_party_cannot_be_moved_to_another_contract_in_the_admin(admin_client):
    contract = ContractFactory()
    link = contract.party_links.get()
    url = reverse("admin:contracts_contractparty_change", args=[link.pk])

    page = admin_client.get(url)

    assert page.status_code == 200
    assert "contract" not in page.context["adminform"].form.fields
    admin_client.post(
        url, {"contract": ContractFactory().pk, "member": link.member_id, "role": "party"}
    )
    link.refresh_from_db()
    assert link.contract == contract


def contract_form(contract, parties, *, deleted=(), added=()):
    """The admin's change form of ``contract`` with its party rows, some ticked for
    deletion, and new rows for ``added``."""
    data = {
        "number": contract.number,
        "title": contract.title,
        "service": contract.service_id,
        "status": contract.status,
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.end_date.isoformat(),
        "party_links-TOTAL_FORMS": len(parties) + len(added),
        "party_links-INITIAL_FORMS": len(parties),
        "party_links-MIN_NUM_FORMS": 0,
        "party_links-MAX_NUM_FORMS": 1000,
    }
    for i, link in enumerate(parties):
        data |= {
            f"party_links-{i}-id": link.pk,
            f"party_links-{i}-contract": contract.pk,
            f"party_links-{i}-member": link.member_id,
            f"party_links-{i}-role": link.role,
        }
        if link in deleted:
            data[f"party_links-{i}-DELETE"] = "on"
    for i, member in enumerate(added, start=len(parties)):
        data |= {
            f"party_links-{i}-contract": contract.pk,
            f"party_links-{i}-member": member.pk,
            f"party_links-{i}-role": "funder",
        }
    return data


def test_the_inline_under_a_contract_keeps_at_least_one_party(admin_client):
    party = MemberFactory()
    contract = ContractFactory(parties=[party])
    link = contract.party_links.get()
    url = reverse("admin:contracts_contract_change", args=[contract.pk])

    response = admin_client.post(url, contract_form(contract, [link], deleted=[link]))

    assert response.status_code == 200  # the form again, with the reason
    assert LAST_PARTY in response.content.decode()
    assert list(contract.parties.all()) == [party]


def test_the_inline_replaces_the_only_party_through_the_services(admin_client, admin_user):
    old, new = MemberFactory(), MemberFactory()
    contract = ContractFactory(parties=[old])
    link = contract.party_links.get()
    url = reverse("admin:contracts_contract_change", args=[contract.pk])

    response = admin_client.post(url, contract_form(contract, [link], deleted=[link], added=[new]))

    assert response.status_code == 302
    added = contract.party_links.get()
    assert (added.member, added.role) == (new, "funder")
    assert added.history.latest().history_user == admin_user
    assert not ContractParty.objects.filter(member=old).exists()


# --- membership ----------------------------------------------------------------------------------


def test_membership_is_read_only_in_the_admin(admin_client):
    member = MemberFactory(status=Member.Status.NOT_MEMBER)
    page = admin_client.get(admin_url(member))
    assert not {"status", "member_since", "member_until"} & editable_fields(page)
    assert workflow_links(page) == [("Ändra medlemskap", f"/members/{member.pk}/membership/")]

    data = change_form_data(page) | {"status": "member", "member_since": "2020-01-01"}
    response = admin_client.post(admin_url(member), data)

    assert response.status_code == 302  # the other fields are saved …
    member.refresh_from_db()
    assert (member.status, member.member_since) == (Member.Status.NOT_MEMBER, None)  # … not these
    assert not MembershipChange.objects.exists()


def test_membership_changes_in_the_admin_through_a_recorded_decision(admin_client, admin_user):
    joining, already = MemberFactory(), MemberFactory(status=Member.Status.MEMBER)

    ask, done = run_action(
        admin_client,
        Member,
        "change_membership",
        [joining, already],
        status="member",
        date="2026-03-12",
        decision="styrelsebeslut 2026-03-12",
    )

    assert ask.status_code == 200 and "Beslut" in ask.content.decode()  # the decision first
    joining.refresh_from_db()
    assert joining.status == Member.Status.MEMBER
    assert joining.member_since == datetime.date(2026, 3, 12)
    change = MembershipChange.objects.get()
    assert (change.member, change.decision, change.created_by) == (
        joining,
        "styrelsebeslut 2026-03-12",
        admin_user,
    )
    messages = shown_messages(done)
    assert "Medlemskap ändrat: 1." in messages
    assert any(m.startswith(f"{already}: ") for m in messages)  # already a member: refused


def test_the_membership_action_without_a_decision_changes_nothing(admin_client):
    member = MemberFactory()
    _ask, again = run_action(
        admin_client, Member, "change_membership", [member], status="member", date="2026-03-12"
    )
    assert again.status_code == 200
    assert "Detta fält måste fyllas i." in again.content.decode()
    member.refresh_from_db()
    assert member.status == Member.Status.NOT_MEMBER


# --- deals ---------------------------------------------------------------------------------------


def test_a_deals_stage_is_read_only_in_the_admin(admin_client):
    deal = DealFactory(stage=Deal.Stage.OFFER)
    page = admin_client.get(admin_url(deal))
    assert not {"stage", "closed_on", "lost_reason", "lost_comment"} & editable_fields(page)
    assert ("Markera affären som vunnen", f"/deals/{deal.pk}/win/") in workflow_links(page)

    data = change_form_data(page) | {"stage": "won", "closed_on": "2026-01-01"}
    assert admin_client.post(admin_url(deal), data).status_code == 302

    deal.refresh_from_db()
    assert (deal.stage, deal.closed_on) == (Deal.Stage.OFFER, None)
    assert not Contract.objects.filter(origin_deal=deal).exists()


def test_deal_workflows_in_the_admin_call_the_same_services(admin_client):
    moving, winning, losing = DealFactory(), DealFactory(), DealFactory()

    run_action(admin_client, Deal, "move", [moving], stage="negotiation")
    run_action(admin_client, Deal, "win", [winning])
    run_action(admin_client, Deal, "lose", [losing], reason="price", comment="För dyrt")

    moving.refresh_from_db()
    assert (moving.stage, moving.probability) == ("negotiation", 75)
    contract = Contract.objects.get(origin_deal=winning)  # won: its contract is drafted
    assert contract.status == Contract.Status.DRAFT
    assert list(contract.parties.all()) == [winning.member]
    losing.refresh_from_db()
    assert (losing.stage, losing.lost_reason, losing.lost_comment) == ("lost", "price", "För dyrt")

    _none, reopened = run_action(admin_client, Deal, "reopen", [losing, moving])
    losing.refresh_from_db()
    assert losing.stage == "qualified"
    messages = shown_messages(reopened)
    assert "Återöppnade: 1." in messages
    assert f"{moving}: Bara en förlorad affär kan öppnas igen." in messages


def test_losing_a_deal_in_the_admin_needs_a_reason(admin_client):
    deal = DealFactory()
    _ask, again = run_action(admin_client, Deal, "lose", [deal])
    assert again.status_code == 200
    deal.refresh_from_db()
    assert deal.stage == Deal.Stage.NEW


# --- leads ---------------------------------------------------------------------------------------


def test_a_leads_status_and_conversion_are_read_only_in_the_admin(admin_client):
    lead = LeadFactory()
    page = admin_client.get(admin_url(lead))
    workflow = {"status", "converted_contact", "converted_at", "disqualified_reason"}
    assert not workflow & editable_fields(page)
    assert workflow_links(page) == [
        ("Konvertera lead till kontakt och affär", f"/leads/{lead.pk}/convert/"),
        ("Diskvalificera lead", f"/leads/{lead.pk}/disqualify/"),
    ]

    data = change_form_data(page) | {"status": "converted", "disqualified_reason": "x"}
    assert admin_client.post(admin_url(lead), data).status_code == 302

    lead.refresh_from_db()
    assert (lead.status, lead.disqualified_reason) == (Lead.Status.NEW, "")


def test_leads_are_disqualified_in_the_admin_with_a_reason(admin_client, admin_user):
    lead = LeadFactory()

    run_action(admin_client, Lead, "disqualify", [lead], reason="Ingen budget")

    lead.refresh_from_db()
    assert (lead.status, lead.disqualified_reason) == ("disqualified", "Ingen budget")
    assert lead.updated_by == admin_user
