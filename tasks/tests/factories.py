import datetime

import factory

from core.tests.factories import UserFactory
from tasks.models import Task


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    title = factory.Faker("sentence", nb_words=4, locale="sv_SE")
    assignee = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=3))
