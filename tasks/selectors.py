import datetime

from django.db.models import Q
from django.utils import timezone

from .models import SUBJECT_FIELDS, Task

SUBJECT_RELATED = SUBJECT_FIELDS


def task_list():
    """Tasks with everything a row of the list shows, in one query."""
    return Task.objects.select_related("assignee", *SUBJECT_RELATED)


def open_tasks_about(subject_field: str, subject):
    """The open tasks of one record, soonest first, with their assignees."""
    return (
        Task.objects.filter(status=Task.Status.OPEN, **{subject_field: subject})
        .select_related("assignee")
        .order_by(*Task._meta.ordering)
    )


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status=Task.Status.OPEN, due_date__lt=today)


def due_within_q(user, today: datetime.date, days: int) -> Q:
    """``user``'s open tasks overdue or due by ``days`` days from ``today``."""
    until = today + datetime.timedelta(days=days)
    return Q(assignee=user, status=Task.Status.OPEN, due_date__lte=until)
