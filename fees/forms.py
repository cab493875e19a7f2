from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from . import calculation


class FeeBasisIssueForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Why it is issued again, for a new version (for example a corrected address)."),
    )


class FeeBandFormSet(BaseInlineFormSet):
    """The bands of a schedule in the admin: together they cover 0 to infinity exactly once."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        bands = [
            (form.cleaned_data["lower"], form.cleaned_data.get("upper"))
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("lower") is not None
        ]
        errors = calculation.band_errors(bands)
        if errors:
            raise ValidationError(errors)


class FeeScheduleCopyForm(forms.Form):
    year = forms.IntegerField(label=_("To the year"), min_value=2000, max_value=2200)
