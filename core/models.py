import datetime
import functools
import re

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def normalize_search(text: str) -> str:
    """Lower-case (Unicode-aware, so Å matches å) with whitespace folded.

    SQLite's LIKE and LOWER() only fold ASCII; storing and querying the folded text gives
    the same Swedish-aware, case-insensitive matching on SQLite and PostgreSQL.
    """
    # Control characters (a NUL byte) are in no stored text and break a full-text query.
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(text)).split()).casefold()


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the CRM's time zone, for date ranges on datetime columns.

    ``occurred_at >= day_start(d)`` can use an index; ``occurred_at__date >= d`` converts
    every row first and scans the whole table.
    """
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def tracked_history(excluded_fields=(), **kwargs) -> HistoricalRecords:
    """Change history for a CRM model, without the derived search column (nor the other
    derived columns named in ``excluded_fields``)."""
    return HistoricalRecords(excluded_fields=["search_text", *excluded_fields], **kwargs)


# A stand-in key no record has, replaced by the real one: reverse() resolves the pattern
# anew for each call, and a page of lists and related records links to hundreds of records.
_KEY = 987654321987654321


@functools.cache
def _detail_url_parts(app_label: str, script_prefix: str, urlconf: str) -> tuple[str, str]:
    before, after = reverse(f"{app_label}:detail", args=[_KEY], urlconf=urlconf).split(str(_KEY))
    return before, after


def detail_url(app_label: str, pk) -> str:
    """The URL of a record's page, as reverse() gives it, worked out once per record type
    (and URL configuration and script prefix, which a deployment or a test may set)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _detail_url_parts(app_label, get_script_prefix(), urlconf)
    return f"{before}{int(pk)}{after}"


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
    # Folded copy of the fields named in ``search_fields``: what the free-text search reads.
    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Every app names its detail view "<app_label>:detail" (see core.routing.crud_urls).
        return detail_url(self._meta.app_label, self.pk)

    def build_search_text(self) -> None:
        """Refresh ``search_text``; bulk inserts call this since they bypass ``save()``."""
        values = (getattr(self, name) for name in self.search_fields)
        self.search_text = normalize_search(" ".join(str(v) for v in values if v))

    def get_edit_url(self):
        return reverse(f"{self._meta.app_label}:edit", args=[self.pk])

    def stamp(self, user):
        """Record ``user`` as the one making the change (and the creator of a new record)."""
        if user is not None and user.is_authenticated:
            if self._state.adding and self.created_by_id is None:
                self.created_by = user
            self.updated_by = user
            # Names the user in the change history also outside a request (services, commands).
            self._history_user = user
