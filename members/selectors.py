from django.db.models import Max, Q

from contracts.models import ContractParty

from .models import Member, PopulationFigure


def member_list():
    return Member.objects.select_related("county")


def member_contract_links(member):
    """The member's contracts, as party, with their service: one query."""
    return (
        ContractParty.objects.filter(member=member)
        .select_related("contract__service")
        .order_by("-contract__start_date", "-contract_id")
    )


def latest_population_year() -> int | None:
    return PopulationFigure.objects.aggregate(year=Max("year"))["year"]


def population_outdated_q() -> Q:
    """Municipalities and regions whose population is older than the newest imported year."""
    latest = latest_population_year()
    if latest is None:
        return Q(pk__in=[])
    return Q(org_type__in=[Member.OrgType.KOMMUN, Member.OrgType.REGION]) & (
        Q(population_year__lt=latest) | Q(population_year__isnull=True)
    )
