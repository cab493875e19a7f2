from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Member
from services.models import Service

from .models import Contract, ContractParty


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


def overdue_q(today=None) -> Q:
    """Marked active but past the end date: shown as ended, waiting for someone to act."""
    today = today or timezone.localdate()
    return Q(status=Contract.Status.ACTIVE, end_date__lt=today)


def effective_status_q(statuses, today=None) -> Q:
    """Contracts whose status as shown (Contract.effective_status) is one of ``statuses``."""
    q = Q(pk__in=[])
    for status in statuses:
        if status == Contract.Status.ACTIVE:
            q |= Q(status=status) & ~overdue_q(today)
        elif status == Contract.Status.ENDED:
            q |= Q(status=status) | overdue_q(today)
        else:
            q |= Q(status=status)
    return q


def party_count():
    """The number of parties of each contract, as an annotation evaluated per row shown."""
    return Coalesce(
        Subquery(
            ContractParty.objects.filter(contract=OuterRef("pk"))
            .order_by()
            .values("contract")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


# --- Who uses what: derived from the contracts in force, never stored --------------------------


def services_used_by(member, today=None):
    """The services a member uses: derived from its contracts in force, never stored."""
    return (
        Service.objects.filter(in_force_q("contracts__", today), contracts__parties=member)
        .distinct()
        .order_by("name")
    )


def members_using(service, today=None):
    """The members that use a service: parties to its contracts in force."""
    # A subquery rather than a join: each member once without DISTINCT over the joined rows.
    parties = ContractParty.objects.filter(
        in_force_q("contract__", today), contract__service=service
    )
    return (
        Member.objects.filter(pk__in=parties.values("member_id"))
        .select_related("county")
        .order_by("name")
    )


def member_contract_links(member):
    """The member's contracts, as party, with their service: one query."""
    return (
        ContractParty.objects.filter(member=member)
        .select_related("contract__service")
        .order_by("-contract__start_date", "-contract_id")
    )
