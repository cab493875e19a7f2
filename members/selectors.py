from contracts.models import ContractParty

from .models import Member


def member_list():
    return Member.objects.select_related("county")


def member_contract_links(member):
    """The member's contracts, as party, with their service: one query."""
    return (
        ContractParty.objects.filter(member=member)
        .select_related("contract__service")
        .order_by("-contract__start_date", "-contract_id")
    )
