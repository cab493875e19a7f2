import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import AmountColumn, BaseTable

from .models import Contract


class ContractTable(BaseTable):
    title = tables.Column(linkify=True)
    service = tables.Column(linkify=True)
    # Not "parties": an import reads that column as the parties themselves.
    party_count = tables.Column(
        verbose_name=_("number of parties"), attrs={"td": {"class": "text-end"}}
    )
    value = AmountColumn()
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = Contract
        fields = (
            "number",
            "title",
            "service",
            "status",
            "start_date",
            "end_date",
            "value",
            "party_count",
            "responsible",
        )
        # Shown on a wide screen; a filter (and the export) on any.
        secondary = ("responsible",)
        order_by = ("-start_date",)

    def render_status(self, record):
        return record.get_effective_status_display()
