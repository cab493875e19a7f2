import factory

from members.models import County, Member, PopulationFigure


def org_number_for(n: int) -> str:
    """A valid organisation number (Luhn check digit) unique for ``n``."""
    from members.validators import luhn_ok

    base = f"55{n:07d}"[-9:]
    for check in range(10):
        if luhn_ok(base + str(check)):
            return f"{base[:6]}-{base[6:]}{check}"
    raise AssertionError("unreachable")


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{30 + n % 60:02d}")
    name = factory.LazyAttribute(lambda o: f"Län {o.code}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Organisation {n}")
    org_type = Member.OrgType.FORETAG
    status = Member.Status.NOT_MEMBER
    org_number = factory.Sequence(org_number_for)

    class Params:
        municipality = factory.Trait(
            org_type=Member.OrgType.KOMMUN,
            name=factory.Sequence(lambda n: f"Kommun {n}"),
            kommunkod=factory.Sequence(lambda n: f"{9000 + n % 1000:04d}"),
            population=factory.Faker("random_int", min=2000, max=900_000),
            population_year=2024,
        )


class PopulationFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    member = factory.SubFactory(MemberFactory, municipality=True)
    year = 2024
    population = 10_000
