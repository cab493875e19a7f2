from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, contact_name_key
from core.models import normalize_search

from .models import Lead

OPEN_STATUSES = (Lead.Status.NEW, Lead.Status.CONTACTED, Lead.Status.QUALIFIED)


def lead_possible_duplicates(
    *,
    first_name: str,
    last_name: str = "",
    email: str = "",
    member=None,
    organisation_name: str = "",
    exclude_pk=None,
    limit: int = 5,
) -> list[tuple]:
    """Leads and contacts that may be the person of a lead being saved, with why:
    the same email, or the same name at the same member or organisation. Two queries."""
    name_key = contact_name_key(first_name, last_name)
    organisation = normalize_search(organisation_name)
    email = (email or "").strip().lower()
    found = []

    # Leads: candidates by email or by every word of the name (folded search text), then
    # the exact comparison here.
    by_name = Q()
    for word in name_key.split():
        by_name &= Q(search_text__contains=word)
    wanted = Q(email__iexact=email) if email else Q(pk__in=[])
    if name_key and (member or organisation):
        wanted |= by_name
    leads = Lead.objects.filter(wanted).exclude(pk=exclude_pk).select_related("member")
    for lead in leads[: limit * 4]:
        if email and lead.email.lower() == email:
            found.append((lead, _("same email")))
        elif contact_name_key(lead.first_name, lead.last_name) == name_key and (
            (member is not None and lead.member_id == member.pk)
            or (organisation and normalize_search(lead.organisation_name) == organisation)
        ):
            found.append((lead, _("same name and organisation")))

    # Contacts: the same email, or the same name at the member.
    wanted = Q(email=email) if email else Q(pk__in=[])
    if member is not None and name_key:
        wanted |= Q(member=member, normalized_name=name_key)
    for contact in Contact.objects.filter(wanted).select_related("member")[:limit]:
        reason = _("same email") if email and contact.email == email else _("same name and member")
        found.append((contact, reason))
    return found[:limit]
