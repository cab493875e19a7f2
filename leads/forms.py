from core.forms import CrmModelForm

from .models import Lead


class LeadForm(CrmModelForm):
    class Meta:
        model = Lead
        fields = (
            "first_name",
            "last_name",
            "title",
            "email",
            "phone",
            "organisation_name",
            "member",
            "source",
            "status",
            "owner",
        )
