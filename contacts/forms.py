from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import CrmModelForm, DuplicateWarningMixin

from .models import Contact
from .selectors import contacts_named


class ContactForm(DuplicateWarningMixin, CrmModelForm):
    duplicate_fields = ("member", "first_name", "last_name")

    class Meta:
        model = Contact
        fields = (
            "member",
            "first_name",
            "last_name",
            "title",
            "role",
            "email",
            "phone",
            "is_active",
            "last_verified",
            "legal_basis",
        )

    def clean_email(self):
        email = self.cleaned_data.get("email")
        email = email.strip().lower() if email else None
        # Unique in the database: a refusal, with the way to the contact that has it.
        existing = (
            Contact.objects.filter(email=email).exclude(pk=self.instance.pk).first()
            if email
            else None
        )
        if existing is not None:
            # Django's own "already exists" message, with the contact that has it.
            unique = self.instance.unique_error_message(Contact, ("email",))
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    unique.messages[0],
                    existing.get_absolute_url(),
                    existing,
                ),
                code="unique",
            )
        return email

    def possible_duplicates(self, cleaned_data):
        member = cleaned_data.get("member")
        first, last = cleaned_data.get("first_name"), cleaned_data.get("last_name")
        if not (member and first and last):
            return []
        return [
            (contact, _("same name at %(member)s") % {"member": member})
            for contact in contacts_named(
                first_name=first, last_name=last, member=member, exclude_pk=self.instance.pk
            )
        ]
