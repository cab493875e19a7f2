"""Security events recorded from Django's, django-axes' and core's signals (connected in
apps.py)."""

import logging

from django.contrib.auth import get_user_model
from simple_history.models import HistoricalRecords

from .models import SecurityEvent
from .otp import SESSION_HAS_DEVICE, confirmed_device
from .services import security_event_record

security_log = logging.getLogger("crm.security")


def on_logged_in(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.LOGIN, request=request, user=user)
    if hasattr(request, "session"):
        request.session[SESSION_HAS_DEVICE] = confirmed_device(user) is not None


def on_logged_out(sender, request, user, **kwargs):
    # ``user`` is None when the session had already ended.
    if user is not None:
        security_event_record(kind=SecurityEvent.Kind.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in ``credentials`` with asterisks.
    username = str(credentials.get(get_user_model().USERNAME_FIELD, "") or "")
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED, request=request, user=None, username=username
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes: too many failures for this username from this address."""
    security_event_record(
        kind=SecurityEvent.Kind.LOCKOUT, request=request, user=None, username=username or ""
    )


def on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user added to or removed from a role (a group), from either side of the relation."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    from django.contrib.auth.models import Group

    User = get_user_model()
    if reverse:  # group.user_set.add(...): one group, some users
        groups = {instance.pk: instance.name}
        users = list(User.objects.filter(pk__in=pk_set)) if pk_set else []
        if action == "pre_clear":
            users = list(instance.user_set.all())
    else:  # user.groups.add(...): one user, some groups
        users = [instance]
        if action == "pre_clear":
            pk_set = set(instance.groups.values_list("pk", flat=True))
        groups = dict(Group.objects.filter(pk__in=pk_set or ()).values_list("pk", "name"))
    if not users or not groups:
        return
    change = "added" if action == "post_add" else "removed"
    request = _current_request()
    for user in users:
        security_event_record(
            kind=SecurityEvent.Kind.ROLE_CHANGE,
            request=request,
            user=_actor(request),
            target=user.get_username(),
            **{change: sorted(groups.values())},
        )


def on_user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Superuser and staff status are roles too: record when the admin flips them."""
    if raw or instance.pk is None:
        return
    flags = ("is_superuser", "is_staff")
    if update_fields is not None and not set(update_fields) & set(flags):
        return  # e.g. last_login at every login
    before = type(instance)._default_manager.filter(pk=instance.pk).values(*flags).first()
    if before is None:
        return
    now = {flag: getattr(instance, flag) for flag in flags}
    changed = {flag: value for flag, value in now.items() if before[flag] != value}
    if changed:
        request = _current_request()
        security_event_record(
            kind=SecurityEvent.Kind.ROLE_CHANGE,
            request=request,
            user=_actor(request),
            target=instance.get_username(),
            **changed,
        )


def _current_request():
    """The request being served, if any: django-simple-history's middleware keeps it for the
    change history, and a role change made in the admin is recorded with its actor."""
    return getattr(HistoricalRecords.context, "request", None)


def _actor(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def on_records_exported(sender, request, what, export_format, rows, query, **kwargs):
    """core.signals.records_exported: who exported what, how many rows, with which filters.

    A security event (the filters by name only: a value may be a person's name) and a line
    in the ``crm.security`` log.
    """
    security_event_record(
        kind=SecurityEvent.Kind.EXPORT,
        request=request,
        what=what,
        format=export_format,
        rows=rows,
        filters=sorted(key for key, values in query.lists() if any(values)),
    )
    security_log.info(
        "export user=%s what=%s format=%s rows=%d query=%s",
        request.user.get_username(),
        what,
        export_format,
        rows,
        query.urlencode(),
    )


def on_records_imported(sender, request, file_name, totals, **kwargs):
    """core.signals.records_imported: a confirmed admin import, with its file and totals."""
    security_event_record(
        kind=SecurityEvent.Kind.IMPORT,
        request=request,
        model=sender._meta.label,
        file_name=file_name,
        totals=totals,
    )
