"""Reads about people: what the CRM holds about a person, and leads gone stale."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from deals.models import Deal
from leads.models import Lead
from notes.models import Note

# What an erased person's record holds instead of the name (stored data, so not translated).
ERASED_FIRST_NAME = "Borttagen"
ERASED_LAST_NAME = "person"


def months_ago(months: int, now: datetime.datetime | None = None) -> datetime.datetime:
    """The same day and time ``months`` calendar months back (the month's last day at most)."""
    now = now or timezone.now()
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last_day = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(1)).day
    return now.replace(year=year, month=month, day=min(now.day, last_day))


def erased_q() -> Q:
    """Records that hold no personal data any more (erased)."""
    return Q(first_name=ERASED_FIRST_NAME, last_name=ERASED_LAST_NAME, email__in=["", None])


def person_leads(record):
    """The leads that are the same person: a lead itself, or the leads a contact came from."""
    if isinstance(record, Lead):
        return Lead.objects.filter(pk=record.pk)
    return Lead.objects.filter(converted_contact=record)


def person_notes(record):
    """Notes about the person: on the record, and for a contact on the leads it came from."""
    if isinstance(record, Lead):
        q = Q(lead=record)
    else:
        q = Q(contact=record) | Q(lead__converted_contact=record)
    return Note.objects.filter(q).select_related("author").order_by("occurred_at", "id")


def person_deals(record):
    """Deals the person is part of: as one of a deal's contacts, or the lead it came from."""
    if isinstance(record, Lead):
        return Deal.objects.filter(lead=record)
    return Deal.objects.filter(Q(contacts=record) | Q(lead__converted_contact=record)).distinct()


def stale_leads(months: int | None = None, now=None):
    """Leads never converted and not touched for ``months`` (PRIVACY_STALE_LEAD_MONTHS): no
    change to the lead and no note about it since; erased leads are left out.

    Each carries ``last_note``, the time of its newest note (or None).
    """
    if months is None:
        months = settings.PRIVACY_STALE_LEAD_MONTHS
    cutoff = months_ago(months, now)
    notes = Note.objects.filter(lead=OuterRef("pk"))
    recent_note = notes.filter(Q(occurred_at__gte=cutoff) | Q(updated_at__gte=cutoff))
    return (
        Lead.objects.filter(updated_at__lt=cutoff, converted_contact__isnull=True)
        .exclude(status=Lead.Status.CONVERTED)
        .exclude(Exists(Deal.objects.filter(lead=OuterRef("pk"))))
        .exclude(Exists(recent_note))
        .exclude(erased_q())
        .annotate(last_note=Subquery(notes.order_by("-occurred_at").values("occurred_at")[:1]))
        .select_related("member", "owner")
        .order_by("updated_at", "id")
    )
