from core.forms import CrmModelForm

from .models import Contract


class ContractForm(CrmModelForm):
    class Meta:
        model = Contract
        fields = (
            "number",
            "title",
            "service",
            "parties",
            "status",
            "start_date",
            "end_date",
            "value",
            "origin_deal",
            "description",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A contract has at least one party.
        self.fields["parties"].required = True
        self.fields["parties"].widget.is_required = True
