import factory

from deals.models import Deal
from members.tests.factories import MemberFactory
from services.tests.factories import ServiceFactory


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal

    title = factory.Sequence(lambda n: f"Affär {n}")
    member = factory.SubFactory(MemberFactory)
    service = factory.SubFactory(ServiceFactory)
    stage = Deal.Stage.NEW
    probability = 10
