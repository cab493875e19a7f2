from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import validate_date_in_range
from core.models import TrackedModel, tracked_history

from .validators import validate_contract_document


class Contract(TrackedModel):
    """A written agreement between Sambruk and one or more parties (members or not)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        TERMINATED = "terminated", _("Terminated")

    number = models.CharField(
        _("contract number"), max_length=50, unique=True, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    value = models.DecimalField(
        _("value (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    origin_deal = models.OneToOneField(
        "deals.Deal",
        verbose_name=_("origin deal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract",
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
    )
    signed_on = models.DateField(
        _("signed"), null=True, blank=True, validators=[validate_date_in_range]
    )
    document = models.FileField(
        _("signed document"),
        upload_to="contracts/%Y/",
        blank=True,
        validators=[validate_contract_document],
        help_text=_("PDF, at most 10 MB."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible case officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for_contracts",
    )
    parties = models.ManyToManyField(
        "members.Member",
        through="ContractParty",
        related_name="contracts",
        verbose_name=_("parties"),
    )

    search_fields = ("number", "title")

    history = tracked_history()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="contract_start_idx"),
            models.Index(fields=["status", "end_date"], name="contract_status_end_idx"),
            models.Index(fields=["end_date"], name="contract_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="contract_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="contract_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def effective_status(self, today=None):
        """The status as it is today: an active contract past its end date has ended even if
        nobody changed it."""
        today = today or timezone.localdate()
        if self.status == self.Status.ACTIVE and self.end_date and self.end_date < today:
            return self.Status.ENDED
        return self.Status(self.status)

    def get_effective_status_display(self):
        return self.effective_status().label

    @property
    def is_overdue(self):
        """Marked active but past its end date: someone should end or renew it."""
        return self.status == self.Status.ACTIVE and self.effective_status() == self.Status.ENDED


class ContractParty(models.Model):
    """A member's part in a contract: its role and when it signed."""

    class Role(models.TextChoices):
        PARTY = "party", _("Party")
        LEAD_PARTY = "lead_party", _("Lead party")
        FUNDER = "funder", _("Funder")
        SUPPLIER = "supplier", _("Supplier")

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="party_links"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="contract_links",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTY)
    signed_on = models.DateField(
        _("signed"), null=True, blank=True, validators=[validate_date_in_range]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "id"]
        verbose_name = _("contract party")
        verbose_name_plural = _("contract parties")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "member"],
                name="contract_party_once",
                violation_error_message=_("This member is already a party to the contract."),
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.contract}"

    def get_absolute_url(self):
        # A party has no page of its own; its contract's page lists it.
        return self.contract.get_absolute_url()
