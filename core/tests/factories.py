import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "ett-bra-lösenord-2026")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``roles=["Handläggare"]``: put the user in those groups (created by a migration)."""
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))
