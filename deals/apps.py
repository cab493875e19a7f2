from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Deals")

    def ready(self):
        from core.registry import register_record_type

        register_record_type(
            self.get_model("Deal"),
            search_order=40,
            search_related=("member",),
            autocomplete=True,
            notes_subject="deal",
        )
