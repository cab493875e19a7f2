"""Admin import of contacts from the old CRM ("Person")."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field

from core.resources import (
    BooleanWidget,
    CrmResource,
    DateWidget,
    NullableTextWidget,
    TextWidget,
    fold,
)
from members.resources import MemberIndex, kommunkod_widget, org_number_widget

from .models import Contact, contact_name_key
from .tables import ContactTable


def normalize_email(text: str) -> str:
    return text.strip().lower()


class ContactResource(CrmResource):
    first_name = Field("first_name", "Förnamn", widget=TextWidget())
    last_name = Field("last_name", "Efternamn", widget=TextWidget())
    title = Field("title", "Titel", widget=TextWidget())
    email = Field("email", "E-post", widget=NullableTextWidget(normalize=normalize_email))
    phone = Field("phone", "Telefon", widget=TextWidget())
    is_active = Field("is_active", "Aktiv", widget=BooleanWidget())
    last_verified = Field("last_verified", "Senast verifierad", widget=DateWidget())
    # The whole name, as the contacts list exports it: read when the file has neither
    # Förnamn nor Efternamn (``row_names``).
    name = Field("full_name", "Namn", widget=TextWidget(), readonly=True)
    # The member: any one of these three columns names it.
    member = Field("member__name", "Medlem", widget=TextWidget(), readonly=True)
    member_kommunkod = Field(
        "member__kommunkod", "Kommunkod", widget=kommunkod_widget, readonly=True
    )
    member_org_number = Field(
        "member__org_number", "Organisationsnummer", widget=org_number_widget, readonly=True
    )

    header_aliases = {
        "title": ("Befattning", "Roll"),
        "email": ("Epost", "E-postadress", "Mejl", "Mail", "e-mail"),
        "phone": ("Tel", "Telefonnummer", "Mobil"),
        "member": ("Organisation", "Kommun", "member name"),
        "member_org_number": ("Orgnr", "Org.nr", "Org nr"),
        "name": ("Fullständigt namn", "full name"),
    }
    list_table = ContactTable

    class Meta(CrmResource.Meta):
        model = Contact
        import_id_fields = ("email",)
        fields = (
            "first_name",
            "last_name",
            "title",
            "email",
            "phone",
            "is_active",
            "last_verified",
            "name",
            "member",
            "member_kommunkod",
            "member_org_number",
        )

    def prepare(self, dataset):
        self.require_one_of("member", "member_kommunkod", "member_org_number")
        self.members = MemberIndex()
        email_column = self.column("email")
        emails = (
            {normalize_email(str(e)) for e in dataset[email_column] if e and str(e).strip()}
            if email_column in self.headers
            else set()
        )
        found = Contact.objects.filter(email__in=emails).select_related("member")
        self.by_email = {c.email: c for c in found}
        # Contacts the name fallback may match: those with a name in the file, read at once.
        names = {contact_name_key(*self.row_names(row)) for row in dataset.dict}
        self.by_name: dict[tuple[int, str], list[Contact]] = {}
        for contact in Contact.objects.filter(normalized_name__in=names).select_related("member"):
            self.by_name.setdefault((contact.member_id, contact.normalized_name), []).append(
                contact
            )

    def row_names(self, row) -> tuple[str, str]:
        """(first name, last name) of the row: from Förnamn and Efternamn, or, in a file
        with neither column, from Namn split at its last space ("Anna Maria Berg" is Anna
        Maria Berg; the name key that matches people is the same however it is split)."""
        if {self.column("first_name"), self.column("last_name")} & self.headers:
            return self.value(row, "first_name") or "", self.value(row, "last_name") or ""
        first, _space, last = (self.value(row, "name") or "").rpartition(" ")
        return (first, last) if first else (last, "")

    def row_member(self, row):
        """The member the row names, None when it names none; ValidationError if unknown."""
        kommunkod = self.value(row, "member_kommunkod")
        org_number = self.value(row, "member_org_number")
        name = self.value(row, "member")
        if not (kommunkod or org_number or name):
            return None
        member = self.members.find(kommunkod=kommunkod, org_number=org_number, name=name)
        if member is None:
            raise ValidationError(
                {
                    "member": _("No member “%(value)s”.")
                    % {"value": " / ".join(v for v in (kommunkod, org_number, name) if v)}
                }
            )
        return member

    def get_instance(self, instance_loader, row):
        email = self.value(row, "email")
        if email and email in self.by_email:
            return self.by_email[email]
        # No (known) email: the same name at the same member is the same person, as long as
        # that contact has no other email.
        member = self.row_member(row)
        if member is None:
            return None
        key = contact_name_key(*self.row_names(row))
        candidates = [c for c in self.by_name.get((member.pk, key), []) if not (email and c.email)]
        if len(candidates) > 1:
            raise ValidationError(
                _(
                    "%(member)s has more than one contact named %(name)s: give the email "
                    "address, or merge the duplicates first."
                )
                % {"member": member, "name": key}
            )
        return candidates[0] if candidates else None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        no_name_columns = not {self.column("first_name"), self.column("last_name")} & self.headers
        full_name = self.value(row, "name")
        if no_name_columns and full_name and fold(full_name) != fold(instance.full_name):
            instance.first_name, instance.last_name = self.row_names(row)
        try:
            member = self.row_member(row)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        else:
            if member is not None:
                instance.member = member
            elif instance.pk is None:
                errors["member"] = [_("Give the member: Kommunkod, Organisationsnummer or Medlem.")]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The member is set outside the fields the library compares.
        if original is not None and instance.member_id != original.member_id:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        if instance.email:
            self.by_email[instance.email] = instance
        group = self.by_name.setdefault((instance.member_id, instance.normalized_name), [])
        if instance not in group:
            group.append(instance)
