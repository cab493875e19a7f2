import pytest
from django.core.exceptions import ValidationError

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from deals.models import Deal
from deals.services import lead_convert
from leads.models import Lead
from leads.services import lead_disqualify, lead_existing_contact
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import MemberFactory
from notes.selectors import notes_about, timeline_q
from notes.tests.factories import NoteFactory
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_convert_creates_contact_and_deal_at_the_picked_member(editor):
    member = MemberFactory(name="Kiruna")
    service = ServiceFactory(name="EGIL")
    lead = LeadFactory(first_name="Åsa", last_name="Öberg", email="Asa@Kiruna.se")

    result = lead_convert(lead=lead, user=editor, member=member, service=service)

    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONVERTED
    assert lead.converted_contact == result.contact
    assert lead.converted_at is not None
    assert result.contact.member == member
    assert result.contact.email == "asa@kiruna.se"
    assert result.deal.member == member and result.deal.service == service
    assert result.deal.lead == lead  # the deal links back to the lead
    assert list(result.deal.contacts.all()) == [result.contact]
    assert lead.history.latest().history_user == editor


def test_convert_can_create_the_organisation(editor):
    lead = LeadFactory(organisation_name="Nya Bolaget AB")
    result = lead_convert(
        lead=lead, user=editor, new_member_name="Nya Bolaget AB", new_member_type="foretag"
    )
    assert result.member_created
    member = Member.objects.get(name="Nya Bolaget AB")
    assert member.org_type == Member.OrgType.FORETAG
    assert member.status == Member.Status.NOT_MEMBER
    assert result.contact.member == member


def test_converting_twice_is_refused(editor):
    lead = LeadFactory()
    lead_convert(lead=lead, user=editor, member=MemberFactory())
    with pytest.raises(ValidationError, match="redan konverterats"):
        lead_convert(lead=lead, user=editor, member=MemberFactory())
    assert Deal.objects.count() == 1


def test_convert_needs_a_member(editor):
    lead = LeadFactory()
    with pytest.raises(ValidationError):
        lead_convert(lead=lead, user=editor)
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW
    assert not Contact.objects.exists()


def test_a_lead_whose_email_is_known_links_the_existing_contact(editor):
    contact = ContactFactory(email="anna@lund.se")
    lead = LeadFactory(email="ANNA@lund.se")
    assert lead_existing_contact(lead) == contact

    result = lead_convert(lead=lead, user=editor, existing_contact=contact)

    assert not result.contact_created
    assert Contact.objects.count() == 1
    assert result.deal.member == contact.member


def test_lead_notes_show_on_deal_and_contact_timelines_without_copies(editor):
    lead = LeadFactory()
    note = NoteFactory(member=None, lead=lead, text="Första samtalet")
    result = lead_convert(lead=lead, user=editor, member=MemberFactory())

    assert note in notes_about(timeline_q("deal", result.deal))
    assert note in notes_about(timeline_q("contact", result.contact))
    assert type(note).objects.count() == 1


def test_disqualify_needs_a_reason_and_refuses_converted_leads(editor):
    lead = LeadFactory()
    with pytest.raises(ValidationError):
        lead_disqualify(lead=lead, user=editor, reason="  ")
    lead_disqualify(lead=lead, user=editor, reason="Ingen budget")
    lead.refresh_from_db()
    assert lead.status == Lead.Status.DISQUALIFIED
    assert lead.disqualified_reason == "Ingen budget"

    converted = LeadFactory()
    lead_convert(lead=converted, user=editor, member=MemberFactory())
    with pytest.raises(ValidationError):
        lead_disqualify(lead=converted, user=editor, reason="Fel")


def test_a_disqualified_lead_cannot_be_converted(editor):
    lead = LeadFactory()
    lead_disqualify(lead=lead, user=editor, reason="Dubblett")
    with pytest.raises(ValidationError):
        lead_convert(lead=lead, user=editor, member=MemberFactory())
