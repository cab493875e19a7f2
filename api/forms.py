from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField

from .models import ApiToken
from .services import roles_up_to, user_role


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “Webbplatsen”.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=ApiToken.Role.choices)
    expires_on = DateField(
        label=_("Valid until"), required=False, help_text=_("Empty: until revoked.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = roles_up_to(user_role(user))
        self.fields["role"].choices = [
            (value, label) for value, label in ApiToken.Role.choices if value in allowed
        ]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "role" else "form-control"
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"
