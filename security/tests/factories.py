import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.models import SecurityEvent


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator; ``token_for(device)`` gives its current code."""

    class Meta:
        model = TOTPDevice

    name = "TOTP"
    confirmed = True


class SecurityEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecurityEvent

    kind = SecurityEvent.Kind.LOGIN
    username = factory.Sequence(lambda n: f"user{n}")
    ip = "192.0.2.10"


def token_for(device, offset=0) -> str:
    """The code the user's app shows now (``offset`` time steps later or earlier)."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, offset)
    return f"{code:0{device.digits}d}"


def otp_verify_client(client, user):
    """Make ``client``'s session one that has passed two-factor login, as the code prompt
    would after a correct code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDeviceFactory(
        user=user
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
