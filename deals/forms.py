from django import forms
from django.utils.translation import gettext_lazy as _

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Winning and losing are their own steps (a contract is drafted, a reason is
        # required), so the form only moves a deal between open stages.
        if self.instance.pk and not self.instance.is_open:
            del self.fields["stage"]
        else:
            self.fields["stage"].choices = [(s.value, s.label) for s in Deal.OPEN_STAGES]


class DealMoveForm(forms.Form):
    stage = forms.ChoiceField(
        choices=[(s.value, s.label) for s in Deal.OPEN_STAGES], label=_("Stage")
    )


class DealLoseForm(forms.Form):
    reason = forms.ChoiceField(choices=Deal.LossReason.choices, label=_("Reason"))
    comment = forms.CharField(
        required=False, label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3})
    )
