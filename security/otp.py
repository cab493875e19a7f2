"""Two-factor login with a TOTP authenticator app (django-otp).

Each user has at most one authenticator: enrolling a new one replaces the old. Users who
manage other users (the Administratör role) and superusers must use it; anyone may.
"""

import base64
import io

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

# Only administrators hold this permission (see core.roles). It is read from the permission
# cache every page's own permission check fills, so asking costs no extra query.
ADMINISTRATOR_PERMISSION = "auth.change_user"


# Set at login: whether the user had an authenticator then, so that the middleware asks
# readers and editors who chose two-factor login for a code without a query on every page.
SESSION_HAS_DEVICE = "security_has_otp_device"


def otp_required(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm(ADMINISTRATOR_PERMISSION))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up: a new secret, kept until confirmed with a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def device_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// QR code as an SVG data URI: an <img> the CSP allows, no script."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def device_secret(device: TOTPDevice) -> str:
    """The secret in base32 in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def verify(device: TOTPDevice, token: str) -> tuple[bool, str]:
    """Check ``token`` against ``device``; (ok, reason) where reason is "throttled" when the
    device refuses attempts for a while after repeated failures."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            return False, "throttled"
        return device.verify_token(token.replace(" ", "")), ""


def session_verify(request, device: TOTPDevice) -> None:
    # A new session key once the second factor is in, as at the password login.
    request.session.cycle_key()
    otp_login(request, device)
