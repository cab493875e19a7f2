from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import validate_date_in_range
from core.models import TrackedModel, tracked_history

from .validators import validate_kommunkod, validate_org_number

# Lets check constraints say "field__length=N" on every database.
models.CharField.register_lookup(Length)


class County(models.Model):
    """A Swedish county (län), identified by its two-digit länskod."""

    code = models.CharField(_("county code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class Member(TrackedModel):
    """An organisation: every Swedish municipality and region, members or not, and the
    companies, authorities and associations that Sambruk signs agreements with."""

    class OrgType(models.TextChoices):
        KOMMUN = "kommun", _("Municipality")
        REGION = "region", _("Region")
        FORBUND = "forbund", _("Federation")
        NAMND = "namnd", _("Joint committee")
        MYNDIGHET = "myndighet", _("Government agency")
        FORETAG = "foretag", _("Company")
        STIFTELSE = "stiftelse", _("Foundation")
        FORLAG = "forlag", _("Publisher")
        IT_LEVERANTOR = "it_leverantor", _("IT supplier")
        SAMVERKANSORGANISATION = "samverkansorganisation", _("Cooperation organisation")
        KOMMUNALFORBUND = "kommunalforbund", _("Municipal federation")
        OVRIGA = "ovriga", _("Other")

    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        NOT_MEMBER = "not_member", _("Not a member")
        FORMER_MEMBER = "former_member", _("Former member")

    name = models.CharField(_("name"), max_length=200)
    org_type = models.CharField(_("organisation type"), max_length=30, choices=OrgType.choices)
    status = models.CharField(
        _("membership status"), max_length=20, choices=Status.choices, default=Status.NOT_MEMBER
    )
    member_since = models.DateField(
        _("member since"), null=True, blank=True, validators=[validate_date_in_range]
    )
    member_until = models.DateField(
        _("member until"), null=True, blank=True, validators=[validate_date_in_range]
    )
    kommunkod = models.CharField(
        _("municipality code"),
        max_length=4,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_kommunkod],
        help_text=_("Four digits, for example 0180 for Stockholm."),
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_org_number],
        help_text=_("NNNNNN-NNNN"),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    last_verified = models.DateField(
        _("last verified"), null=True, blank=True, validators=[validate_date_in_range]
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible case officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for_members",
    )
    # A joint body's membership on behalf of municipalities ("omfattar"), with dates.
    covers = models.ManyToManyField(
        "self",
        through="Coverage",
        through_fields=("body", "municipality"),
        symmetrical=False,
        related_name="covered_through",
        blank=True,
        verbose_name=_("covers"),
    )

    search_fields = ("name", "kommunkod", "org_number", "city")
    # Changed only through a recorded decision (members.services.member_change_status): never
    # in the admin's form, never by restoring an earlier version.
    workflow_fields = ("status", "member_since", "member_until")

    history = tracked_history()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [
            models.Index(fields=["name", "id"], name="member_name_idx"),
            models.Index(fields=["status", "org_type"], name="member_status_type_idx"),
            models.Index(fields=["population"], name="member_population_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["county"],
                condition=Q(org_type="region"),
                name="member_one_region_per_county",
                violation_error_message=_("This county already has a region."),
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gte=0),
                name="member_population_not_negative",
                violation_error_message=_("Population cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_year__isnull=False),
                name="member_population_has_year",
                violation_error_message=_("A population figure needs its year."),
            ),
            models.CheckConstraint(
                condition=Q(kommunkod__isnull=True) | Q(kommunkod__length=4),
                name="member_kommunkod_four_digits",
                violation_error_message=_("A municipality code is four digits."),
            ),
            models.CheckConstraint(
                condition=Q(org_number__isnull=True) | Q(org_number__length=11),
                name="member_org_number_format",
                violation_error_message=_("Enter the organisation number as NNNNNN-NNNN."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def org_type_label(self):
        """As get_org_type_display(), which rebuilds the choices for every call: this one is
        for pages that list hundreds of members."""
        return self.OrgType(self.org_type).label

    @property
    def is_member(self):
        return self.status == self.Status.MEMBER

    @property
    def is_joint_body(self):
        return self.org_type in JOINT_BODY_TYPES


# The organisation types through which municipalities can be members of Sambruk together
# (förbund, gemensam nämnd, kommunalförbund): they list the municipalities they cover.
JOINT_BODY_TYPES = (
    Member.OrgType.FORBUND,
    Member.OrgType.NAMND,
    Member.OrgType.KOMMUNALFORBUND,
)


def coverage_in_force_q(day, prefix: str = "") -> Q:
    """Coverages in force on ``day`` (``prefix``: the path to the Coverage, "coverages__")."""
    return (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": day})) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    )


class Coverage(models.Model):
    """A joint body is a member for a municipality ("omfattar"), from ``start`` to ``end``
    (either open). The municipality counts as covered through the body while the body is a
    member; a joint body's fee follows the population it covers."""

    body = models.ForeignKey(
        Member,
        verbose_name=_("joint body"),
        on_delete=models.CASCADE,
        related_name="coverages",
        limit_choices_to={"org_type__in": JOINT_BODY_TYPES},
    )
    municipality = models.ForeignKey(
        Member,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="covered_by",
        limit_choices_to={"org_type": Member.OrgType.KOMMUN},
    )
    start = models.DateField(_("from"), null=True, blank=True, validators=[validate_date_in_range])
    end = models.DateField(_("until"), null=True, blank=True, validators=[validate_date_in_range])

    class Meta:
        ordering = ["body", "municipality__name", "start"]
        verbose_name = _("covered municipality")
        verbose_name_plural = _("covered municipalities")
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=models.F("municipality")),
                name="coverage_not_itself",
                violation_error_message=_("A body cannot cover itself."),
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="coverage_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.UniqueConstraint(
                fields=["body", "municipality", "start"],
                name="coverage_one_per_start",
                violation_error_message=_("The body already covers this municipality from then."),
            ),
        ]

    def __str__(self):
        return f"{self.body} → {self.municipality}"

    def clean(self):
        errors = {}
        if self.body_id and not self.body.is_joint_body:
            errors["body"] = _(
                "Only a federation, joint committee or municipal federation covers municipalities."
            )
        if self.municipality_id and self.municipality.org_type != Member.OrgType.KOMMUN:
            errors["municipality"] = _("A joint body covers municipalities.")
        if errors:
            raise ValidationError(errors)


class PopulationFigure(models.Model):
    """Population on 31 December of ``year``, as published by SCB. Every imported year is kept."""

    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="population_figures",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-year"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="population_one_per_member_and_year",
                violation_error_message=_("This member already has a figure for that year."),
            ),
            models.CheckConstraint(
                condition=Q(population__gte=0),
                name="population_figure_not_negative",
                violation_error_message=_("Population cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.year}: {self.population}"


class MembershipChange(models.Model):
    """A decision that changed a member's status: when, what was decided, and by whom."""

    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="membership_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Member.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Member.Status.choices)
    date = models.DateField(_("date"), validators=[validate_date_in_range])
    decision = models.CharField(
        _("decision"),
        max_length=300,
        help_text=_("For example “styrelsebeslut 2026-03-12”."),
    )
    created_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["member", "-date", "-id"]
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")

    def __str__(self):
        return f"{self.member}: {self.get_to_status_display()} {self.date:%Y-%m-%d}"
