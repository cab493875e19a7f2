from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import CrmModelForm, DateField, https_formfield

from .models import Member
from .validators import normalize_org_number


class MemberForm(CrmModelForm):
    class Meta:
        model = Member
        formfield_callback = https_formfield
        fields = (
            "name",
            "org_type",
            "kommunkod",
            "county",
            "org_number",
            "website",
            "address",
            "postal_code",
            "city",
            "last_verified",
            "responsible",
        )

    def clean_org_number(self):
        value = self.cleaned_data.get("org_number")
        return normalize_org_number(value) if value else None


class MembershipChangeForm(forms.Form):
    status = forms.ChoiceField(choices=Member.Status.choices, label=_("New status"))
    date = DateField(label=_("Date"), initial=timezone.localdate)
    decision = forms.CharField(
        label=_("Decision"),
        max_length=300,
        help_text=_("For example “styrelsebeslut 2026-03-12”."),
    )
