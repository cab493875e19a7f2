"""Two-factor login with an authenticator app: administrators must, anyone may."""

import base64
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import ADMINISTRATOR, EDITOR
from core.tests.factories import UserFactory
from security.models import SecurityEvent

from .factories import TOTPDeviceFactory, token_for

pytestmark = pytest.mark.django_db

PASSWORD = "ett-bra-lösenord-2026"
ENROL = reverse("security:otp_enrol")
VERIFY = reverse("security:otp_verify")


def password_login(user):
    """A client past the password step only, as after the login form."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def verified(client):
    return "otp_device_id" in client.session


@pytest.fixture
def boss(db):
    return UserFactory(username="chefen", roles=[ADMINISTRATOR])


@pytest.mark.parametrize("path", ["/", "/members/", "/security/events/", "/admin/"])
def test_an_administrator_without_an_authenticator_must_set_one_up_first(boss, path):
    client = password_login(boss)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next={quote(path, safe='')}"


def test_setting_up_an_authenticator_at_the_first_login(boss):
    client = password_login(boss)
    response = client.get(f"{ENROL}?next=/members/")
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=boss, confirmed=False)

    # The QR code is an SVG image inline in the page, holding the otpauth:// address.
    qr = re.search(
        r'<img class="otp-qr[^"]*" src="data:image/svg\+xml;base64,([^"]+)"', response.text
    )
    assert qr is not None
    assert b"<svg" in base64.b64decode(qr.group(1))
    assert response.context["secret"].replace(" ", "") == base64.b32encode(device.bin_key).decode()

    # A wrong code does not set it up.
    response = client.post(ENROL, {"token": "000000", "next": "/members/"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not verified(client)
    assert client.get("/members/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # no waiting after the wrong code
    device.save()
    response = client.post(ENROL, {"token": token_for(device), "next": "/members/"})
    assert response.status_code == 302
    assert response.url == "/members/"
    assert verified(client)
    assert client.get("/members/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    kinds = list(SecurityEvent.objects.filter(user=boss).values_list("kind", flat=True))
    assert SecurityEvent.Kind.OTP_ENROLLED in kinds
    assert SecurityEvent.Kind.OTP_FAILED in kinds


def test_an_administrator_with_an_authenticator_is_asked_for_a_code(boss):
    device = TOTPDeviceFactory(user=boss)
    client = password_login(boss)

    response = client.get("/members/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fmembers%2F"

    key_before = client.session.session_key
    response = client.post(VERIFY, {"token": token_for(device), "next": "/members/"})
    assert response.status_code == 302
    assert response.url == "/members/"
    assert client.session.session_key != key_before  # renewed once the second factor is in
    assert client.get("/members/").status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OTP_VERIFIED, user=boss).exists()


def test_a_wrong_code_is_refused_and_recorded(boss):
    device = TOTPDeviceFactory(user=boss)
    client = password_login(boss)
    wrong = f"{(int(token_for(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert not verified(client)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OTP_FAILED, user=boss).exists()


def test_after_many_wrong_codes_even_the_right_one_waits(boss):
    device = TOTPDeviceFactory(
        user=boss, throttling_failure_count=10, throttling_failure_timestamp=timezone.now()
    )
    client = password_login(boss)
    response = client.post(VERIFY, {"token": token_for(device)})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not verified(client)


def test_a_code_cannot_be_used_twice(boss):
    device = TOTPDeviceFactory(user=boss)
    token = token_for(device)
    first = password_login(boss)
    assert first.post(VERIFY, {"token": token}).status_code == 302

    second = password_login(boss)
    assert second.post(VERIFY, {"token": token}).status_code == 200
    assert not verified(second)


def test_the_password_alone_cannot_add_an_authenticator(boss):
    """With an authenticator set up, the setup page asks for a code from it first."""
    TOTPDeviceFactory(user=boss)
    client = password_login(boss)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=boss).count() == 1


def test_an_unverified_administrator_may_still_log_out_and_switch_language(boss):
    client = password_login(boss)
    response = client.post(reverse("set_language"), {"language": "en", "next": ENROL})
    assert response.status_code == 302
    assert response.url == ENROL
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_is_sent_to_the_code_prompt_as_a_whole_page(boss):
    TOTPDeviceFactory(user=boss)
    client = password_login(boss)
    response = client.get(
        "/members/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/deals/board/"},
    )
    assert response.headers["HX-Redirect"] == f"{VERIFY}?next=%2Fdeals%2Fboard%2F"


def test_case_officers_do_not_need_it_but_may_turn_it_on(db):
    user = UserFactory(username="handlaggare", roles=[EDITOR])
    client = password_login(user)
    assert client.get("/members/").status_code == 200
    account = client.get(reverse("security:account"))
    assert account.status_code == 200
    assert account.context["device"] is None

    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    assert client.post(ENROL, {"token": token_for(device)}).status_code == 302
    assert client.get("/members/").status_code == 200

    # From now on, logging in asks for a code.
    client = password_login(user)
    response = client.get("/members/")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_removing_the_authenticator(db):
    user = UserFactory(username="handlaggare", roles=[EDITOR])
    device = TOTPDeviceFactory(user=user)
    client = password_login(user)
    client.post(VERIFY, {"token": token_for(device)})

    response = client.post(reverse("security:otp_remove"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/members/").status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OTP_REMOVED, user=user).exists()
    # And the next login asks for no code.
    assert password_login(user).get("/members/").status_code == 200


def test_an_administrator_who_removes_it_must_set_up_a_new_one(boss, login):
    client = login(boss)
    assert client.get("/members/").status_code == 200
    client.post(reverse("security:otp_remove"))
    response = client.get("/members/")
    assert response.status_code == 302
    assert response.url.startswith(ENROL)


def test_the_admin_needs_two_factor_login_even_for_staff_who_are_not_administrators(db):
    staff = UserFactory(username="personal", roles=[EDITOR], is_staff=True)
    client = password_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_verified_superuser_reaches_the_admin(login, admin_user):
    assert login(admin_user).get(reverse("admin:index")).status_code == 200
