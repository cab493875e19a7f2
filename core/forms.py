from django import forms
from django.db import models

from .widgets import AutocompleteSelect, AutocompleteSelectMultiple

# Foreign keys to tables that grow large get a search widget instead of a select with
# every row.
LARGE_MODELS = {
    "members.member",
    "contacts.contact",
    "leads.lead",
    "deals.deal",
    "contracts.contract",
}


def https_formfield(model_field, **kwargs):
    """Form fields as usual, except that a URL typed without a scheme means https.

    Set as ``Meta.formfield_callback`` on forms with a URLField.
    """
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class CrmModelForm(forms.ModelForm):
    """Base for the CRM's edit forms: search widgets for large relations, date pickers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            related = getattr(model_field, "related_model", None)
            if related is not None and related._meta.label_lower in LARGE_MODELS:
                widget_class = (
                    AutocompleteSelectMultiple
                    if isinstance(model_field, models.ManyToManyField)
                    else AutocompleteSelect
                )
                field.widget = widget_class(model_field, choices=field.widget.choices)
                field.widget.is_required = field.required
            if isinstance(model_field, models.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
