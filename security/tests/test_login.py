"""Logging in: lockout after repeated failures (django-axes), sessions renewed at login, ended
at logout and after inactivity, and the password rules."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.roles import EDITOR
from core.tests.factories import UserFactory
from security.ip import client_ip
from security.models import SecurityEvent

pytestmark = pytest.mark.django_db

PASSWORD = "ett-bra-lösenord-2026"  # UserFactory's
WRONG = "fel-lösenord-2026"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", roles=[EDITOR])


def attempt(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_the_fifth_failure_locks_the_username_for_that_address(anna):
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(LIMIT - 1):
        response = attempt(client, "anna", WRONG)
        assert response.status_code == 200  # the login form again, with its error
        assert response.context["form"].errors

    response = attempt(client, "anna", WRONG)
    assert response.status_code == 429
    assert "security/lockout.html" in [t.name for t in response.templates]
    assert response.context["minutes"] == 15
    assert response.context["failure_limit"] == LIMIT

    # Now even the right password is refused, from that address.
    response = attempt(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_a_lockout_is_only_for_that_username_and_that_address(anna):
    UserFactory(username="bertil")
    locked = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(LIMIT):
        attempt(locked, "anna", WRONG)

    elsewhere = Client(REMOTE_ADDR="192.0.2.2")
    assert attempt(elsewhere, "anna", PASSWORD).status_code == 302
    assert logged_in(elsewhere)

    colleague = Client(REMOTE_ADDR="192.0.2.1")
    assert attempt(colleague, "bertil", PASSWORD).status_code == 302
    assert logged_in(colleague)


def test_the_lockout_ends_after_the_cool_off(anna):
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(LIMIT):
        attempt(client, "anna", WRONG)
    assert attempt(client, "anna", PASSWORD).status_code == 429

    # As if the cool-off had passed since the last failure.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)
    assert attempt(client, "anna", PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_successful_login_resets_the_count(anna):
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(LIMIT - 1):
        attempt(client, "anna", WRONG)
    assert attempt(client, "anna", PASSWORD).status_code == 302
    client.post(reverse("logout"))

    for _ in range(LIMIT - 1):
        assert attempt(client, "anna", WRONG).status_code == 200
    assert attempt(client, "anna", PASSWORD).status_code == 302


def test_failures_and_the_lockout_are_recorded_without_the_password(anna):
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(LIMIT + 1):
        attempt(client, "anna", WRONG)

    failed = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert failed.count() == LIMIT + 1
    assert {(e.username, e.ip, e.user_id) for e in failed} == {("anna", "192.0.2.1", None)}
    # The fifth failure locks; the attempt after it is refused as locked.
    lockouts = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKOUT)
    assert lockouts.count() == 2
    assert {(e.username, e.ip) for e in lockouts} == {("anna", "192.0.2.1")}
    for event in SecurityEvent.objects.all():
        assert WRONG not in str(event.detail)
    for row in AccessAttempt.objects.all():
        assert WRONG not in row.post_data


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(anna):
    """A client cannot dodge the lockout by sending a new X-Forwarded-For each time."""
    client = Client(REMOTE_ADDR="192.0.2.1")
    for n in range(LIMIT):
        response = attempt(client, "anna", WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert response.status_code == 429
    failed = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert set(failed.values_list("ip", flat=True)) == {"192.0.2.1"}


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(anna, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(LIMIT):
        attempt(proxy, "anna", WRONG, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert attempt(proxy, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429

    # Another client through the same proxy is not locked out with the first.
    response = attempt(proxy, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert response.status_code == 302
    login = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN)
    assert login.ip == "203.0.113.8"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),
        (1, "203.0.113.7", "203.0.113.7"),
        # A client's own X-Forwarded-For comes first; the proxy appends the real address.
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", None),
    ],
)
def test_client_ip(rf, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_logging_in_gives_a_new_session_key(anna):
    client = Client()
    session = client.session
    session["before_login"] = True
    session.save()
    before = session.session_key

    assert attempt(client, "anna", PASSWORD).status_code == 302
    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logging_out_ends_the_session(anna):
    client = Client()
    attempt(client, "anna", PASSWORD)
    key = client.session.session_key

    assert client.get(reverse("logout")).status_code == 405  # only a POST logs out
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGOUT, user=anna).exists()


def test_an_idle_session_ends_and_an_active_one_goes_on(anna, settings):
    client = Client()
    attempt(client, "anna", PASSWORD)
    session = Session.objects.get(session_key=client.session.session_key)

    # Within a minute of the last renewal a request writes nothing…
    session.expire_date = timezone.now() + datetime.timedelta(minutes=1)
    session.save()
    assert client.get(reverse("home")).status_code == 200
    session.refresh_from_db()
    assert session.expire_date < timezone.now() + datetime.timedelta(minutes=2)

    # …and once a renewal is due, a request pushes the end a whole SESSION_COOKIE_AGE ahead.
    settings.SESSION_REFRESH_SECONDS = 0
    session.expire_date = timezone.now() + datetime.timedelta(minutes=1)
    session.save()
    assert client.get(reverse("home")).status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + datetime.timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 60
    )

    # Idle for longer than that: the session is over.
    session.expire_date = timezone.now() - datetime.timedelta(seconds=1)
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "password",
    [
        "Kort-ord-1",  # 10 characters: under the minimum of 12
        "password1234",  # a common password
        "123456789012",  # only digits
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("Hallonbåt-vid-Vättern-7")
