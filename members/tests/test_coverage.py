"""Group membership: a joint body is a member for the municipalities it covers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from members.models import Coverage, Member
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return MemberFactory(
        name="Sjuhärads kommunalförbund",
        org_type=Member.OrgType.KOMMUNALFORBUND,
        status=Member.Status.MEMBER,
    )


def test_a_municipalitys_page_names_the_body_it_is_covered_through(body, reader_client):
    borås = MemberFactory(municipality=True, name="Borås kommun")
    Coverage.objects.create(body=body, municipality=borås, start=datetime.date(2024, 1, 1))

    municipality_page = reader_client.get(borås.get_absolute_url()).content.decode()
    body_page = reader_client.get(body.get_absolute_url()).content.decode()

    assert "Via Sjuhärads kommunalförbund" in municipality_page
    assert "Kommuner som omfattas" in body_page and "Borås kommun" in body_page
    assert "2024-01-01" in body_page


def test_only_a_joint_body_covers_and_only_municipalities_are_covered(body):
    company = MemberFactory(org_type=Member.OrgType.FORETAG)
    region = MemberFactory(org_type=Member.OrgType.REGION)

    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        Coverage(body=company, municipality=region).full_clean()

    assert "Endast ett förbund, en gemensam nämnd eller ett kommunalförbund" in str(refused.value)
    assert "Ett förbund eller en nämnd omfattar kommuner." in str(refused.value)


def test_a_coverage_cannot_end_before_it_starts(body):
    borås = MemberFactory(municipality=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Coverage.objects.create(
            body=body,
            municipality=borås,
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2024, 1, 1),
        )


def test_the_admin_lists_covered_municipalities_under_a_joint_body_only(body, login, admin_user):
    client = login(admin_user)
    municipality = MemberFactory(municipality=True)

    body_page = client.get(reverse("admin:members_member_change", args=[body.pk]))
    municipality_page = client.get(reverse("admin:members_member_change", args=[municipality.pk]))

    assert "coverages-TOTAL_FORMS" in body_page.content.decode()
    assert "coverages-TOTAL_FORMS" not in municipality_page.content.decode()


def test_a_covered_municipalitys_page_costs_one_query_more_however_many_bodies(
    reader_client, django_assert_num_queries
):
    municipality = MemberFactory(municipality=True)
    url = municipality.get_absolute_url()
    reader_client.get(url)  # the session saved once
    with django_assert_num_queries(12) as uncovered:
        reader_client.get(url)
    for i in range(5):
        body = MemberFactory(name=f"Förbund {i}", org_type=Member.OrgType.KOMMUNALFORBUND)
        Coverage.objects.create(body=body, municipality=municipality)

    # the coverages with their bodies
    with django_assert_num_queries(len(uncovered) + 1):
        page = reader_client.get(url).content.decode()
    assert all(f"Via Förbund {i}" in page for i in range(5))
