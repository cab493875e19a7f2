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
    return (
        Member.objects.filter(in_force_q("contracts__", today), contracts__service=service)
        .select_related("county")
        .distinct()
        .order_by("name")
    )
