from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in

        from . import expressions  # noqa: F401  (registers __any_of)
        from .display import person_name
        from .fulltext import repair_indexes_after_migrate
        from .middleware import mark_session_refreshed
        from .roles import sync_roles_after_migrate

        # People are shown by name everywhere (a deal's owner, who changed a record, a user
        # to choose in a form): Django's user is its user name, "margit.falk".
        get_user_model().__str__ = person_name
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core_sync_roles")
        post_migrate.connect(repair_indexes_after_migrate, dispatch_uid="core_repair_fulltext")
        user_logged_in.connect(mark_session_refreshed, dispatch_uid="core_session_refreshed")
