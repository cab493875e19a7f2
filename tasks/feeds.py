"""The personal calendar feed (ICS): one's open tasks with a due date and the end dates of
the contracts one is responsible for, at an address holding a secret token.

Calendar apps cannot log in, so the token is the key: 32 random bytes, of which only the
SHA-256 hash is stored. A new token replaces the old one at once.
"""

import datetime
import hashlib
import secrets

import icalendar
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contracts.models import Contract

from .models import ReminderSettings, Task


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_new(*, user) -> str:
    """A new secret token for ``user``'s feed (the old address stops working); returned
    once, to be shown, and stored only as its hash."""
    token = secrets.token_urlsafe(32)
    reminders, _created = ReminderSettings.objects.get_or_create(user=user)
    reminders.calendar_token_hash = token_hash(token)
    reminders.calendar_token_created = timezone.now()
    reminders.save()
    return token


def calendar_user(token: str):
    """The user whose feed ``token`` opens, or None."""
    if not token or len(token) > 100:
        return None
    found = (
        ReminderSettings.objects.filter(calendar_token_hash=token_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def calendar_url(token: str) -> str:
    return f"{settings.CRM_BASE_URL.rstrip('/')}{reverse('tasks:calendar', args=[token])}"


def calendar_feed(user) -> bytes:
    """The ICS of ``user``'s open tasks with a due date and the end dates of the contracts
    they are responsible for (not yet ended)."""
    base = settings.CRM_BASE_URL.rstrip("/")
    today = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Sambruk CRM//uppgifter//SV")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", _("Sambruk CRM: my tasks"))
        stamp = timezone.now()
        tasks = Task.objects.filter(
            assignee=user, status=Task.Status.OPEN, due_date__isnull=False
        ).order_by("due_date", "id")
        for task in tasks:
            event = icalendar.Event()
            event.add("uid", f"task-{task.pk}@sambruk-crm")
            event.add("dtstamp", stamp)
            event.add("summary", task.title)
            if task.due_time:
                start = timezone.make_aware(datetime.datetime.combine(task.due_date, task.due_time))
                event.add("dtstart", start)
                event.add("dtend", start + datetime.timedelta(minutes=30))
            else:
                event.add("dtstart", task.due_date)
                event.add("dtend", task.due_date + datetime.timedelta(days=1))
            event.add("url", f"{base}{task.get_absolute_url()}")
            if task.description:
                event.add("description", task.description)
            cal.add_component(event)
        contracts = Contract.objects.filter(
            responsible=user,
            status__in=[Contract.Status.ACTIVE, Contract.Status.DRAFT],
            end_date__gte=today,
        ).order_by("end_date", "id")
        for contract in contracts:
            event = icalendar.Event()
            event.add("uid", f"contract-end-{contract.pk}@sambruk-crm")
            event.add("dtstamp", stamp)
            event.add("summary", _("Contract ends: %(title)s") % {"title": contract.title})
            event.add("dtstart", contract.end_date)
            event.add("dtend", contract.end_date + datetime.timedelta(days=1))
            event.add("url", f"{base}{contract.get_absolute_url()}")
            cal.add_component(event)
    return cal.to_ical()
