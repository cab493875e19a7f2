from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TrackedModel, tracked_history

from . import calculation


class FeeSchedule(TrackedModel):
    """The membership fees of one year: population bands and the flat fee of the others."""

    year = models.PositiveSmallIntegerField(_("fee year"), unique=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"),
        help_text=_(
            "The year of the population figures the fees follow. Normally the year before the "
            "fee year: the figure SCB publishes in February of the fee year."
        ),
    )
    other_entry_fee = models.DecimalField(
        _("entry fee, other organisations"), max_digits=10, decimal_places=0
    )
    other_annual_fee = models.DecimalField(
        _("annual fee, other organisations"), max_digits=10, decimal_places=0
    )
    rejoin_entry_share = models.DecimalField(
        _("share of the entry fee on rejoining"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0.50: a member that rejoins pays half the entry fee."),
    )
    prorate_first_year = models.BooleanField(
        _("first year from the month of entry"),
        default=True,
        help_text=_("A member joining during the year pays the annual fee from that month."),
    )
    group_by_population = models.BooleanField(
        _("joint bodies pay by the population they cover"),
        default=True,
        help_text=_(
            "Otherwise a joint body pays the flat fee of the organisations that are not "
            "municipalities or regions."
        ),
    )

    history = tracked_history()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(rejoin_entry_share__gte=0) & Q(rejoin_entry_share__lte=1),
                name="fee_schedule_rejoin_share_0_to_1",
                violation_error_message=_("The share on rejoining is between 0 and 1."),
            ),
        ]

    def __str__(self):
        return str(_("Fees %(year)s") % {"year": self.year})

    def get_absolute_url(self):
        return reverse("fees:basis", args=[self.year])

    def as_schedule(self, bands=None) -> calculation.Schedule:
        """The schedule as the computation takes it (``bands``: already read, if they are)."""
        bands = self.bands.all() if bands is None else bands
        return calculation.Schedule(
            year=self.year,
            population_year=self.population_year,
            bands=tuple(
                calculation.Band(b.lower, b.upper, b.entry_fee, b.annual_fee) for b in bands
            ),
            other_entry_fee=self.other_entry_fee,
            other_annual_fee=self.other_annual_fee,
            rejoin_entry_share=self.rejoin_entry_share,
            prorate_first_year=self.prorate_first_year,
            group_by_population=self.group_by_population,
        )


class FeeBand(models.Model):
    """A population band of a schedule: from ``lower`` (inclusive) to ``upper`` (exclusive)."""

    schedule = models.ForeignKey(
        FeeSchedule, verbose_name=_("fee schedule"), on_delete=models.CASCADE, related_name="bands"
    )
    lower = models.PositiveIntegerField(
        _("population from"), help_text=_("Inclusive: a population of exactly this is in the band.")
    )
    upper = models.PositiveIntegerField(
        _("population up to"),
        null=True,
        blank=True,
        help_text=_(
            "Exclusive: a population of exactly this is in the next band. Empty: no limit."
        ),
    )
    entry_fee = models.DecimalField(_("entry fee"), max_digits=10, decimal_places=0)
    annual_fee = models.DecimalField(_("annual fee"), max_digits=10, decimal_places=0)

    class Meta:
        ordering = ["schedule", "lower"]
        verbose_name = _("population band")
        verbose_name_plural = _("population bands")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "lower"],
                name="fee_band_one_per_lower_bound",
                violation_error_message=_("Two bands of the schedule start at the same figure."),
            ),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gt=models.F("lower")),
                name="fee_band_upper_above_lower",
                violation_error_message=_("A band ends above where it starts."),
            ),
        ]

    def __str__(self):
        return calculation.Band(self.lower, self.upper, self.entry_fee, self.annual_fee).label()


class FeeBasis(models.Model):
    """An issued (fastställt) invoicing basis of a year: one version, never edited.

    A year's basis can be issued again; the new version supersedes the earlier, which is kept.
    """

    year = models.PositiveSmallIntegerField(_("fee year"))
    version = models.PositiveSmallIntegerField(_("version"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("issued invoicing basis")
        verbose_name_plural = _("issued invoicing bases")
        # Issued by the CRM's own step, never added or changed by hand. "invoice": seeing and
        # exporting the basis; "issue": issuing it (administrators hold both, core.roles).
        default_permissions = ("view",)
        permissions = [
            ("invoice", _("Can see and export the invoicing basis")),
            ("issue", _("Can issue the invoicing basis")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                name="fee_basis_one_version_per_year",
                violation_error_message=_("This version of the year is already issued."),
            ),
        ]

    def __str__(self):
        return str(
            _("Invoicing basis %(year)s, version %(version)s")
            % {"year": self.year, "version": self.version}
        )


class FeeLine(models.Model):
    """One member's line of an issued basis, with every input it was computed from."""

    basis = models.ForeignKey(
        FeeBasis, verbose_name=_("invoicing basis"), on_delete=models.CASCADE, related_name="lines"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    # The member as it was
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    address = models.CharField(_("address"), max_length=400, blank=True)
    org_type = models.CharField(_("organisation type"), max_length=30)
    member_since = models.DateField(_("member since"), null=True)
    rejoined = models.BooleanField(_("rejoined"), default=False)
    covered = models.JSONField(_("covered municipalities"), default=list, blank=True)
    # The schedule and the computation
    population = models.PositiveIntegerField(_("population"), null=True)
    population_year = models.PositiveSmallIntegerField(_("population year"))
    band = models.CharField(_("band"), max_length=60, blank=True)
    annual_fee_full = models.DecimalField(
        _("annual fee, full year"), max_digits=10, decimal_places=0, null=True
    )
    months = models.PositiveSmallIntegerField(_("months"))
    annual_fee = models.DecimalField(_("annual fee"), max_digits=10, decimal_places=0, null=True)
    entry_fee = models.DecimalField(_("entry fee"), max_digits=10, decimal_places=0)
    entry = models.CharField(_("entry"), max_length=10, blank=True)
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=0, null=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        ordering = ["basis", "name", "id"]
        verbose_name = _("invoicing line")
        verbose_name_plural = _("invoicing lines")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["basis", "member"],
                name="fee_line_one_per_member",
                violation_error_message=_("A member has one line per basis."),
            ),
        ]
        indexes = [models.Index(fields=["member", "basis"], name="fee_line_member_idx")]

    def __str__(self):
        return f"{self.basis}: {self.name}"
