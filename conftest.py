import pytest

from core.tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="handlaggare")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client
