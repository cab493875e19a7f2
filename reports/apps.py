from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core.registry import Panel, register_panel

        from . import views

        # A service's page: the map of the municipalities it covers, under its fields.
        register_panel(
            "services.Service",
            Panel("reports/_service_map.html", views.service_map_panel, order=10, side=True),
        )
