from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

STALE_AFTER_DAYS = 365


def stale_contacts_q(today=None) -> Q:
    """Contacts nobody has confirmed in the last 12 months (or ever)."""
    limit = (today or timezone.localdate()) - timedelta(days=STALE_AFTER_DAYS)
    return Q(last_verified__lt=limit) | Q(last_verified__isnull=True)
