from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API (/api/v1/): every record type's list, detail, writes and workflow steps
    for Sambruk's other systems, under the rules of the pages (README, "API").

    It stands on top of the record apps and reads their list and edit views' declarations
    (queryset, filter set, table, form), so that a list filters, searches and sorts as the
    page does and a write is validated by the page's form: one declaration, not two.
    """

    name = "api"
    verbose_name = _("API")
    # Everyone's tokens are managed in the admin by administrators; users see their own on
    # the account page without any permission.
    administrators_only = True

    def ready(self):
        from django.contrib.auth import get_user_model

        from core.registry import Panel, register_panel

        from . import schema  # noqa: F401  (drf-spectacular's extensions register on import)
        from .views import tokens_panel

        register_panel(get_user_model(), Panel("api/_tokens_panel.html", tokens_panel, order=10))
