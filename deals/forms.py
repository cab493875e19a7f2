from core.forms import CrmModelForm

from .models import Deal


class DealForm(CrmModelForm):
    class Meta:
        model = Deal
        fields = (
            "title",
            "member",
            "service",
            "contacts",
            "stage",
            "probability",
            "value",
            "expected_close",
            "owner",
            "lead",
        )
