"""Emails about tasks: the notice to a user given a task by someone else, and the daily
digest.

Plain text and HTML in Swedish (templates/tasks/email/), through Django's email framework
(settings EMAIL_*: SMTP in production, the console with DEBUG, memory in the tests).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import SUBJECT_FIELDS, DigestSent, Task

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.CRM_BASE_URL.rstrip('/')}{path}"


def send_mail_to(user, *, subject: str, template: str, context: dict) -> bool:
    """One email to ``user`` from templates ``<template>.txt`` and ``.html``; False when the
    user has no address."""
    if not user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, **context}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[user.email],
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
    return True


def send_assignment(*, task, by) -> bool:
    """Tell the assignee that ``by`` (None: the daily rules) gave them ``task``."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New task: %(title)s") % {"title": task.title}
    try:
        return send_mail_to(
            task.assignee,
            subject=subject,
            template="tasks/email/assigned",
            context={"task": task, "by": by, "url": absolute(task.get_absolute_url())},
        )
    except OSError:
        # The task is saved whatever the mail server says; the digest lists it tomorrow.
        logger.exception("Could not email task %s to %s", task.pk, task.assignee)
        return False


# --- The daily digest ------------------------------------------------------------------------


@dataclass
class DigestResult:
    sent: int = 0
    nothing_to_send: int = 0
    already_sent: int = 0
    failed: int = 0


def digest_for(user, today: datetime.date, since) -> dict:
    """What ``user``'s digest of ``today`` lists: overdue, due today, and given to them
    since ``since`` (their last digest; None: the last day)."""
    mine = Task.objects.filter(assignee=user, status=Task.Status.OPEN).select_related(
        *SUBJECT_FIELDS
    )
    since = since or timezone.now() - datetime.timedelta(days=1)
    return {
        "overdue": list(mine.filter(due_date__lt=today)),
        "today": list(mine.filter(due_date=today)),
        "new": list(
            mine.filter(assigned_at__gt=since)
            .exclude(due_date__lte=today)
            .exclude(created_by=user, assignee=user)
        ),
    }


def digest_send(*, today: datetime.date | None = None) -> DigestResult:
    """Send each active user with an email address (and the digest switched on) their
    digest of today, once: the sending is recorded first, so a rerun sends nothing twice;
    a message the mail server refused is taken back, so the next run tries again."""
    today = today or timezone.localdate()
    result = DigestResult()
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(reminder_settings__digest=False)
        .order_by("pk")
    )
    last_sent = dict(
        DigestSent.objects.values("user").annotate(last=Max("sent_at")).values_list("user", "last")
    )
    for user in users:
        tasks = digest_for(user, today, last_sent.get(user.pk))
        count = sum(len(rows) for rows in tasks.values())
        for task in (task for rows in tasks.values() for task in rows):
            task.url = absolute(task.get_absolute_url())
        if not count:
            result.nothing_to_send += 1
            continue
        try:
            with transaction.atomic():
                record = DigestSent.objects.create(user=user, day=today, tasks=count)
        except IntegrityError:
            result.already_sent += 1
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your tasks %(date)s") % {"date": today.isoformat()}
        try:
            send_mail_to(
                user,
                subject=subject,
                template="tasks/email/digest",
                context={"today": today, **tasks, "list_url": absolute(reverse("tasks:list"))},
            )
        except OSError:
            logger.exception("Could not send the task digest to %s", user)
            record.delete()
            result.failed += 1
            continue
        result.sent += 1
    return result
