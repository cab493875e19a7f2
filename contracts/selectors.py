from django.db.models import Q
from django.utils import timezone

from .models import Contract


def in_force_q(prefix: str = "", today=None) -> Q:
    """Contracts in force today: marked active and within their dates.

    A contract past its end date no longer counts even if nobody changed its status, so
    "which members use service X" stays true without anyone tidying up.
    """
    today = today or timezone.localdate()
    return (
        Q(**{f"{prefix}status": Contract.Status.ACTIVE})
        & (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": today}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today}))
    )


def contracts_in_force(today=None):
    return Contract.objects.filter(in_force_q(today=today))
