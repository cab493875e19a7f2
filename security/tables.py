import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable, DateTimeColumn

from .models import SecurityEvent


class SecurityEventTable(BaseTable):
    at = DateTimeColumn(format="Y-m-d H:i:s")
    detail = tables.Column(orderable=False)

    class Meta(BaseTable.Meta):
        model = SecurityEvent
        fields = ("at", "kind", "username", "ip", "detail")
        order_by = ("-at",)
        empty_text = _("No events.")

    def render_detail(self, value):
        if not value:
            return "—"
        return format_html_join(
            ", ", "{}: {}", ((key, _join(item)) for key, item in sorted(value.items()))
        )


def _join(item):
    return ", ".join(str(v) for v in item) if isinstance(item, list) else item
