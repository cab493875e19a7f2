import pytest
from django.test import Client

from api.services import token_create, user_role
from core.roles import ADMINISTRATOR, EDITOR, READER
from core.tests.factories import UserFactory
from security.otp import otp_required
from security.tests.factories import otp_verify_client


@pytest.fixture
def reader(db):
    """Läsare: may view every record, change nothing."""
    return UserFactory(username="lasare", roles=[READER])


@pytest.fixture
def editor(db):
    """Handläggare: may view, add and change every record, delete nothing."""
    return UserFactory(username="handlaggare", roles=[EDITOR])


@pytest.fixture
def administrator(db):
    """Administratör: may do everything, including deleting."""
    return UserFactory(username="administrator", roles=[ADMINISTRATOR])


@pytest.fixture
def user(editor):
    """The everyday logged-in user: a case officer (Handläggare)."""
    return editor


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def login(db):
    """``login(user)``: a test client of its own, logged in as ``user``; for a user who must
    use two-factor login (administrators), past that step too."""

    def _login(user):
        client = Client()
        client.force_login(user)
        # A fresh copy: asking fills the permission cache of the object asked.
        if otp_required(type(user).objects.get(pk=user.pk)):
            otp_verify_client(client, user)
        return client

    return _login


@pytest.fixture
def reader_client(login, reader):
    return login(reader)


@pytest.fixture
def editor_client(login, editor):
    return login(editor)


@pytest.fixture
def administrator_client(login, administrator):
    return login(administrator)


@pytest.fixture
def user_client(editor_client):
    return editor_client


@pytest.fixture
def token_client(db):
    """``token_client(user, role=None)``: a client sending a fresh token of ``user``."""

    def _client(user, role=None):
        _token, raw = token_create(user=user, name="Test", role=role or user_role(user))
        return Client(HTTP_AUTHORIZATION=f"Token {raw}")

    return _client
