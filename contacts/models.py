from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date_in_range
from core.fields import LegalBasisField
from core.models import TrackedModel, normalize_search, tracked_history


class Contact(TrackedModel):
    """A person who represents a member."""

    class Role(models.TextChoices):
        ELECTED = "elected", _("Elected representative")
        EMPLOYEE = "employee", _("Employee")

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Förtroendevald or tjänsteperson: an election changes the one, not the other.
    role = models.CharField(
        _("elected or employee"), max_length=20, choices=Role.choices, blank=True
    )
    email = models.EmailField(_("email"), null=True, blank=True, unique=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    last_verified = models.DateField(
        _("last verified"), null=True, blank=True, validators=[validate_date_in_range]
    )
    legal_basis = LegalBasisField()
    # Folded "first last": what duplicate detection groups on, in the database (SQLite's
    # LOWER() folds only ASCII, so the folding is done here, as for ``search_text``).
    normalized_name = models.CharField(max_length=201, editable=False, blank=True, default="")

    search_fields = ("first_name", "last_name", "email", "title", "phone")

    history = tracked_history(excluded_fields=["normalized_name"])

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="contact_name_idx"),
            # "To verify" (start page): counted from the first, listed oldest first from the
            # second without sorting every stale contact.
            models.Index(fields=["is_active", "last_verified"], name="contact_active_verified_idx"),
            models.Index(
                fields=["last_verified", "last_name", "id"],
                condition=Q(is_active=True),
                name="contact_stale_order_idx",
            ),
            models.Index(fields=["member", "normalized_name"], name="contact_member_name_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "normalized_name"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> None:
        # Called by save() and before bulk inserts, so the name key is always filled too.
        super().build_search_text()
        self.normalized_name = contact_name_key(self.first_name, self.last_name)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        if self.email:
            self.email = self.email.strip().lower()


def contact_name_key(first_name: str, last_name: str) -> str:
    """The folded "first last" that two records of the same person share."""
    return normalize_search(f"{first_name} {last_name}")
