"""The steps of a task: create, complete (with an outcome written as a note), postpone,
reassign, cancel. Each checks the task is still open, in one transaction with the row
locked, so that two clicks on "Klar" complete it once."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from notes.models import Note
from notes.services import note_create

from .models import SUBJECT_FIELDS, Campaign, Task
from .reminders import send_assignment


def _check_subjects(subjects: dict) -> None:
    unknown = set(subjects) - set(SUBJECT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown task subject: {', '.join(sorted(unknown))}")


@transaction.atomic
def task_create(
    *,
    user,
    title: str,
    assignee,
    due_date: datetime.date | None = None,
    due_time: datetime.time | None = None,
    description: str = "",
    rule_key: str = "",
    **subjects,
) -> Task:
    """A new open task for ``assignee``, about at most one record (``deal=…``) or none."""
    _check_subjects(subjects)
    task = Task(
        title=title,
        description=description,
        due_date=due_date,
        due_time=due_time,
        assignee=assignee,
        rule_key=rule_key,
        **{name: value for name, value in subjects.items() if value is not None},
    )
    task.stamp(user)
    task.full_clean()
    task.save()
    announce_assignment(task, user)
    return task


def _locked_open(task: Task) -> Task:
    """The task's row, locked until the transaction ends; refused unless it is still open."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.status != Task.Status.OPEN:
        raise ValidationError(
            _("The task “%(title)s” is already %(status)s.")
            % {"title": locked.title, "status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def task_complete(*, task: Task, user, outcome: str = "") -> Task:
    """Mark ``task`` done. An outcome is written as a note on the task's record, so that the
    record's history tells what happened and the task only what was planned."""
    task = _locked_open(task)
    outcome = outcome.strip()
    if outcome:
        subject_field = next((n for n in SUBJECT_FIELDS if getattr(task, f"{n}_id")), None)
        if subject_field is None:
            raise ValidationError(
                _("A personal task is about no record, so there is nowhere to write an outcome.")
            )
        task.outcome_note = note_create(
            author=user,
            text=outcome,
            kind=Note.Kind.NOTE,
            **{subject_field: getattr(task, subject_field)},
        )
    task.status = Task.Status.DONE
    task.completed_at = timezone.now()
    task.completed_by = user
    task.stamp(user)
    task.save()
    return task


@transaction.atomic
def task_cancel(*, task: Task, user, reason: str) -> Task:
    """Close ``task`` as no longer needed, with the reason (a rule whose condition ended)."""
    task = _locked_open(task)
    task.status = Task.Status.CANCELLED
    task.completed_at = timezone.now()
    task.completed_by = user
    task.closed_reason = reason[:300]
    task.stamp(user)
    task.save()
    return task


@transaction.atomic
def task_postpone(*, task: Task, user, until: datetime.date, today=None) -> Task:
    """Move the due date of an open task to ``until`` (today or later)."""
    today = today or timezone.localdate()
    task = _locked_open(task)
    if until < today:
        raise ValidationError(_("A task cannot be postponed to a day that has passed."))
    task.due_date = until
    task.stamp(user)
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_reassign(*, task: Task, user, assignee) -> Task:
    """Give an open task to ``assignee``, who is told by email once the change is saved."""
    task = _locked_open(task)
    if not assignee.is_active:
        raise ValidationError(_("The task can only be given to an active user."))
    if assignee.pk == task.assignee_id:
        return task
    task.assignee = assignee
    task.assigned_at = timezone.now()
    task.stamp(user)
    task.save()
    announce_assignment(task, user)
    return task


def announce_assignment(task: Task, user) -> None:
    """Tell the assignee (when someone else gave them the task), after the commit: a task
    rolled back is never announced."""
    if user is not None and user.pk == task.assignee_id:
        return
    transaction.on_commit(lambda: send_assignment(task=task, by=user), robust=True)


# --- Campaigns: one task per record of a filtered list --------------------------------------

CAMPAIGN_BATCH = 1000


def responsible_for(subject_field: str) -> str:
    """The path from a record to the person responsible for it."""
    return {
        "member": "responsible",
        "contract": "responsible",
        "deal": "owner",
        "lead": "owner",
        "contact": "member__responsible",
    }[subject_field]


@dataclass
class CampaignResult:
    campaign: Campaign
    created: int
    nobody: int  # records with nobody responsible, when each record's responsible was asked


@transaction.atomic
def campaign_create(
    *,
    user,
    name: str,
    title: str,
    subject_field: str,
    records,
    due_date: datetime.date | None = None,
    assignee=None,
) -> CampaignResult:
    """A campaign named ``name`` with a task ``title`` for each of ``records`` (a queryset
    of the ``subject_field`` model: every record of a filtered list, not one page), for
    ``assignee``, or, without one, for each record's responsible. Written in batches, each
    task with its history; the assignees are not emailed one by one (the digest lists the
    new tasks)."""
    _check_subjects({subject_field: None})
    if not name.strip() or not title.strip():
        raise ValidationError(_("A campaign needs a name and a title for its tasks."))
    if assignee is not None and not assignee.is_active:
        raise ValidationError(_("The task can only be given to an active user."))
    campaign = Campaign(name=name.strip())
    campaign.stamp(user)
    campaign.full_clean()
    campaign.save()
    path = responsible_for(subject_field)
    rows = records.order_by("pk").values_list("pk", path).iterator(chunk_size=CAMPAIGN_BATCH)
    now = timezone.now()
    created = nobody = 0
    batch = []
    for pk, responsible in rows:
        person = assignee.pk if assignee is not None else responsible
        if person is None:
            nobody += 1
            continue
        task = Task(
            title=title.strip(),
            due_date=due_date,
            assignee_id=person,
            campaign=campaign,
            created_by=user,
            updated_by=user,
            created_at=now,
            updated_at=now,
            assigned_at=now,
            **{f"{subject_field}_id": pk},
        )
        task.build_search_text()
        batch.append(task)
        if len(batch) == CAMPAIGN_BATCH:
            bulk_create_with_history(batch, Task, batch_size=CAMPAIGN_BATCH, default_user=user)
            created += len(batch)
            batch = []
    if batch:
        bulk_create_with_history(batch, Task, batch_size=CAMPAIGN_BATCH, default_user=user)
        created += len(batch)
    return CampaignResult(campaign, created, nobody)
