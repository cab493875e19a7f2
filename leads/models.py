from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import LegalBasisField
from core.models import TrackedModel, tracked_history


class Lead(TrackedModel):
    """A person who may be a way in to a future deal.

    Once converted the lead points to the contact it became; the deal it became points back
    to the lead (Deal.lead), so each relation is stored once.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        QUALIFIED = "qualified", _("Qualified")
        CONVERTED = "converted", _("Converted")
        DISQUALIFIED = "disqualified", _("Disqualified")

    # What the lead's form may set; converting and disqualifying are workflows of their own.
    OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.QUALIFIED)

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation_name = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The organisation as the person gave it, when it is not yet a member record."),
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
    )
    converted_contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("converted to contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
    )
    converted_at = models.DateTimeField(_("converted"), null=True, blank=True)
    disqualified_reason = models.TextField(_("reason for disqualification"), blank=True)
    legal_basis = LegalBasisField()

    search_fields = ("first_name", "last_name", "email", "organisation_name")
    # Changed only through lead_convert and lead_disqualify: never in the admin's form, never
    # by restoring an earlier version.
    workflow_fields = ("status", "converted_contact", "converted_at", "disqualified_reason")

    history = tracked_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="lead_created_idx"),
            models.Index(fields=["status", "owner"], name="lead_status_owner_idx"),
            # The list filtered by status, in its default order.
            models.Index(fields=["status", "-created_at", "-id"], name="lead_status_created_idx"),
            # The list sorted by organisation: read in order, not 30,000 rows sorted.
            models.Index(fields=["organisation_name", "id"], name="lead_organisation_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="disqualified") | ~Q(disqualified_reason=""),
                name="lead_disqualified_has_reason",
                violation_error_message=_("A disqualified lead needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status="converted") | Q(converted_contact__isnull=False),
                name="lead_converted_has_contact",
                violation_error_message=_("A converted lead must link to the contact it became."),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_closed(self):
        """Converted and disqualified leads are kept as history, no longer edited as leads."""
        return self.status not in self.OPEN_STATUSES
