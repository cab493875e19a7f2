"""The three roles of the CRM, as Django groups with model permissions.

Läsare reads everything; Handläggare also creates and edits every record type; Administratör
may do everything, including deleting, importing and managing users.
"""

from django.utils.translation import gettext_lazy as _

CRM_APPS = ("members", "services", "contracts", "contacts", "deals", "leads", "notes")

READER = "Läsare"
EDITOR = "Handläggare"
ADMINISTRATOR = "Administratör"

ROLE_LABELS = {READER: _("Reader"), EDITOR: _("Case officer"), ADMINISTRATOR: _("Administrator")}

# Permission codename prefixes per role, for every model in CRM_APPS.
ROLE_ACTIONS = {
    READER: ("view",),
    EDITOR: ("view", "add", "change"),
    ADMINISTRATOR: ("view", "add", "change", "delete"),
}
# Administrators also manage users and groups.
ADMINISTRATOR_EXTRA_APPS = ("auth",)


def sync_roles(group_model, permission_model):
    """Create the groups and give each exactly its permissions; safe to repeat."""
    for role, actions in ROLE_ACTIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        apps = CRM_APPS + (ADMINISTRATOR_EXTRA_APPS if role == ADMINISTRATOR else ())
        perms = [
            perm
            for perm in permission_model.objects.filter(content_type__app_label__in=apps)
            .exclude(content_type__model__startswith="historical")
            .select_related("content_type")
            if perm.codename.split("_", 1)[0] in actions
            or (role == ADMINISTRATOR and perm.content_type.app_label in ADMINISTRATOR_EXTRA_APPS)
        ]
        group.permissions.set(perms)


def perm_name(model, action: str) -> str:
    """The permission string for ``action`` (view, add, change, delete) on ``model``."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"
