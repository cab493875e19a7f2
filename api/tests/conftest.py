import pytest
from django.test import Client

from api.services import token_create


@pytest.fixture
def token_client(db):
    """``token_client(user, role=None)``: a client sending a fresh token of ``user``."""

    def _client(user, role=None):
        from api.services import user_role

        _token, raw = token_create(user=user, name="Test", role=role or user_role(user))
        return Client(HTTP_AUTHORIZATION=f"Token {raw}")

    return _client
