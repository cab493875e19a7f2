from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Deals")

    def ready(self):
        from core.registry import Panel, register_panel, register_record_type

        from . import views

        register_record_type(
            self.get_model("Deal"),
            search_order=40,
            search_related=("member",),
            autocomplete=True,
            notes_subject="deal",
        )

        register_panel(
            "members.Member",
            Panel("deals/_member_deals.html", views.member_deals_panel, order=40),
        )
