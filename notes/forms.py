from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrmModelForm

from .models import Note


class NoteForm(CrmModelForm):
    class Meta:
        model = Note
        fields = ("kind", "occurred_at", "text", "lead", "deal", "member", "contact", "contract")
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].widget = forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("lead", "deal", "member", "contact", "contract")):
            raise forms.ValidationError(
                _("Choose what the note is about: a lead, deal, member, contact or contract.")
            )
        return cleaned


class QuickNoteForm(forms.ModelForm):
    """The short form on a record's page: the subject comes from the page; the time it
    happened is now unless the user gives another."""

    class Meta:
        model = Note
        fields = ("kind", "occurred_at", "text")
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "occurred_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty means now, to the second, so a note just written tops the timeline.
        field = self.fields["occurred_at"]
        field.required, field.initial, field.show_hidden_initial = False, None, False
        field.help_text = _("Leave empty for now.")
        self.initial.pop("occurred_at", None)  # the model's default would prefill a time
