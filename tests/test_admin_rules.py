"""No back door around the rules in the Django admin: what a workflow guards on the CRM's
pages is read-only there, and the admin's own ways in go through the same services."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from contracts.models import ContractParty
from contracts.tests.factories import ContractFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LAST_PARTY = "Ett kontrakt måste ha minst en part. Lägg till en annan part först."


@pytest.fixture
def admin_client(login, admin_user):
    return login(admin_user)  # past two-factor login, which the admin requires


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


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
