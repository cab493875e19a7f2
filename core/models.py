from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TrackedModel(models.Model):
    """Base for every CRM record: when and by whom it was created and last changed.

    The full field-by-field history lives in each model's django-simple-history table;
    these columns make "who touched this last" cheap to show and filter on in lists.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def get_absolute_url(self):
        # Every app names its detail view "<app_label>:detail" (see core.urls.crud_urls).
        return reverse(f"{self._meta.app_label}:detail", args=[self.pk])

    def stamp(self, user):
        """Record ``user`` as the one making the change (and the creator of a new record)."""
        if user is not None and user.is_authenticated:
            if self._state.adding and self.created_by_id is None:
                self.created_by = user
            self.updated_by = user
