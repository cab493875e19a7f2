import django_tables2 as tables

from core.tables import AmountColumn, BaseTable

from .models import Deal


class DealTable(BaseTable):
    title = tables.Column(linkify=True)
    member = tables.Column(linkify=True)
    service = tables.Column(linkify=True)
    value = AmountColumn()

    class Meta(BaseTable.Meta):
        model = Deal
        fields = (
            "title",
            "member",
            "service",
            "stage",
            "probability",
            "value",
            "expected_close",
            "owner",
            "updated_at",
        )
        secondary = ("probability", "updated_at")
        order_by = ("-updated_at",)
