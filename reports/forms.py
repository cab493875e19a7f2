from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member


class ReportFilterForm(forms.Form):
    """Year, county and organisation type, read from the URL (GET) so that a report can be
    bookmarked and sent on. Each report says what its year means and what no year means."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    county = forms.TypedChoiceField(label=_("County"), coerce=int, required=False, empty_value=None)
    org_type = forms.ChoiceField(
        label=_("Organisation type"),
        choices=[("", _("All types")), *Member.OrgType.choices],
        required=False,
    )

    def __init__(self, data, *, years, counties, no_year_label):
        super().__init__(data)
        self.fields["year"].choices = [("", no_year_label), *((y, y) for y in years)]
        self.fields["county"].choices = [("", _("All counties")), *counties]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def value_of(self, name):
        """After is_valid(): the chosen value, or None where none or an invalid one was given."""
        return self.cleaned_data.get(name) or None
