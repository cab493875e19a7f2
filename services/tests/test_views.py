import pytest
from django.urls import reverse

from contracts.tests.factories import ContractFactory
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
