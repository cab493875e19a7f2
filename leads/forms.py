from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrmModelForm, DuplicateWarningMixin
from core.widgets import AutocompleteSelect
from members.models import Member
from services.models import Service

from .models import Lead
from .selectors import lead_possible_duplicates


class LeadForm(DuplicateWarningMixin, CrmModelForm):
    duplicate_fields = ("first_name", "last_name", "email", "organisation_name", "member")

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
            "legal_basis",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Converting makes a contact and a deal, disqualifying needs a reason: those are the
        # workflows' steps (a converted or disqualified lead is not edited at all), so the form
        # moves a lead between the open statuses only.
        self.fields["status"].choices = [(s.value, s.label) for s in Lead.OPEN_STATUSES]

    def possible_duplicates(self, cleaned_data):
        if not cleaned_data.get("first_name"):
            return []
        return lead_possible_duplicates(
            first_name=cleaned_data["first_name"],
            last_name=cleaned_data.get("last_name", ""),
            email=cleaned_data.get("email", ""),
            member=cleaned_data.get("member"),
            organisation_name=cleaned_data.get("organisation_name", ""),
            exclude_pk=self.instance.pk,
        )


class LeadConvertForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.all(),
        required=False,
        label=_("Member"),
        help_text=_("The organisation the person represents."),
        widget=AutocompleteSelect(Lead._meta.get_field("member")),
    )
    new_member_name = forms.CharField(
        required=False,
        max_length=200,
        label=_("…or a new organisation"),
        help_text=_("Creates the organisation as a non-member."),
    )
    new_member_type = forms.ChoiceField(
        choices=Member.OrgType.choices, initial=Member.OrgType.OVRIGA, label=_("Its type")
    )
    use_existing_contact = forms.BooleanField(required=False, label=_("Link the existing contact"))
    service = forms.ModelChoiceField(
        queryset=Service.objects.exclude(status=Service.Status.ENDED),
        required=False,
        label=_("Service"),
    )
    deal_title = forms.CharField(required=False, max_length=200, label=_("Deal title"))

    def __init__(self, *args, existing_contact=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_contact = existing_contact
        if existing_contact is None:
            del self.fields["use_existing_contact"]
        else:
            self.fields["use_existing_contact"].initial = True
            self.fields["use_existing_contact"].help_text = _(
                "%(contact)s at %(member)s already has this email address."
            ) % {"contact": existing_contact, "member": existing_contact.member}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("use_existing_contact"):
            return cleaned
        if cleaned.get("member") and cleaned.get("new_member_name"):
            raise forms.ValidationError(
                _("Pick an existing member or name a new organisation, not both.")
            )
        if not cleaned.get("member") and not cleaned.get("new_member_name"):
            raise forms.ValidationError(
                _("Pick the member the person represents, or name a new organisation.")
            )
        return cleaned


class LeadDisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
