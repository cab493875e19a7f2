import factory

from contacts.models import Contact
from members.tests.factories import MemberFactory


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    member = factory.SubFactory(MemberFactory)
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.Sequence(lambda n: f"kontakt{n}@example.se")
