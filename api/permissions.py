from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from core.roles import ROLE_ACTIONS, perm_name

from .models import ApiToken
from .services import ROLE_GROUPS, api_allowed

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RolePermission(BasePermission):
    """The pages' rule: the Django model permission for what the request does (view, add,
    change, delete; a workflow step names its own), held through the user's role. A token
    carries at most the role it was created with; a role left out of API_ROLES is refused
    whatever it holds."""

    message = _("You do not have permission to do this.")

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if not api_allowed(user):
            raise exceptions.PermissionDenied(_("Your role has no access to the API."))
        model, action = view.required_permission(request)
        if model is None:
            return True
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if (
            token is not None
            and token.role != ApiToken.Role.ADMINISTRATOR
            and action not in ROLE_ACTIONS[ROLE_GROUPS[token.role]]
        ):
            return False
        # Reading the invoicing basis needs what its page needs ("fees.invoice").
        read_permission = getattr(getattr(view, "resource", None), "permission", None)
        if action == "view" and read_permission:
            return user.has_perm(read_permission)
        return user.has_perm(perm_name(model, action))
