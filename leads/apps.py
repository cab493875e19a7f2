from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        from core.registry import register_record_type

        register_record_type(
            self.get_model("Lead"),
            search_order=30,
            search_related=("member",),
            autocomplete=True,
            notes_subject="lead",
        )
