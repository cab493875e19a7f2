from django.db import transaction
from django.utils import timezone

from .models import Contact


@transaction.atomic
def contact_verify(*, contact: Contact, user) -> Contact:
    """Record that someone confirmed today that the contact's details are still true."""
    contact.last_verified = timezone.localdate()
    contact.stamp(user)
    contact.save(update_fields=["last_verified", "updated_at", "updated_by"])
    return contact
