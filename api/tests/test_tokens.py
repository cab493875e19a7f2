"""Personal API tokens: created on the account page, shown once, stored hashed, at most the
user's role, optional expiry, revoked there; both in the security log. Throttled per token;
a role left out of API_ROLES is refused."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.services import token_create
from members.tests.factories import MemberFactory
from security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def test_a_token_is_created_on_the_account_page_shown_once_and_stored_hashed(editor_client, editor):
    page = editor_client.post(
        "/api/tokens/", {"name": "Webbplatsen", "role": "reader", "expires_on": ""}
    )

    raw = page.context["panels"][0].context["new_token"]
    assert raw.startswith("crm_")
    assert raw in page.content.decode()
    assert page.headers["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=editor)
    assert (token.name, token.role, token.expiry) == ("Webbplatsen", "reader", None)
    assert raw not in token.digest and raw not in token.token_key
    assert raw not in editor_client.get("/security/").content.decode()
    assert SecurityEvent.objects.filter(kind="token_created", user=editor).exists()
    assert Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/members/").status_code == 200


def test_a_token_carries_at_most_the_users_role(reader_client, reader):
    page = reader_client.post("/api/tokens/", {"name": "Mer", "role": "editor"})

    assert "role" in page.context["panels"][0].context["form"].errors
    assert not ApiToken.objects.exists()


def test_a_revoked_or_expired_token_is_refused(editor_client, editor):
    kept, raw = token_create(user=editor, name="Ekonomi", role="reader")
    client = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/v1/members/").status_code == 200

    editor_client.post(f"/api/tokens/{kept.token_key}/revoke/")

    assert client.get("/api/v1/members/").status_code == 401
    assert SecurityEvent.objects.filter(kind="token_revoked", user=editor).exists()
    expiring, raw = token_create(
        user=editor,
        name="Kort",
        role="reader",
        expires_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    ApiToken.objects.filter(pk=expiring.pk).update(expiry=timezone.now())
    assert Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/members/").status_code == 401


def test_another_users_token_cannot_be_revoked(editor_client, reader):
    token, _raw = token_create(user=reader, name="Läsarens", role="reader")

    assert editor_client.post(f"/api/tokens/{token.token_key}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_role_without_api_access_is_refused(settings, token_client, reader, editor):
    settings.API_ROLES = ["editor", "administrator"]
    MemberFactory()

    refused = token_client(reader).get("/api/v1/members/")

    assert refused.status_code == 403
    assert "API" in refused.json()["errors"][0]["message"]
    assert token_client(editor).get("/api/v1/members/").status_code == 200


def test_requests_are_throttled_per_token(settings, token_client, reader):
    settings.API_THROTTLE_RATE = "3/minute"
    cache.clear()
    first, second = token_client(reader), token_client(reader)

    answers = [first.get("/api/v1/services/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert second.get("/api/v1/services/").status_code == 200
    cache.clear()


def test_anonymous_requests_get_401_in_the_error_format():
    response = Client().get("/api/v1/members/")

    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"
