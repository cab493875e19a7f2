"""The responsible case officer: shown and filtered in the list, set for a whole filtered
list at once."""

import pytest
from django.urls import reverse

from contracts.models import Contract
from contracts.tests.factories import ContractFactory
from core.tests.factories import UserFactory
from members.models import Member
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_responsible_case_officer(reader_client):
    anna = UserFactory(username="anna", first_name="Anna", last_name="Berg")
    MemberFactory(name="Kalix kommun", responsible=anna)
    MemberFactory(name="Luleå kommun")

    page = reader_client.get(reverse("members:list"), {"responsible": anna.pk}).content.decode()

    assert "Kalix kommun" in page
    assert "Luleå kommun" not in page


def test_setting_the_responsible_for_a_filtered_list_changes_every_page(editor_client, editor):
    bo = UserFactory(username="bo")
    members = [MemberFactory(status=Member.Status.MEMBER) for _ in range(55)]
    outside = MemberFactory(status=Member.Status.NOT_MEMBER)
    url = reverse("members:bulk_responsible") + "?status=member"

    page = editor_client.get(url).content.decode()
    response = editor_client.post(url, {"responsible": bo.pk})

    assert "alla 55" in page
    assert response.status_code == 302
    assert response.url == reverse("members:list") + "?status=member"
    assert Member.objects.filter(responsible=bo).count() == 55
    outside.refresh_from_db()
    assert outside.responsible is None
    latest = members[0].history.latest()
    assert (latest.responsible_id, latest.history_user) == (bo.pk, editor)


def test_a_reader_cannot_set_the_responsible(reader_client):
    member = MemberFactory()
    response = reader_client.post(
        reverse("members:bulk_responsible"), {"responsible": UserFactory().pk}
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.responsible is None


def test_a_contract_takes_its_responsible_in_the_form_and_in_bulk(editor_client):
    cia = UserFactory(username="cia", first_name="Cia", last_name="Lund")
    contract = ContractFactory(status=Contract.Status.ACTIVE)

    editor_client.post(
        reverse("contracts:bulk_responsible") + "?status=active", {"responsible": cia.pk}
    )
    page = editor_client.get(contract.get_absolute_url()).content.decode()

    contract.refresh_from_db()
    assert contract.responsible == cia
    assert "Cia Lund" in page
