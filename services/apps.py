from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from core.registry import register_record_type

        register_record_type(
            self.get_model("Service"),
            search_order=60,
        )
