from django.db.models import Count, Sum

from .models import Deal

BOARD_CARDS_PER_STAGE = 50


def deal_board(*, owner=None, per_stage: int = BOARD_CARDS_PER_STAGE):
    """[(stage, label, count, total value, cards)] for the open stages, newest changes first.

    A column shows at most ``per_stage`` cards; the count and total cover all of them.
    """
    open_deals = Deal.objects.filter(stage__in=Deal.OPEN_STAGES)
    if owner is not None:
        open_deals = open_deals.filter(owner=owner)
    totals = {
        row["stage"]: row
        for row in open_deals.values("stage").annotate(count=Count("id"), value=Sum("value"))
    }
    columns = []
    for stage in Deal.OPEN_STAGES:
        cards = list(
            open_deals.filter(stage=stage)
            .select_related("member", "service")
            .order_by("-updated_at", "-id")[:per_stage]
        )
        total = totals.get(stage, {})
        columns.append((stage, stage.label, total.get("count", 0), total.get("value") or 0, cards))
    return columns
