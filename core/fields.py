"""Fields shared by record types of several apps.

The legal basis of a person's record (GDPR article 6) is a field on contacts and leads alike;
the privacy app reads and erases those records, and an erasure is a security event."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    """Why the CRM may hold a person's data: the lawful bases of GDPR article 6(1)."""

    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    CONSENT = "consent", _("Consent")
    CONTRACT = "contract", _("Performance of a contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    PUBLIC_TASK = "public_task", _("Public task")


class LegalBasisField(models.CharField):
    """The legal basis of a person's record (a contact, a lead).

    A form that does not post it (the CRM's, the admin's, one opened before the field
    existed) keeps the stored basis, the default for a new record, instead of refusing the
    save; a form that posts an empty value is refused as usual.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("legal basis"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("choices", LegalBasis.choices)
        kwargs.setdefault("default", LegalBasis.LEGITIMATE_INTEREST)
        kwargs.setdefault(
            "help_text", _("Why the CRM may hold this person's data (GDPR article 6).")
        )
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        # Left out of a submission, the model's default (or stored value) stays: see
        # django.forms.models.construct_instance.
        field.required = False
        return field
