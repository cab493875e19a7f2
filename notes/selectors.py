from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from contacts.models import Contact
from contracts.models import ContractParty
from deals.models import Deal
from leads.models import Lead
from leads.selectors import OPEN_STATUSES

from .models import Note


def notes_about(q: Q, limit: int | None = None):
    """Notes matching ``q``, newest first, with what each row shows fetched in one query."""
    queryset = (
        Note.objects.filter(q)
        .select_related("author", "lead", "deal", "member", "contact", "contract")
        .order_by("-occurred_at", "-id")
    )
    return queryset[:limit] if limit else queryset


def timeline_q(subject_field: str, subject) -> Q:
    """What belongs on a record's history timeline.

    A deal's timeline includes the notes made on its lead before conversion, a contact's the
    notes on the leads it came from, and a member's the notes on its deals, contacts and
    contracts: shown where they belong, never copied.
    """
    q = Q(**{subject_field: subject})
    if subject_field == "deal" and subject.lead_id:
        q |= Q(lead_id=subject.lead_id)
    elif subject_field == "contact":
        # A subquery, not a join: each side of the OR can then use its own index.
        q |= Q(lead__any_of=Lead.objects.filter(converted_contact=subject).values("pk"))
    elif subject_field == "member":
        # Subqueries rather than joins: a note appears once however many parties its
        # contract has.
        q |= (
            Q(deal__any_of=Deal.objects.filter(member=subject).values("pk"))
            | Q(contact__any_of=Contact.objects.filter(member=subject).values("pk"))
            | Q(contract__any_of=ContractParty.objects.filter(member=subject).values("contract_id"))
        )
    return q


# --- Records nobody has followed up: no recent note -----------------------------------------


def stale_deals_q(days: int = 30) -> Q:
    """Open deals with no note in ``days`` days (or never, and older than that)."""
    since = timezone.now() - timedelta(days=days)
    recent_note = Note.objects.filter(deal=OuterRef("pk"), occurred_at__gte=since)
    return Q(stage__in=Deal.OPEN_STAGES, created_at__lt=since) & ~Q(Exists(recent_note))


def stale_leads_q(days: int = 14) -> Q:
    """Open leads nobody has followed up (no note) in ``days`` days."""
    since = timezone.now() - timedelta(days=days)
    recent_note = Note.objects.filter(lead=OuterRef("pk"), occurred_at__gte=since)
    return Q(status__in=OPEN_STATUSES, created_at__lt=since) & ~Q(Exists(recent_note))
