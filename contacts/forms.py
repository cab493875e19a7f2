from core.forms import CrmModelForm

from .models import Contact


class ContactForm(CrmModelForm):
    class Meta:
        model = Contact
        fields = (
            "member",
            "first_name",
            "last_name",
            "title",
            "email",
            "phone",
            "is_active",
            "last_verified",
        )

    def clean_email(self):
        email = self.cleaned_data.get("email")
        return email.strip().lower() if email else None
