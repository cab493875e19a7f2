"""The weekly paths through the UI: each workflow step through its real view."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contacts.tests.factories import ContactFactory
from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import MemberFactory
from notes.tests.factories import NoteFactory
from tests.html import field_errors, page, table_rows

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TestLeads:
    def test_convert_through_the_page(self, editor_client):
        member = MemberFactory(name="Luleå")
        lead = LeadFactory(first_name="Per", last_name="Ek")
        url = reverse("leads:convert", args=[lead.pk])
        assert editor_client.get(url).status_code == 200

        response = editor_client.post(url, {"member": member.pk, "new_member_type": "ovriga"})

        deal = Deal.objects.get(lead=lead)
        assert response.status_code == 302 and response.url == deal.get_absolute_url()
        lead.refresh_from_db()
        assert lead.status == Lead.Status.CONVERTED
        assert lead.converted_contact.member == member

    def test_convert_without_member_keeps_the_form(self, editor_client):
        lead = LeadFactory()
        url = reverse("leads:convert", args=[lead.pk])
        response = editor_client.post(url, {"deal_title": "Min titel", "new_member_type": "ovriga"})
        assert response.status_code == 200
        assert "Min titel" in response.content.decode()
        assert "Välj medlemmen" in response.content.decode()
        assert not Deal.objects.exists()

    def test_convert_offers_the_existing_contact(self, editor_client):
        contact = ContactFactory(email="eva@umea.se")
        lead = LeadFactory(email="eva@umea.se")
        url = reverse("leads:convert", args=[lead.pk])
        assert "use_existing_contact" in editor_client.get(url).content.decode()
        editor_client.post(url, {"use_existing_contact": "on", "new_member_type": "ovriga"})
        assert Deal.objects.get(lead=lead).contacts.get() == contact

    def test_converting_twice_shows_a_message(self, editor_client):
        lead = LeadFactory()
        url = reverse("leads:convert", args=[lead.pk])
        editor_client.post(url, {"member": MemberFactory().pk, "new_member_type": "ovriga"})
        response = editor_client.post(
            url, {"member": MemberFactory().pk, "new_member_type": "ovriga"}
        )
        assert response.status_code == 200
        assert "redan konverterats" in response.content.decode()
        assert Deal.objects.count() == 1

    def test_a_converted_lead_cannot_be_edited(self, editor_client):
        lead = LeadFactory()
        editor_client.post(
            reverse("leads:convert", args=[lead.pk]),
            {"member": MemberFactory().pk, "new_member_type": "ovriga"},
        )
        response = editor_client.get(reverse("leads:edit", args=[lead.pk]))
        assert response.status_code == 302 and response.url == lead.get_absolute_url()

    def test_the_lead_form_offers_only_the_open_statuses(self, editor_client):
        # Converted and disqualified are the workflows' to set: the one makes a contact and a
        # deal, the other needs a reason.
        for url in (reverse("leads:add"), reverse("leads:edit", args=[LeadFactory().pk])):
            form = editor_client.get(url).context["form"]
            assert [value for value, _label in form.fields["status"].choices] == [
                "new",
                "contacted",
                "qualified",
            ]

    @pytest.mark.parametrize("status", [Lead.Status.CONVERTED, Lead.Status.DISQUALIFIED])
    def test_a_closed_status_posted_to_the_lead_form_is_refused(self, editor_client, status):
        lead = LeadFactory(first_name="Per", status=Lead.Status.CONTACTED)
        data = {"first_name": "Pia", "last_name": "Ek", "status": status, "legal_basis": "consent"}

        added = editor_client.post(reverse("leads:add"), data)
        edited = editor_client.post(reverse("leads:edit", args=[lead.pk]), data)

        for response in (added, edited):
            assert response.status_code == 200
            assert field_errors(response, "status") == [
                f"Välj ett giltigt alternativ. {status} finns inte bland tillgängliga alternativ."
            ]
            assert 'value="Pia"' in page(response)
        assert list(Lead.objects.values_list("first_name", "status")) == [("Per", "contacted")]

    def test_disqualify(self, editor_client):
        lead = LeadFactory()
        url = reverse("leads:disqualify", args=[lead.pk])
        assert editor_client.post(url, {"reason": ""}).status_code == 200
        editor_client.post(url, {"reason": "Ingen budget i år"})
        lead.refresh_from_db()
        assert lead.status == Lead.Status.DISQUALIFIED

    def test_a_reader_cannot_convert(self, reader_client):
        lead = LeadFactory()
        assert reader_client.get(reverse("leads:convert", args=[lead.pk])).status_code == 403


class TestDeals:
    def test_move_from_the_page(self, editor_client):
        deal = DealFactory()
        editor_client.post(reverse("deals:move", args=[deal.pk]), {"stage": "offer"})
        deal.refresh_from_db()
        assert deal.stage == "offer" and deal.probability == 50

    def test_board_shows_open_deals_by_stage(self, editor_client):
        DealFactory(title="Öppen affär", stage="negotiation")
        DealFactory(title="Vunnen affär", stage="won")
        content = editor_client.get(reverse("deals:board")).content.decode()
        assert "Öppen affär" in content and "Vunnen affär" not in content
        assert 'data-stage="negotiation"' in content

    def test_dropping_a_card_moves_the_deal_and_returns_the_board(self, editor_client):
        deal = DealFactory(title="Flytta mig")
        response = editor_client.post(
            reverse("deals:board_move", args=[deal.pk]),
            {"stage": "qualified"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert 'id="deal-board"' in response.content.decode()
        deal.refresh_from_db()
        assert deal.stage == "qualified"

    def test_board_move_is_for_editors_only(self, reader_client):
        deal = DealFactory()
        url = reverse("deals:board_move", args=[deal.pk])
        assert reader_client.post(url, {"stage": "offer"}).status_code == 403
        deal.refresh_from_db()
        assert deal.stage == "new"

    def test_win_lands_on_the_draft_contract(self, editor_client):
        deal = DealFactory()
        response = editor_client.post(reverse("deals:win", args=[deal.pk]))
        contract = Contract.objects.get(origin_deal=deal)
        assert response.status_code == 302 and response.url == contract.get_edit_url()
        assert editor_client.get(response.url).status_code == 200

    def test_lose_requires_a_reason(self, editor_client):
        deal = DealFactory()
        url = reverse("deals:lose", args=[deal.pk])
        assert editor_client.post(url, {"reason": ""}).status_code == 200
        editor_client.post(url, {"reason": "price", "comment": "För dyrt"})
        deal.refresh_from_db()
        assert (deal.stage, deal.lost_reason) == ("lost", "price")

    def test_deal_page_shows_the_lead_notes(self, editor_client):
        lead = LeadFactory()
        NoteFactory(member=None, lead=lead, text="Träffades på mässan")
        deal = DealFactory(lead=lead)
        assert "Träffades på mässan" in editor_client.get(deal.get_absolute_url()).content.decode()


class TestContracts:
    def test_add_and_remove_party_on_the_page(self, editor_client):
        first = MemberFactory()
        contract = ContractFactory(parties=[first])
        second = MemberFactory(name="Andra parten")
        editor_client.post(
            reverse("contracts:party_add", args=[contract.pk]),
            {"member": second.pk, "role": "party"},
        )
        assert set(contract.parties.all()) == {first, second}

        editor_client.post(reverse("contracts:party_remove", args=[contract.pk, first.pk]))
        assert list(contract.parties.all()) == [second]

        response = editor_client.post(
            reverse("contracts:party_remove", args=[contract.pk, second.pk]), follow=True
        )
        assert "minst en part" in response.content.decode()
        assert list(contract.parties.all()) == [second]

    def test_renew(self, editor_client):
        contract = ContractFactory()
        response = editor_client.post(reverse("contracts:renew", args=[contract.pk]))
        renewal = Contract.objects.get(previous=contract)
        assert response.url == renewal.get_edit_url()

    def test_overdue_contract_is_shown_as_ended(self, editor_client):
        contract = ContractFactory(
            status="active", end_date=timezone.localdate() - datetime.timedelta(days=3)
        )
        content = editor_client.get(contract.get_absolute_url()).content.decode()
        assert "Avslutat" in content
        listed = editor_client.get(reverse("contracts:list"), {"overdue": "on"}).content.decode()
        assert contract.title in listed

    def test_signed_document_upload_and_download(self, editor_client, client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        contract = ContractFactory()
        data = {
            "number": contract.number,
            "title": contract.title,
            "service": contract.service.pk,
            "status": "active",
            "document": SimpleUploadedFile("avtal.pdf", PDF, content_type="application/pdf"),
        }
        response = editor_client.post(contract.get_edit_url(), data)
        assert response.status_code == 302
        contract.refresh_from_db()
        download = editor_client.get(reverse("contracts:document", args=[contract.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        # Saved as a file, never shown from a browser's or proxy's cache to someone else.
        assert download["Content-Disposition"] == f'attachment; filename="{contract.number}.pdf"'
        assert download["Cache-Control"] == "no-store"
        # Not for anyone who is not logged in.
        anonymous = client.get(reverse("contracts:document", args=[contract.pk]))
        assert anonymous.status_code == 302 and "/login/" in anonymous.url

    def test_only_pdf_documents_are_accepted(self, editor_client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        contract = ContractFactory()
        data = {
            "title": contract.title,
            "service": contract.service.pk,
            "status": "active",
            "document": SimpleUploadedFile(
                "avtal.pdf", b"MZ not a pdf", content_type="application/pdf"
            ),
        }
        response = editor_client.post(contract.get_edit_url(), data)
        assert response.status_code == 200
        assert "PDF" in response.content.decode()
        contract.refresh_from_db()
        assert not contract.document


class TestMembersAndCurrency:
    def test_membership_change_through_the_page(self, editor_client):
        member = MemberFactory(municipality=True)
        url = reverse("members:membership", args=[member.pk])
        editor_client.post(
            url, {"status": "member", "date": "2026-03-12", "decision": "Styrelsebeslut 2026-03-12"}
        )
        member.refresh_from_db()
        assert member.status == Member.Status.MEMBER
        assert member.member_since == datetime.date(2026, 3, 12)
        assert (
            "Styrelsebeslut 2026-03-12"
            in editor_client.get(member.get_absolute_url()).content.decode()
        )

    def test_verify_buttons(self, editor_client):
        member, contact = MemberFactory(), ContactFactory()
        editor_client.post(reverse("members:verify", args=[member.pk]))
        editor_client.post(reverse("contacts:verify", args=[contact.pk]))
        member.refresh_from_db()
        contact.refresh_from_db()
        assert member.last_verified == contact.last_verified == timezone.localdate()

    def test_stale_filters(self, editor_client):
        old = timezone.now() - datetime.timedelta(days=60)
        # Names no generated user in the menu bar can have.
        ContactFactory(last_name="Nyligen-Verifierad", last_verified=timezone.localdate())
        long_ago = timezone.localdate() - datetime.timedelta(days=400)
        ContactFactory(last_name="Länge-Sedan", last_verified=long_ago)
        rows = " ".join(table_rows(editor_client.get(reverse("contacts:list"), {"stale": "on"})))
        assert "Länge-Sedan" in rows and "Nyligen-Verifierad" not in rows

        quiet, busy = DealFactory(title="Tyst affär"), DealFactory(title="Livlig affär")
        Deal.objects.filter(pk__in=[quiet.pk, busy.pk]).update(created_at=old)
        NoteFactory(member=None, deal=busy)
        content = editor_client.get(reverse("deals:list"), {"stale": "on"}).content.decode()
        assert "Tyst affär" in content and "Livlig affär" not in content

        forgotten = LeadFactory(organisation_name="Bortglömd AB")
        Lead.objects.filter(pk=forgotten.pk).update(created_at=old)
        LeadFactory(organisation_name="Ny AB")
        content = editor_client.get(reverse("leads:list"), {"stale": "on"}).content.decode()
        assert "Bortglömd AB" in content and "Ny AB" not in content

    def test_member_timeline_gathers_notes_from_its_records(self, editor_client):
        member = MemberFactory()
        deal = DealFactory(member=member)
        contract = ContractFactory(parties=[member, MemberFactory(), MemberFactory()])
        NoteFactory(member=None, deal=deal, text="Om affären")
        NoteFactory(member=None, contract=contract, text="Om avtalet")
        NoteFactory(member=None, contact=ContactFactory(member=member), text="Om kontakten")
        content = editor_client.get(member.get_absolute_url()).content.decode()
        for text in ("Om affären", "Om avtalet", "Om kontakten"):
            assert content.count(text) == 1
