import datetime

import pytest
from django.urls import reverse

from contracts.tests.factories import ContractFactory
from members.tests.factories import MemberFactory
from services import views
from services.tests.factories import ServiceFactory
from services.views import CONTRACTS_SHOWN

pytestmark = pytest.mark.django_db


def test_a_service_page_shows_the_newest_contracts_and_links_to_all(reader_client):
    service = ServiceFactory()
    for _ in range(CONTRACTS_SHOWN + 1):
        ContractFactory(service=service)
    response = reader_client.get(service.get_absolute_url())
    assert len(response.context["contracts"]) == CONTRACTS_SHOWN
    assert f"{reverse('contracts:list')}?service={service.pk}" in response.content.decode()


def test_the_members_list_filtered_by_service_shows_its_users_once(reader_client):
    service = ServiceFactory()
    both, ended, other = MemberFactory(name="Aby"), MemberFactory(name="Bby"), MemberFactory()
    ContractFactory(service=service, parties=[both])
    ContractFactory(service=service, parties=[both])  # two contracts, listed once
    ContractFactory(
        service=service,
        parties=[ended],
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    ContractFactory(service=ServiceFactory(), parties=[other])
    response = reader_client.get(reverse("members:list"), {"service": service.pk})
    assert [m.pk for m in response.context["table"].data] == [both.pk]


def test_a_service_with_many_members_links_to_the_filtered_members_list(reader_client, monkeypatch):
    monkeypatch.setattr(views, "MEMBERS_SHOWN", 2)
    service = ServiceFactory()
    ContractFactory(service=service, parties=MemberFactory.create_batch(3))
    response = reader_client.get(service.get_absolute_url())
    assert len(response.context["members"]) == 2
    html = response.content.decode()
    assert "(3)" in html
    assert f"{reverse('members:list')}?service={service.pk}" in html


def test_a_service_with_few_members_lists_them_all_without_a_link(reader_client):
    service = ServiceFactory()
    ContractFactory(service=service, parties=MemberFactory.create_batch(3))
    response = reader_client.get(service.get_absolute_url())
    assert len(response.context["members"]) == 3
    assert f"{reverse('members:list')}?service=" not in response.content.decode()
