import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable

from .models import Lead


class LeadTable(BaseTable):
    name = tables.Column(
        verbose_name=_("name"),
        # "__str__" cannot be an accessor ("__" separates related fields): every name showed "—".
        accessor="first_name",
        order_by=("last_name", "first_name"),
        linkify=lambda record: record.get_absolute_url(),
    )
    member = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Lead
        fields = ("name", "organisation_name", "member", "email", "status", "owner", "created_at")
        secondary = ("organisation_name",)  # the member, where the organisation is one
        order_by = ("-created_at",)

    def render_name(self, record):
        return str(record)
