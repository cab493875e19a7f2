from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts")

    def ready(self):
        from core.registry import Panel, register_panel, register_record_type

        from . import views

        register_record_type(
            self.get_model("Contact"),
            search_order=20,
            search_related=("member",),
            autocomplete=True,
            notes_subject="contact",
        )

        register_panel(
            "members.Member",
            Panel("contacts/_member_contacts.html", views.member_contacts_panel, order=10),
        )
