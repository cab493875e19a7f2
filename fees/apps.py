from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = _("Membership fees")
    # Fees are the administrators' (and, through the "invoice" permission, whoever invoices):
    # the roles share out no permission of this app (core.roles).
    administrators_only = True

    def ready(self):
        from core.registry import Panel, register_panel

        from . import views

        register_panel(
            "members.Member", Panel("fees/_member_fees.html", views.member_fees_panel, order=25)
        )
