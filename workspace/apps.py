from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The pages that span every record type: the start page, the global search, the notes
    timeline on every record's page, and the demo data (``seed_demo``).

    Listed after the record apps in INSTALLED_APPS: its ``ready()`` reads what they
    registered in theirs.
    """

    name = "workspace"
    verbose_name = _("Workspace")

    def ready(self):
        from core.registry import Panel, record_types, register_panel
        from notes.models import SUBJECT_FIELDS, Note

        from .panels import notes_timeline

        for record_type in record_types():
            subject = record_type.notes_subject
            if not subject:
                continue
            if (
                subject not in SUBJECT_FIELDS
                or Note._meta.get_field(subject).related_model is not record_type.model
            ):
                raise ImproperlyConfigured(
                    f"{record_type.label}: notes refer to it by no field {subject!r}."
                )
            register_panel(
                record_type.label,
                Panel("notes/_panel.html", notes_timeline(subject), order=0, side=True),
            )
