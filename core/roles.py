"""The three roles of the CRM, as Django groups with model permissions.

Läsare reads everything; Handläggare also creates and edits every record type; Administratör
may do everything, including deleting, importing and managing users.

The groups are kept in step with the models after every ``migrate`` (a post_migrate receiver,
see core.apps): a model or app added later gets its permissions in the groups without a data
migration of its own.
"""

from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _

READER = "Läsare"
EDITOR = "Handläggare"
ADMINISTRATOR = "Administratör"

ROLE_LABELS = {READER: _("Reader"), EDITOR: _("Case officer"), ADMINISTRATOR: _("Administrator")}

# Permission codename prefixes per role, for every model of the CRM's own apps
# (crm_app_labels()); administrators hold every permission there, these and any other.
ROLE_ACTIONS = {
    READER: ("view",),
    EDITOR: ("view", "add", "change"),
    ADMINISTRATOR: ("view", "add", "change", "delete"),
}
# Administrators also manage users and groups, unlock logins (axes) and reset two-factor
# devices (otp_totp); and they alone hold the permissions of the project's apps whose
# AppConfig sets ``administrators_only = True`` (the security log).
ADMINISTRATOR_EXTRA_APPS = ("auth", "axes", "otp_totp")


def _project_apps():
    """The project's own apps: packages at the top of the project folder."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in global_apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    ]


def crm_app_labels() -> tuple[str, ...]:
    """The project's own apps whose permissions the roles share out by ROLE_ACTIONS."""
    return tuple(
        config.label
        for config in _project_apps()
        if not getattr(config, "administrators_only", False)
    )


def administrator_app_labels() -> tuple[str, ...]:
    """The apps whose permissions only administrators hold."""
    return ADMINISTRATOR_EXTRA_APPS + tuple(
        config.label for config in _project_apps() if getattr(config, "administrators_only", False)
    )


def sync_roles(group_model, permission_model):
    """Create the groups and give each exactly its permissions; safe to repeat."""
    crm_apps = crm_app_labels()
    perms = list(
        permission_model.objects.filter(
            content_type__app_label__in=crm_apps + administrator_app_labels()
        )
        .exclude(content_type__model__startswith="historical")
        .select_related("content_type")
    )
    for role, actions in ROLE_ACTIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        if role == ADMINISTRATOR:
            granted = perms
        else:
            granted = [
                perm
                for perm in perms
                if perm.content_type.app_label in crm_apps
                and perm.codename.split("_", 1)[0] in actions
            ]
        group.permissions.set(granted)


def sync_roles_after_migrate(sender, apps=global_apps, **kwargs):
    """post_migrate receiver: once every app's permissions exist (the signal is sent for each
    app in turn, so at the last one's), bring the groups up to date. Also runs after the test
    runner's flush (which passes no ``apps``), so transactional tests find the groups too."""
    configs = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if configs and sender.label == configs[-1].label:
        sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def perm_name(model, action: str) -> str:
    """The permission string for ``action`` (view, add, change, delete) on ``model``."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def is_administrator(user) -> bool:
    """Administratör (or a superuser): the only role that imports and merges records."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()
