from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Lower
from django.utils import timezone

from .models import Contact, contact_name_key

STALE_AFTER_DAYS = 365


def stale_contacts_q(today=None) -> Q:
    """Contacts nobody has confirmed in the last 12 months (or ever)."""
    limit = (today or timezone.localdate()) - timedelta(days=STALE_AFTER_DAYS)
    return Q(last_verified__lt=limit) | Q(last_verified__isnull=True)


# Rows read per kind of duplicate; the page says when there may be more.
DUPLICATE_ROWS_LIMIT = 400


@dataclass
class DuplicatePair:
    """Two contacts that are probably one person; ``first`` is the older record."""

    first: Contact
    second: Contact
    same_email: bool = False
    same_name: bool = False


def duplicate_contact_pairs(limit: int = DUPLICATE_ROWS_LIMIT) -> tuple[list[DuplicatePair], bool]:
    """Likely duplicate contacts as pairs, and whether the list was cut at ``limit`` rows.

    Likely duplicates share an email address (case-insensitively) or the same folded name
    at the same member. The database counts each group (a window function), so only the
    duplicates are read, in two queries whatever the size of the table.
    """
    by_email = list(
        Contact.objects.filter(email__isnull=False)
        .exclude(email="")
        .annotate(key=Lower("email"), group_size=Window(Count("pk"), partition_by=[Lower("email")]))
        .filter(group_size__gt=1)
        .select_related("member")
        .order_by("key", "pk")[: limit + 1]
    )
    by_name = list(
        Contact.objects.exclude(normalized_name="")
        .annotate(
            group_size=Window(Count("pk"), partition_by=[F("member_id"), F("normalized_name")])
        )
        .filter(group_size__gt=1)
        .select_related("member")
        .order_by("member_id", "normalized_name", "pk")[: limit + 1]
    )
    truncated = len(by_email) > limit or len(by_name) > limit
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    groups = [
        ("same_email", groupby(by_email[:limit], key=lambda c: c.key)),
        ("same_name", groupby(by_name[:limit], key=lambda c: (c.member_id, c.normalized_name))),
    ]
    for flag, grouped in groups:
        for _key, contacts in grouped:
            oldest, *others = contacts
            for other in others:
                pair = pairs.setdefault((oldest.pk, other.pk), DuplicatePair(oldest, other))
                setattr(pair, flag, True)
    ordered = sorted(
        pairs.values(), key=lambda p: (p.first.member.name, p.first.normalized_name, p.second.pk)
    )
    return ordered, truncated


def contacts_named(*, first_name: str, last_name: str, member, exclude_pk=None, limit: int = 5):
    """Contacts at ``member`` with the same folded name: a possible duplicate of a new one."""
    return list(
        Contact.objects.filter(
            member=member, normalized_name=contact_name_key(first_name, last_name)
        )
        .exclude(pk=exclude_pk)
        .select_related("member")[:limit]
    )
