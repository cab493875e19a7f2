"""The daily rules (``manage.py crm_daily``): what has gone stale becomes a task for the
person responsible, and a rule's open task is closed once its condition has ended.

Each rule is switchable and has its horizon in settings (TASK_RULE_*). A rule keeps at
most one open task per record: its key ("<rule>:<pk>") is unique among open tasks, in the
database. Running the rules twice a day creates nothing twice.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from contacts.models import Contact
from contracts.models import Contract, ContractParty
from deals.models import Deal
from leads.models import Lead
from notes.selectors import stale_deals_q, stale_leads_q

from .models import Task

BATCH = 500


@dataclass(frozen=True)
class Rule:
    name: str  # the first part of the task's rule_key
    setting: str  # TASK_RULE_<SETTING> (on/off) and TASK_RULE_<SETTING>_DAYS (horizon)
    subject_field: str
    title: str  # English source, stored in Swedish
    reason: str  # why an open task was closed once the condition ended
    # (today, days) -> the records that need a task, annotated with ``responsible_id``
    matching: Callable[[datetime.date, int], object]

    @property
    def enabled(self) -> bool:
        return getattr(settings, f"TASK_RULE_{self.setting}")

    @property
    def days(self) -> int:
        return getattr(settings, f"TASK_RULE_{self.setting}_DAYS")

    def key(self, pk) -> str:
        return f"{self.name}:{pk}"


def _ending_contracts(today, days):
    """Contracts in force ending within ``days`` days with no renewal; to the contract's
    responsible, else the responsible of its lead party."""
    lead_party = ContractParty.objects.filter(
        contract=OuterRef("pk"), role=ContractParty.Role.LEAD_PARTY
    ).values("member__responsible")[:1]
    return (
        Contract.objects.filter(
            status=Contract.Status.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=days),
            renewal__isnull=True,
        )
        .annotate(
            person=Coalesce(F("responsible"), Subquery(lead_party), output_field=IntegerField())
        )
        .values_list("pk", "person")
    )


def _stale_deals(today, days):
    """Open deals without a note for ``days`` days; to the deal's owner."""
    return Deal.objects.filter(stale_deals_q(days)).values_list("pk", "owner")


def _stale_leads(today, days):
    """Leads not followed up for ``days`` days; to the lead's owner."""
    return Lead.objects.filter(stale_leads_q(days)).values_list("pk", "owner")


def _unverified_contacts(today, days):
    """Active contacts not verified for ``days`` days; to their member's responsible."""
    limit = today - datetime.timedelta(days=days)
    return Contact.objects.filter(
        Q(last_verified__lt=limit) | Q(last_verified__isnull=True), is_active=True
    ).values_list("pk", "member__responsible")


RULES = (
    Rule(
        name="contract_ending",
        setting="CONTRACT_ENDING",
        subject_field="contract",
        title=gettext_noop("Renew or end the contract"),
        reason=gettext_noop("No longer needed: the contract was renewed, ended or changed."),
        matching=_ending_contracts,
    ),
    Rule(
        name="stale_deal",
        setting="STALE_DEAL",
        subject_field="deal",
        title=gettext_noop("Follow up the deal: no note for a long time"),
        reason=gettext_noop("No longer needed: the deal has a recent note or is closed."),
        matching=_stale_deals,
    ),
    Rule(
        name="stale_lead",
        setting="STALE_LEAD",
        subject_field="lead",
        title=gettext_noop("Follow up the lead"),
        reason=gettext_noop("No longer needed: the lead was followed up or closed."),
        matching=_stale_leads,
    ),
    Rule(
        name="unverified_contact",
        setting="UNVERIFIED_CONTACT",
        subject_field="contact",
        title=gettext_noop("Verify the contact"),
        reason=gettext_noop("No longer needed: the contact was verified or has left."),
        matching=_unverified_contacts,
    ),
)


@dataclass
class RuleResult:
    rule: str
    created: int = 0
    closed: int = 0
    open: int = 0  # already had an open task
    nobody: int = 0  # needed a task but has nobody responsible
    skipped: bool = False


@dataclass
class DailyResult:
    rules: list[RuleResult] = field(default_factory=list)


def rules_run(*, today: datetime.date | None = None, user=None) -> DailyResult:
    """Run every enabled rule: a task for each record that needs one and has none open,
    and the open tasks of records that no longer need one closed, with the reason."""
    today = today or timezone.localdate()
    result = DailyResult()
    for rule in RULES:
        if not rule.enabled:
            result.rules.append(RuleResult(rule.name, skipped=True))
            continue
        result.rules.append(_run(rule, today, user))
    return result


@transaction.atomic
def _run(rule: Rule, today, user) -> RuleResult:
    result = RuleResult(rule.name)
    prefix = f"{rule.name}:"
    needed = dict(rule.matching(today, rule.days))  # pk -> responsible user's pk (or None)
    open_tasks = {
        key: pk
        for pk, key in Task.objects.filter(
            status=Task.Status.OPEN, rule_key__startswith=prefix
        ).values_list("pk", "rule_key")
    }
    with translation.override(settings.LANGUAGE_CODE):
        title, reason = _(rule.title), _(rule.reason)
    new = []
    now = timezone.now()
    for pk, person in needed.items():
        key = rule.key(pk)
        if key in open_tasks:
            result.open += 1
        elif person is None:
            result.nobody += 1
        else:
            new.append(
                Task(
                    title=title,
                    due_date=today,
                    assignee_id=person,
                    rule_key=key,
                    created_by=user,
                    updated_by=user,
                    created_at=now,
                    updated_at=now,
                    assigned_at=now,
                    **{f"{rule.subject_field}_id": pk},
                )
            )
    for task in new:
        task.build_search_text()
    bulk_create_with_history(new, Task, batch_size=BATCH, default_user=user)
    result.created = len(new)
    needed_keys = {rule.key(pk) for pk in needed}
    ended = [pk for key, pk in open_tasks.items() if key not in needed_keys]
    for start in range(0, len(ended), BATCH):
        batch = list(Task.objects.filter(pk__in=ended[start : start + BATCH]))
        for task in batch:
            task.status = Task.Status.CANCELLED
            task.completed_at = now
            task.closed_reason = reason
            task.updated_at, task.updated_by = now, user
        bulk_update_with_history(
            batch,
            Task,
            ["status", "completed_at", "closed_reason", "updated_at", "updated_by"],
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason,
        )
    result.closed = len(ended)
    return result
