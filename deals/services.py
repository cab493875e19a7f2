from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Contact
from leads.models import Lead
from members.models import Member

from .models import Deal


def _locked(deal: Deal) -> Deal:
    return (
        Deal.objects.select_for_update(of=("self",))
        .select_related("member", "service")
        .get(pk=deal.pk)
    )


@transaction.atomic
def deal_move(*, deal: Deal, user, stage: str) -> Deal:
    """Move an open deal to another open stage, with that stage's default probability.

    Winning and losing have their own operations, since they need more than a stage.
    """
    deal = _locked(deal)
    if stage not in Deal.OPEN_STAGES:
        raise ValidationError(_("Use “Won” or “Lost” to close a deal."), code="closing")
    if not deal.is_open:
        raise ValidationError(
            _("The deal is closed and can no longer change stage."), code="closed"
        )
    if deal.stage != stage:
        deal.stage = stage
        deal.probability = Deal.DEFAULT_PROBABILITY[stage]
        deal.stamp(user)
        deal.save()
    return deal


@transaction.atomic
def deal_mark_won(*, deal: Deal, user) -> Deal:
    """Close the deal as won. Part of the win workflow (contracts.services.deal_win), which
    also drafts its contract: a won deal without one is not what anyone means."""
    deal = _locked(deal)
    if deal.stage == Deal.Stage.WON:
        raise ValidationError(_("The deal is already won."), code="won")
    if deal.stage == Deal.Stage.LOST:
        raise ValidationError(_("A lost deal cannot be won. Reopen it first."), code="lost")
    if deal.service_id is None:
        raise ValidationError(
            _("Choose the service the deal is about before marking it won."), code="service"
        )
    deal.stage = Deal.Stage.WON
    deal.probability = Deal.DEFAULT_PROBABILITY[Deal.Stage.WON]
    deal.closed_on = timezone.localdate()
    deal.stamp(user)
    deal.save()
    return deal


@transaction.atomic
def deal_lose(*, deal: Deal, user, reason: str, comment: str = "") -> Deal:
    """Close the deal as lost, with a reason from the fixed list and free text."""
    deal = _locked(deal)
    if not deal.is_open:
        raise ValidationError(_("Only an open deal can be lost."), code="closed")
    if reason not in Deal.LossReason.values:
        raise ValidationError(_("Choose a reason for the loss."), code="reason")
    deal.stage = Deal.Stage.LOST
    deal.probability = Deal.DEFAULT_PROBABILITY[Deal.Stage.LOST]
    deal.lost_reason = reason
    deal.lost_comment = comment.strip()
    deal.closed_on = timezone.localdate()
    deal.stamp(user)
    deal.save()
    return deal


@transaction.atomic
def deal_reopen(*, deal: Deal, user) -> Deal:
    """Reopen a lost deal (for example when the member comes back)."""
    deal = _locked(deal)
    if deal.stage != Deal.Stage.LOST:
        raise ValidationError(_("Only a lost deal can be reopened."), code="not_lost")
    deal.stage = Deal.Stage.QUALIFIED
    deal.probability = Deal.DEFAULT_PROBABILITY[Deal.Stage.QUALIFIED]
    deal.lost_reason = ""
    deal.lost_comment = ""
    deal.closed_on = None
    deal.stamp(user)
    deal.save()
    return deal


# --- A lead becomes a contact and a deal ----------------------------------------------------


@dataclass
class ConversionResult:
    lead: Lead
    contact: Contact
    deal: Deal
    contact_created: bool
    member_created: bool


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
        try:
            with transaction.atomic():
                contact.save()
        except IntegrityError as exc:
            # Someone saved a contact with this email since the check: refused as the check
            # refuses it.
            if not Contact.objects.filter(email=contact.email).exists():
                raise
            raise contact.unique_error_message(Contact, ("email",)) from exc

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
