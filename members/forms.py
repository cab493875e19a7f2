from core.forms import CrmModelForm

from .models import Member
from .validators import normalize_org_number


class MemberForm(CrmModelForm):
    class Meta:
        model = Member
        fields = (
            "name",
            "org_type",
            "status",
            "member_since",
            "kommunkod",
            "county",
            "org_number",
            "website",
            "address",
            "postal_code",
            "city",
            "last_verified",
        )

    def clean_org_number(self):
        value = self.cleaned_data.get("org_number")
        return normalize_org_number(value) if value else None
