from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = _("Notes")

    def ready(self):
        from core.registry import register_record_type

        register_record_type(
            self.get_model("Note"),
            search_order=70,
            search_related=("author", "member"),
        )
