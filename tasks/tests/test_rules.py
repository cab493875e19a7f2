"""The daily rules: what has gone stale becomes one task for the person responsible, and
the task is closed once the condition has ended."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from contacts.tests.factories import ContactFactory
from contracts.models import Contract, ContractParty
from contracts.tests.factories import ContractFactory, ContractPartyFactory
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.tests.factories import MemberFactory
from notes.tests.factories import NoteFactory
from tasks.models import Task
from tasks.rules import rules_run

pytestmark = pytest.mark.django_db


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def anna():
    return UserFactory(username="anna")


def aged(record, n):
    type(record).objects.filter(pk=record.pk).update(created_at=timezone.now() - days(n))
    return record


def open_tasks():
    return list(Task.objects.filter(status=Task.Status.OPEN).order_by("rule_key"))


def test_a_contract_ending_without_renewal_is_a_task_for_its_responsible(today, anna):
    contract = ContractFactory(
        status=Contract.Status.ACTIVE, end_date=today + days(60), responsible=anna
    )
    ContractFactory(status=Contract.Status.ACTIVE, end_date=today + days(200), responsible=anna)

    rules_run(today=today)

    (task,) = open_tasks()
    assert (task.contract, task.assignee, task.due_date) == (contract, anna, today)
    assert task.title == "Förnya eller avsluta avtalet"


def test_without_a_responsible_the_lead_partys_responsible_gets_it(today, anna):
    contract = ContractFactory(status=Contract.Status.ACTIVE, end_date=today + days(30), parties=[])
    ContractPartyFactory(contract=contract, member=MemberFactory())
    ContractPartyFactory(
        contract=contract,
        member=MemberFactory(responsible=anna),
        role=ContractParty.Role.LEAD_PARTY,
    )

    rules_run(today=today)

    assert [t.assignee for t in open_tasks()] == [anna]


def test_running_twice_creates_nothing_twice(today, anna):
    aged(DealFactory(stage=Deal.Stage.OFFER, owner=anna), 40)
    aged(LeadFactory(status=Lead.Status.NEW, owner=anna), 20)
    ContactFactory(member=MemberFactory(responsible=anna), last_verified=today - days(400))

    first = rules_run(today=today)
    second = rules_run(today=today)

    assert len(open_tasks()) == 3
    assert [r.created for r in first.rules] == [0, 1, 1, 1]
    assert [r.created for r in second.rules] == [0, 0, 0, 0]
    assert [r.open for r in second.rules] == [0, 1, 1, 1]


def test_the_task_is_closed_with_the_reason_once_the_contract_is_renewed(today, anna):
    contract = ContractFactory(
        status=Contract.Status.ACTIVE, end_date=today + days(60), responsible=anna
    )
    rules_run(today=today)
    ContractFactory(previous=contract)

    result = rules_run(today=today)

    task = Task.objects.get()
    assert task.status == Task.Status.CANCELLED
    assert "förnyades" in task.closed_reason
    assert result.rules[0].closed == 1
    assert task.history.latest().history_change_reason == task.closed_reason


def test_a_note_on_the_deal_closes_its_follow_up(today, anna):
    deal = aged(DealFactory(stage=Deal.Stage.OFFER, owner=anna), 40)
    rules_run(today=today)
    NoteFactory(deal=deal, member=None)

    rules_run(today=today)

    assert Task.objects.get().status == Task.Status.CANCELLED


def test_a_record_with_nobody_responsible_is_counted_not_assigned(today):
    ContactFactory(member=MemberFactory(responsible=None), last_verified=None)

    result = rules_run(today=today)

    assert Task.objects.count() == 0
    assert result.rules[3].nobody == 1


def test_a_rule_switched_off_makes_nothing(today, anna, settings):
    settings.TASK_RULE_UNVERIFIED_CONTACT = False
    ContactFactory(member=MemberFactory(responsible=anna), last_verified=None)

    result = rules_run(today=today)

    assert Task.objects.count() == 0
    assert result.rules[3].skipped


def test_the_horizon_comes_from_the_settings(today, anna, settings):
    settings.TASK_RULE_CONTRACT_ENDING_DAYS = 30
    ContractFactory(status=Contract.Status.ACTIVE, end_date=today + days(60), responsible=anna)

    rules_run(today=today)

    assert Task.objects.count() == 0


def test_the_command_reports_each_rule(today, anna, capsys):
    aged(LeadFactory(status=Lead.Status.NEW, owner=anna), 20)

    call_command("crm_daily")

    out = capsys.readouterr().out
    assert "stale_lead: 1 created, 0 closed" in out
