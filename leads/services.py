from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.models import Contact

from .models import Lead


def lead_existing_contact(lead: Lead) -> Contact | None:
    """The contact that already has this lead's email, if any: offered instead of a duplicate."""
    if not lead.email:
        return None
    return Contact.objects.select_related("member").filter(email__iexact=lead.email).first()


@transaction.atomic
def lead_disqualify(*, lead: Lead, user, reason: str) -> Lead:
    """Close a lead that will not lead anywhere, saying why."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.status == Lead.Status.CONVERTED:
        raise ValidationError(_("A converted lead cannot be disqualified."), code="converted")
    if not reason.strip():
        raise ValidationError(_("Say why the lead is disqualified."), code="reason")
    lead.status = Lead.Status.DISQUALIFIED
    lead.disqualified_reason = reason.strip()
    lead.stamp(user)
    lead.save()
    return lead
