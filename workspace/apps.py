from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The pages that span every record type: the start page, the global search, the notes
    timeline on every record's page, and the demo data (``seed_demo``)."""

    name = "workspace"
    verbose_name = _("Workspace")
