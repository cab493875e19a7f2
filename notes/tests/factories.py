import factory

from core.tests.factories import UserFactory
from members.tests.factories import MemberFactory
from notes.models import Note


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    text = factory.Faker("sentence", locale="sv_SE")
    author = factory.SubFactory(UserFactory)
    member = factory.SubFactory(MemberFactory)
