import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable

from .models import Service


class ServiceTable(BaseTable):
    name = tables.Column(linkify=True)
    contract_count = tables.Column(verbose_name=_("contracts"), attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Service
        fields = ("name", "kind", "status", "started_on", "ended_on", "contract_count")
        order_by = ("name",)
