from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Contact
from deals.models import Deal
from members.models import Member

from .models import Lead


@dataclass
class ConversionResult:
    lead: Lead
    contact: Contact
    deal: Deal
    contact_created: bool
    member_created: bool


def lead_existing_contact(lead: Lead) -> Contact | None:
    """The contact that already has this lead's email, if any: offered instead of a duplicate."""
    if not lead.email:
        return None
    return Contact.objects.select_related("member").filter(email__iexact=lead.email).first()


@transaction.atomic
def lead_convert(
    *,
    lead: Lead,
    user,
    member: Member | None = None,
    new_member_name: str = "",
    new_member_type: str = Member.OrgType.OVRIGA,
    existing_contact: Contact | None = None,
    service=None,
    deal_title: str = "",
) -> ConversionResult:
    """Turn a lead into a contact at a member and a deal with that member.

    The member is one picked by the user or a new organisation created here. The lead keeps
    its notes; they show on the deal's and the contact's timelines through the links.
    """
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.status == Lead.Status.CONVERTED:
        raise ValidationError(_("This lead has already been converted."), code="converted")
    if lead.status == Lead.Status.DISQUALIFIED:
        raise ValidationError(_("A disqualified lead cannot be converted."), code="disqualified")

    member_created = False
    if existing_contact is not None:
        member = existing_contact.member
    elif member is None:
        if not new_member_name.strip():
            raise ValidationError(
                _("Pick the member the person represents, or name a new organisation."),
                code="member",
            )
        member = Member(name=new_member_name.strip(), org_type=new_member_type)
        member.stamp(user)
        member.full_clean()
        member.save()
        member_created = True

    contact = existing_contact
    if contact is None:
        contact = Contact(
            member=member,
            first_name=lead.first_name,
            last_name=lead.last_name or "—",
            title=lead.title,
            email=lead.email.lower() or None,
            phone=lead.phone,
            legal_basis=lead.legal_basis,
        )
        contact.stamp(user)
        contact.full_clean()
        contact.save()

    deal = Deal(
        title=deal_title.strip()
        or _("%(member)s: %(service)s") % {"member": member, "service": service or lead},
        member=member,
        service=service,
        lead=lead,
        owner=lead.owner or user,
        stage=Deal.Stage.QUALIFIED,
        probability=Deal.DEFAULT_PROBABILITY[Deal.Stage.QUALIFIED],
    )
    deal.stamp(user)
    deal.full_clean()
    deal.save()
    deal.contacts.add(contact)

    lead.status = Lead.Status.CONVERTED
    lead.converted_contact = contact
    lead.converted_at = timezone.now()
    if lead.member_id is None:
        lead.member = member
    lead.stamp(user)
    lead.save()
    return ConversionResult(lead, contact, deal, existing_contact is None, member_created)


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
