from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date_in_range
from core.models import TrackedModel, tracked_history


class Service(TrackedModel):
    """Anything Sambruk offers members under an agreement: a service (EGIL), a development
    project, or a network with funding commitments (Digidel)."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service")
        PROJECT = "project", _("Development project")
        NETWORK = "network", _("Network")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(
        _("started"), null=True, blank=True, validators=[validate_date_in_range]
    )
    ended_on = models.DateField(
        _("ended"), null=True, blank=True, validators=[validate_date_in_range]
    )

    search_fields = ("name", "description")

    history = tracked_history()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="service_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.name
