from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    """A personal API token (django-rest-knox): only a hash of it is stored; the token itself
    is shown once, when it is created. It carries its user's permissions, capped at
    ``role``, and ends at ``expiry`` if one was chosen."""

    class Role(models.TextChoices):
        READER = "reader", _("Reader")
        EDITOR = "editor", _("Case officer")
        ADMINISTRATOR = "administrator", _("Administrator")

    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READER)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.user})"
