import factory

from services.models import Service


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Tjänst {n}")
    kind = Service.Kind.SERVICE
