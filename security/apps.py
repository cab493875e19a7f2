from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Security")
    # The security log is for administrators only (core.roles).
    administrators_only = True

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import m2m_changed, pre_save

        from core.signals import records_exported, records_imported

        from . import receivers

        User = get_user_model()
        user_logged_in.connect(receivers.on_logged_in, dispatch_uid="security_login")
        user_logged_out.connect(receivers.on_logged_out, dispatch_uid="security_logout")
        user_login_failed.connect(receivers.on_login_failed, dispatch_uid="security_login_failed")
        user_locked_out.connect(receivers.on_locked_out, dispatch_uid="security_locked_out")
        m2m_changed.connect(
            receivers.on_groups_changed, sender=User.groups.through, dispatch_uid="security_roles"
        )
        pre_save.connect(receivers.on_user_saved, sender=User, dispatch_uid="security_user_flags")
        records_exported.connect(receivers.on_records_exported, dispatch_uid="security_export")
        records_imported.connect(receivers.on_records_imported, dispatch_uid="security_import")
