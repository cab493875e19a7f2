"""Personal API tokens: created and revoked by their user, each in the security log."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import ADMINISTRATOR, EDITOR, READER
from security.models import SecurityEvent
from security.services import security_event_record

from .models import ApiToken

# The roles from least to most; a token carries at most its user's.
ROLE_ORDER = (ApiToken.Role.READER, ApiToken.Role.EDITOR, ApiToken.Role.ADMINISTRATOR)
ROLE_GROUPS = {
    ApiToken.Role.READER: READER,
    ApiToken.Role.EDITOR: EDITOR,
    ApiToken.Role.ADMINISTRATOR: ADMINISTRATOR,
}


def user_role(user) -> str | None:
    """The user's highest role (a superuser is an administrator), or None without one."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return ApiToken.Role.ADMINISTRATOR
    groups = {group.name for group in user.groups.all()}
    held = [role for role in ROLE_ORDER if ROLE_GROUPS[role] in groups]
    return held[-1] if held else None


def roles_up_to(role: str | None) -> list[str]:
    return list(ROLE_ORDER[: ROLE_ORDER.index(role) + 1]) if role else []


def api_allowed(user) -> bool:
    """Whether the user's role may use the API at all (setting API_ROLES)."""
    return user_role(user) in settings.API_ROLES


@transaction.atomic
def token_create(
    *, user, name: str, role: str, expires_on: datetime.date | None = None, request=None
) -> tuple[ApiToken, str]:
    """A new token for ``user``: (the stored token, the token itself, to show once)."""
    if role not in roles_up_to(user_role(user)):
        raise ValidationError(_("A token can carry at most your own role."), code="role_above_user")
    if expires_on is not None and expires_on <= timezone.localdate():
        raise ValidationError(_("The expiry date must be in the future."), code="expired")
    expiry = None
    if expires_on is not None:
        # The token works to the end of the chosen day.
        end = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time())
        expiry = timezone.make_aware(end) - timezone.now()
    token, raw = ApiToken.objects.create(user=user, expiry=expiry, name=name, role=role)
    security_event_record(
        kind=SecurityEvent.Kind.TOKEN_CREATED,
        request=request,
        user=user,
        token=token.token_key,
        role=role,
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, request=None) -> None:
    """Revoke ``token``: it is deleted, and refused from the next request on."""
    user, key = token.user, token.token_key
    token.delete()
    security_event_record(
        kind=SecurityEvent.Kind.TOKEN_REVOKED, request=request, user=user, token=key
    )
