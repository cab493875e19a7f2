from django.db.models import Count, Exists, OuterRef, Q, Subquery

from .models import Coverage, Member, PopulationFigure, coverage_in_force_q


def member_list():
    return Member.objects.select_related("county", "responsible")


def population_outdated_q() -> Q:
    """Municipalities and regions whose population is older than the newest imported year
    (none before the first import). The newest year is a subquery: one query in all."""
    figures = PopulationFigure.objects.order_by()
    latest = Subquery(figures.order_by("-year").values("year")[:1])
    return (
        Q(Exists(figures))
        & Q(org_type__in=[Member.OrgType.KOMMUN, Member.OrgType.REGION])
        & (Q(population_year__lt=latest) | Q(population_year__isnull=True))
    )


def members_at_a_glance(day) -> dict:
    """For the start page, in one query: how many municipalities there are, how many are
    members, how many more are covered through a joint body that is (each once), and how
    many municipalities and regions have an outdated population (population_outdated_q)."""
    municipality = Q(org_type=Member.OrgType.KOMMUN)
    is_member = Q(status=Member.Status.MEMBER)
    through_body = Exists(
        Coverage.objects.filter(
            coverage_in_force_q(day), body__status=Member.Status.MEMBER, municipality=OuterRef("pk")
        )
    )
    return Member.objects.aggregate(
        municipalities=Count("pk", filter=municipality),
        members=Count("pk", filter=municipality & is_member),
        via_bodies=Count("pk", filter=municipality & ~is_member & Q(through_body)),
        population_outdated=Count("pk", filter=population_outdated_q()),
    )


def coverages_through_members(day):
    """The coverages in force on ``day`` through which a municipality that is not a member
    itself is covered: its joint body is a member. A municipality covered by two bodies has
    two rows (count municipalities, not rows)."""
    return (
        Coverage.objects.filter(coverage_in_force_q(day), body__status=Member.Status.MEMBER)
        .exclude(municipality__status=Member.Status.MEMBER)
        .select_related("body", "municipality")
        .order_by("municipality__name", "body__name")
    )


def member_coverages(member):
    """The coverages of a member's page: those it holds as a joint body and those that cover
    it as a municipality, with the other side of each. One query."""
    return (
        Coverage.objects.filter(Q(body=member) | Q(municipality=member))
        .select_related("body", "municipality")
        .order_by("municipality__name", "body__name", "start")
    )


def has_coverage():
    """An annotation: whether the member covers municipalities or is covered by a body."""
    return Exists(Coverage.objects.filter(Q(body=OuterRef("pk")) | Q(municipality=OuterRef("pk"))))
