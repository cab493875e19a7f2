from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import expressions  # noqa: F401  (registers __any_of)
        from .fulltext import repair_indexes_after_migrate
        from .middleware import mark_session_refreshed
        from .roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core_sync_roles")
        post_migrate.connect(repair_indexes_after_migrate, dispatch_uid="core_repair_fulltext")
        user_logged_in.connect(mark_session_refreshed, dispatch_uid="core_session_refreshed")
