from contracts.models import ContractParty
from contracts.selectors import in_force_q
from members.models import Member

from .models import Service


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
