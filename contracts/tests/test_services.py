import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from contracts.models import Contract, ContractParty
from contracts.selectors import effective_status_q
from contracts.services import (
    contract_add_party,
    contract_remove_party,
    contract_renew,
    contract_set_parties,
)
from contracts.tests.factories import ContractFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def swedish():
    # The refusals are asserted as users read them, whatever an earlier test activated.
    with translation.override("sv"):
        yield


def test_add_and_remove_parties_keeps_at_least_one(editor):
    first, second = MemberFactory(), MemberFactory(status="member")
    contract = ContractFactory(parties=[first])

    contract_add_party(contract=contract, user=editor, member=second, role="funder")
    assert set(contract.parties.all()) == {first, second}
    with pytest.raises(ValidationError, match="part i kontraktet"):
        contract_add_party(contract=contract, user=editor, member=second)

    contract_remove_party(contract=contract, user=editor, member=first)
    assert list(contract.parties.all()) == [second]
    with pytest.raises(ValidationError, match="minst en part"):
        contract_remove_party(contract=contract, user=editor, member=second)
    assert list(contract.parties.all()) == [second]
    contract.refresh_from_db()
    assert contract.updated_by == editor


def test_set_parties_makes_them_those_given_and_keeps_roles(editor):
    kept, leaving, joining = MemberFactory(), MemberFactory(), MemberFactory()
    contract = ContractFactory(parties=[kept, leaving])
    contract.party_links.filter(member=kept).update(role="lead_party")

    assert contract_set_parties(contract=contract, members=[kept, joining, joining], user=editor)

    links = {link.member: link for link in contract.party_links.all()}
    assert set(links) == {kept, joining}
    assert links[kept].role == "lead_party"  # a member already a party keeps its role
    assert links[joining].role == "party"
    assert links[joining].history.latest().history_user == editor
    removed = ContractParty.history.filter(member_id=leaving.pk, history_type="-").get()
    assert removed.history_user == editor
    contract.refresh_from_db()
    assert contract.updated_by == editor
    # The same parties again change nothing.
    assert not contract_set_parties(contract=contract, members=[joining, kept], user=editor)


def test_set_parties_refuses_to_leave_a_contract_without_parties(editor):
    party = MemberFactory()
    contract = ContractFactory(parties=[party])

    with pytest.raises(ValidationError, match="minst en part"):
        contract_set_parties(contract=contract, members=[], user=editor)

    assert list(contract.parties.all()) == [party]


def test_renew_copies_service_and_parties_and_links_back(editor):
    a, b = MemberFactory(), MemberFactory()
    contract = ContractFactory(
        parties=[a, b], start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2026, 12, 31)
    )
    ContractParty.objects.filter(contract=contract, member=b).update(role="funder")

    renewal = contract_renew(contract=contract, user=editor)

    assert renewal.previous == contract and contract.renewal == renewal
    assert renewal.service == contract.service
    assert renewal.status == Contract.Status.DRAFT
    assert {(p.member, p.role) for p in renewal.party_links.all()} == {(a, "party"), (b, "funder")}
    assert renewal.start_date == max(datetime.date(2027, 1, 1), timezone.localdate())
    with pytest.raises(ValidationError, match="redan förnyats"):
        contract_renew(contract=contract, user=editor)


def test_renewing_an_ended_contract_starts_today(editor):
    contract = ContractFactory(
        status=Contract.Status.ENDED,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    renewal = contract_renew(contract=contract, user=editor)
    assert renewal.start_date == timezone.localdate()
    assert renewal.end_date - renewal.start_date == contract.end_date - contract.start_date


@pytest.mark.parametrize("status", [Contract.Status.DRAFT, Contract.Status.TERMINATED])
def test_drafts_and_terminated_contracts_are_not_renewed(editor, status):
    contract = ContractFactory(status=status)
    with pytest.raises(ValidationError):
        contract_renew(contract=contract, user=editor)


def test_a_contract_past_its_end_date_counts_as_ended():
    today = timezone.localdate()
    overdue = ContractFactory(status="active", end_date=today - datetime.timedelta(days=1))
    running = ContractFactory(status="active", end_date=today)
    open_ended = ContractFactory(status="active", end_date=None)

    assert overdue.effective_status() == Contract.Status.ENDED and overdue.is_overdue
    assert running.effective_status() == Contract.Status.ACTIVE
    active = set(Contract.objects.filter(effective_status_q(["active"])))
    ended = set(Contract.objects.filter(effective_status_q(["ended"])))
    assert active == {running, open_ended}
    assert ended == {overdue}
