from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from core.registry import register_record_type

        register_record_type(
            self.get_model("Member"),
            search_order=10,
            search_related=("county",),
            autocomplete=True,
            notes_subject="member",
        )
