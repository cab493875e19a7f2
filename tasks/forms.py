import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import add_days, date_widget_attrs
from core.forms import CrmModelForm, DateField

from .models import Task

DATE = forms.DateInput(attrs=date_widget_attrs(), format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def active_users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class TaskForm(CrmModelForm):
    """The task's own page: add and edit (the status changes through its steps)."""

    class Meta:
        model = Task
        fields = (
            "title",
            "description",
            "due_date",
            "due_time",
            "assignee",
            "member",
            "contact",
            "lead",
            "deal",
            "contract",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_time": TIME}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_users()
        if user is not None and not self.instance.pk:
            self.fields["assignee"].initial = user.pk


class QuickTaskForm(forms.ModelForm):
    """The short form in a record's tasks panel: the record comes from the page."""

    class Meta:
        model = Task
        fields = ("title", "due_date", "due_time", "assignee")
        widgets = {"due_date": DATE, "due_time": TIME}

    def __init__(self, *args, user=None, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = active_users()
        if users is not None:
            # The panel's one list of users, for this form and every task's "reassign".
            field.choices = [("", field.empty_label)] + [(u.pk, str(u)) for u in users]
        if user is not None:
            field.initial = user.pk
        self.fields["due_date"].initial = timezone.localdate


class CompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=2000,
        help_text=_("Written as a note on the record."),
        widget=forms.TextInput,
    )


class PostponeForm(forms.Form):
    """A day, a week, or a chosen date."""

    days = forms.TypedChoiceField(
        choices=[(1, _("a day")), (7, _("a week"))], coerce=int, required=False
    )
    until = DateField(label=_("New due date"), required=False)

    def new_date(self, task, today=None) -> datetime.date:
        today = today or timezone.localdate()
        if self.cleaned_data.get("until"):
            return self.cleaned_data["until"]
        days = self.cleaned_data.get("days") or 1
        try:
            return add_days(max(task.due_date or today, today), days)
        except ValidationError:
            raise ValidationError(_("The task cannot be postponed further.")) from None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("until") and not cleaned.get("days"):
            raise forms.ValidationError(_("Choose a day, a week or a new due date."))
        return cleaned


class ReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, label=_("Assignee"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_users()


class CampaignForm(forms.Form):
    name = forms.CharField(
        label=_("Campaign"),
        max_length=200,
        help_text=_("For example “Verifiera efter valet 2026”."),
    )
    title = forms.CharField(label=_("Task title"), max_length=200)
    due_date = DateField(label=_("Due date"), required=False)
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Assignee"),
        empty_label=_("Each record's responsible"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_users()
