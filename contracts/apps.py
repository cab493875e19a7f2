from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from core.registry import register_record_type

        register_record_type(
            self.get_model("Contract"),
            search_order=50,
            search_related=("service",),
            autocomplete=True,
            notes_subject="contract",
        )
