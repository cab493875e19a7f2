import datetime

import factory

from contracts.models import Contract, ContractParty
from members.tests.factories import MemberFactory
from services.tests.factories import ServiceFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"AVT-{n:05d}")
    title = factory.Sequence(lambda n: f"Avtal {n}")
    service = factory.SubFactory(ServiceFactory)
    status = Contract.Status.ACTIVE
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2027, 12, 31)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        """A contract always has at least one party; pass ``parties=[...]`` to choose them."""
        if not create:
            return
        for member in extracted if extracted is not None else [MemberFactory()]:
            ContractParty.objects.create(contract=self, member=member)


class ContractPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractParty

    contract = factory.SubFactory(ContractFactory, parties=[])
    member = factory.SubFactory(MemberFactory)
