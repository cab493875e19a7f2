from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from core.registry import Panel, register_panel, register_record_type

        from . import views

        register_record_type(
            self.get_model("Contract"),
            search_order=50,
            search_related=("service",),
            autocomplete=True,
            notes_subject="contract",
        )

        register_panel(
            "members.Member",
            Panel("contracts/_member_services.html", views.member_services_panel, order=20),
        )
        register_panel(
            "members.Member",
            Panel("contracts/_member_contracts.html", views.member_contracts_panel, order=30),
        )
