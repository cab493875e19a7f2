from django import forms

from core.forms import CrmModelForm, DateField
from core.widgets import AutocompleteSelect

from .models import Contract, ContractParty
from .services import contract_set_parties


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
            "signed_on",
            "document",
            "responsible",
            "description",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Parties of an existing contract are added and removed on its page, where
            # each keeps its role and signing date.
            del self.fields["parties"]
        else:
            # A contract has at least one party.
            self.fields["parties"].required = True
            self.fields["parties"].widget.is_required = True
        self.fields["document"].widget.attrs["accept"] = "application/pdf,.pdf"

    def _save_m2m(self):
        # The parties of a new contract go through the service that keeps the party rule.
        parties = self.cleaned_data.pop("parties", None)
        super()._save_m2m()
        if parties is not None:
            contract_set_parties(
                contract=self.instance, members=parties, user=self.instance.updated_by
            )


class ContractPartyForm(forms.ModelForm):
    class Meta:
        model = ContractParty
        fields = ("member", "role", "signed_on")
        field_classes = {"signed_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget = AutocompleteSelect(
            ContractParty._meta.get_field("member"), choices=self.fields["member"].widget.choices
        )
        self.fields["member"].widget.is_required = True
