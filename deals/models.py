from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date_in_range
from core.models import TrackedModel, tracked_history


class Deal(TrackedModel):
    """Work meant to become a contract, which is not one yet."""

    class Stage(models.TextChoices):
        NEW = "new", _("New")
        QUALIFIED = "qualified", _("Qualified")
        OFFER = "offer", _("Offer")
        NEGOTIATION = "negotiation", _("Negotiation")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    class LossReason(models.TextChoices):
        PRICE = "price", _("Price")
        NO_NEED = "no_need", _("No need")
        COMPETITOR = "competitor", _("Chose another solution")
        TIMING = "timing", _("Timing or budget")
        NO_DECISION = "no_decision", _("No decision")
        OTHER = "other", _("Other")

    OPEN_STAGES = (Stage.NEW, Stage.QUALIFIED, Stage.OFFER, Stage.NEGOTIATION)
    DEFAULT_PROBABILITY = {
        Stage.NEW: 10,
        Stage.QUALIFIED: 25,
        Stage.OFFER: 50,
        Stage.NEGOTIATION: 75,
        Stage.WON: 100,
        Stage.LOST: 0,
    }

    title = models.CharField(_("title"), max_length=200)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="deals"
    )
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deals",
    )
    contacts = models.ManyToManyField(
        "contacts.Contact", verbose_name=_("contacts"), blank=True, related_name="deals"
    )
    lead = models.OneToOneField(
        "leads.Lead",
        verbose_name=_("origin lead"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deal",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NEW)
    probability = models.PositiveSmallIntegerField(_("probability (%)"), default=10)
    value = models.DecimalField(
        _("value (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    expected_close = models.DateField(
        _("expected close"), null=True, blank=True, validators=[validate_date_in_range]
    )
    closed_on = models.DateField(
        _("closed"), null=True, blank=True, validators=[validate_date_in_range]
    )
    lost_reason = models.CharField(
        _("reason for loss"), max_length=20, choices=LossReason.choices, blank=True
    )
    lost_comment = models.TextField(_("comment on the loss"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deals",
    )

    search_fields = ("title",)
    # Changed only through deal_move, deal_win (which drafts the contract), deal_lose and
    # deal_reopen: never in the admin's form, never by restoring an earlier version.
    workflow_fields = ("stage", "closed_on", "lost_reason", "lost_comment")

    history = tracked_history(m2m_fields=[contacts])

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="deal_updated_idx"),
            models.Index(fields=["stage", "owner"], name="deal_stage_owner_idx"),
            # The list filtered by stage, in its default order.
            models.Index(fields=["stage", "-updated_at", "-id"], name="deal_stage_updated_idx"),
            # The list sorted by value, largest first or last.
            models.Index(fields=["value", "id"], name="deal_value_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="deal_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(stage="lost") | ~Q(lost_reason=""),
                name="deal_lost_has_reason",
                violation_error_message=_("A lost deal needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(probability__gte=0) & Q(probability__lte=100),
                name="deal_probability_0_100",
                violation_error_message=_("The probability must be between 0 and 100."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.stage in self.OPEN_STAGES
