from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from notes.models import Note

from .models import Lead

OPEN_STATUSES = (Lead.Status.NEW, Lead.Status.CONTACTED, Lead.Status.QUALIFIED)


def stale_leads_q(days: int = 14) -> Q:
    """Open leads nobody has followed up (no note) in ``days`` days."""
    since = timezone.now() - timedelta(days=days)
    recent_note = Note.objects.filter(lead=OuterRef("pk"), occurred_at__gte=since)
    return Q(status__in=OPEN_STATUSES, created_at__lt=since) & ~Q(Exists(recent_note))
