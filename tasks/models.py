import datetime
from itertools import combinations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date_in_range
from core.models import TrackedModel, tracked_history

# What a task may be about: at most one of these (none: a personal task).
SUBJECT_FIELDS = ("member", "contact", "lead", "deal", "contract")


def _subject(name, verbose_name):
    return models.ForeignKey(
        f"{name}s.{name.capitalize()}",
        verbose_name=verbose_name,
        # A task is the plan for its record: it goes with it.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )


class Campaign(TrackedModel):
    """Tasks made together, one per record of a filtered list ("Verifiera efter valet
    2026"): its page shows how far they have come."""

    name = models.CharField(_("name"), max_length=200)

    search_fields = ("name",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tasks:campaign", args=[self.pk])


class Task(TrackedModel):
    """Uppgift: something someone is to do by a date, about one record or none."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    due_time = models.TimeField(_("due time"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    # When the assignee got it (created, or given to them): the digest lists the new ones.
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_reason = models.CharField(_("reason"), max_length=300, blank=True)
    outcome_note = models.ForeignKey(
        "notes.Note",
        verbose_name=_("outcome"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    member = _subject("member", _("member"))
    contact = _subject("contact", _("contact"))
    lead = _subject("lead", _("lead"))
    deal = _subject("deal", _("deal"))
    contract = _subject("contract", _("contract"))
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    # A task the daily rules made: "<rule>:<record type>:<pk>", so that a rule never makes
    # two open tasks for one record (crm_daily).
    rule_key = models.CharField(_("rule"), max_length=100, blank=True, editable=False)

    search_fields = ("title", "description")
    # Changed only through the task's steps (complete, postpone, reassign).
    workflow_fields = ("status", "completed_at", "completed_by", "closed_reason")

    history = tracked_history()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "due_time", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            # "My tasks": one user's open tasks by due date.
            models.Index(fields=["assignee", "status", "due_date"], name="task_assignee_due_idx"),
            models.Index(fields=["status", "due_date"], name="task_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *[
                        ~(Q(**{f"{a}__isnull": False}) & Q(**{f"{b}__isnull": False}))
                        for a, b in combinations(SUBJECT_FIELDS, 2)
                    ]
                ),
                name="task_at_most_one_subject",
                violation_error_message=_(
                    "A task is about at most one member, contact, lead, deal or contract."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="open", completed_at__isnull=True)
                | (Q(status__in=["done", "cancelled"]) & Q(completed_at__isnull=False)),
                name="task_closed_has_time",
                violation_error_message=_("A done or cancelled task has the time it closed."),
            ),
            models.CheckConstraint(
                condition=Q(due_time__isnull=True) | Q(due_date__isnull=False),
                name="task_due_time_has_date",
                violation_error_message=_("A due time needs a due date."),
            ),
            models.UniqueConstraint(
                fields=["rule_key"],
                condition=Q(status="open") & ~Q(rule_key=""),
                name="task_one_open_per_rule",
                violation_error_message=_("This rule already has an open task for the record."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def subject(self):
        for name in SUBJECT_FIELDS:
            obj = getattr(self, name)
            if obj is not None:
                return obj
        return None

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today


class ReminderSettings(models.Model):
    """A user's reminders: the daily digest on or off, and the calendar feed's secret token,
    of which only a hash is kept (the address is shown once, when it is made)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_settings",
    )
    digest = models.BooleanField(_("daily digest by email"), default=True)
    calendar_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    calendar_token_created = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_token_hash"],
                condition=~Q(calendar_token_hash=""),
                name="reminders_one_user_per_token",
            ),
        ]

    def __str__(self):
        return str(self.user)


class DigestSent(models.Model):
    """A daily digest sent: one per user and day, so that a rerun sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    tasks = models.PositiveIntegerField(_("tasks"), default=0)

    class Meta:
        ordering = ["-day", "user"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day"),
        ]

    def __str__(self):
        return f"{self.user} {self.day}"
