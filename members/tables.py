import django_tables2 as tables

from core.tables import BaseTable

from .models import Member


class MemberTable(BaseTable):
    name = tables.Column(linkify=True)
    county = tables.Column(order_by=("county__code",))
    population = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Member
        fields = (
            "name",
            "org_type",
            "status",
            "kommunkod",
            "county",
            "population",
            "member_since",
            "last_verified",
            "responsible",
        )
        # Shown on a wide screen; a filter (and the export) on any.
        secondary = ("responsible",)
        order_by = ("name",)

    def render_population(self, value):
        return f"{value:,}".replace(",", "\u00a0")

    def value_population(self, value):
        return value  # exports: a number a spreadsheet can sum, not the spaced text
