from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date_in_range
from core.models import TrackedModel, tracked_history

SUBJECT_FIELDS = ("lead", "deal", "member", "contact", "contract")


class Note(TrackedModel):
    """History (Historik): what happened with a lead, a deal, or another record."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        CALL = "call", _("Phone call")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("Email")

    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    occurred_at = models.DateTimeField(
        _("time"), default=timezone.now, validators=[validate_date_in_range]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="notes",
    )
    lead = models.ForeignKey(
        "leads.Lead",
        verbose_name=_("lead"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes",
        db_index=False,  # note_lead_time_idx leads with it
    )
    deal = models.ForeignKey(
        "deals.Deal",
        verbose_name=_("deal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes",
        db_index=False,  # note_deal_time_idx leads with it
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes",
        db_index=False,  # note_member_time_idx leads with it
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes",
        db_index=False,  # note_contact_time_idx leads with it
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes",
        db_index=False,  # note_contract_time_idx leads with it
    )

    search_fields = ("text",)

    history = tracked_history()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [
            models.Index(fields=["-occurred_at", "-id"], name="note_occurred_idx"),
            # A record's timeline and "latest note" read its notes newest first.
            *(
                models.Index(
                    fields=[subject, "-occurred_at", "-id"], name=f"note_{subject}_time_idx"
                )
                for subject in SUBJECT_FIELDS
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead__isnull=False)
                | Q(deal__isnull=False)
                | Q(member__isnull=False)
                | Q(contact__isnull=False)
                | Q(contract__isnull=False),
                name="note_has_subject",
                violation_error_message=_(
                    "A note must be about a lead, deal, member, contact or contract."
                ),
            ),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M} {self.text[:60]}"

    @property
    def subject(self):
        for name in SUBJECT_FIELDS:
            obj = getattr(self, name)
            if obj is not None:
                return obj
        return None
