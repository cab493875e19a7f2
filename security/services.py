from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .ip import client_ip
from .models import SecurityEvent
from .otp import SESSION_HAS_DEVICE, session_verify


def security_event_record(
    *, kind: str, request=None, user=None, username: str = "", **detail
) -> SecurityEvent:
    """Record a security event: who (``user``, else the request's user), from where (the
    request's client address) and a small ``detail`` (identifiers and counts only).

    ``username`` names the account when there is no user, as in a failed login (the
    request's user is then not looked at). Called by
    the receivers in security.receivers and by the services that export, import, merge and
    erase records.
    """
    if user is None and not username and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if user is not None:
        username = user.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:150],
        ip=client_ip(request) if request is not None else None,
        detail=detail,
    )


@transaction.atomic
def otp_device_confirm(*, request, device: TOTPDevice) -> TOTPDevice:
    """Make ``device`` the user's authenticator, replacing any earlier one, and count this
    session as verified with it."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    session_verify(request, device)
    security_event_record(kind=SecurityEvent.Kind.OTP_ENROLLED, request=request, user=device.user)
    return device


@transaction.atomic
def otp_device_remove(*, request, user) -> int:
    """Remove the user's authenticator; an administrator must set up a new one at once."""
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    request.session.pop(SESSION_HAS_DEVICE, None)
    if removed:
        security_event_record(kind=SecurityEvent.Kind.OTP_REMOVED, request=request, user=user)
    return removed
