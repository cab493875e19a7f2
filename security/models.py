from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """Something that matters for the security of the CRM: a login, a failed login, an export,
    a role change… Written once and never changed; who and from where, with a small detail.

    ``detail`` holds identifiers and counts (a username, a record type, a number of rows),
    never the personal data of the records involved.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        LOCKOUT = "lockout", _("Lockout")
        OTP_ENROLLED = "otp_enrolled", _("Two-factor device added")
        OTP_REMOVED = "otp_removed", _("Two-factor device removed")
        OTP_VERIFIED = "otp_verified", _("Two-factor verification")
        OTP_FAILED = "otp_failed", _("Failed two-factor verification")
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        MERGE = "merge", _("Merge")
        ERASURE = "erasure", _("Erasure")
        ROLE_CHANGE = "role_change", _("Role change")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        FEES_ISSUED = "fees_issued", _("Invoicing basis issued")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text as well: a failed login has no user, and a deleted user keeps its events.
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]
        # Written by the CRM itself, never added, changed or deleted by hand.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["-at", "-id"], name="security_event_at"),
            models.Index(fields=["kind", "-at"], name="security_event_kind_at"),
            models.Index(fields=["username", "-at"], name="security_event_username_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.username or '—'} · {self.at:%Y-%m-%d %H:%M}"
