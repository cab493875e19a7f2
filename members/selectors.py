from django.db.models import Exists, Q, Subquery

from .models import Member, PopulationFigure


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
