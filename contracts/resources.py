"""Admin import of contracts from the old CRM ("Avtal"), with their parties."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field

from core.resources import (
    ChoiceWidget,
    CrmResource,
    DateWidget,
    DecimalWidget,
    LookupWidget,
    NullableTextWidget,
    TextWidget,
    cell_text,
    is_blank,
)
from members.resources import MemberIndex
from services.models import Service

from .models import Contract
from .services import contract_parties_check, contract_set_parties
from .tables import ContractTable

PARTY_SEPARATOR = ";"


class PartiesField(Field):
    """The contract's parties as the file writes them; imported by ``save_m2m``."""

    def get_value(self, instance):
        if instance is None or instance.pk is None:
            return ""
        return PARTY_SEPARATOR.join(
            m.kommunkod or m.org_number or m.name for m in instance.parties.all()
        )


class ContractResource(CrmResource):
    number = Field("number", "Avtalsnummer", widget=NullableTextWidget())
    title = Field("title", "Titel", widget=TextWidget())
    service = Field("service", "Tjänst", widget=LookupWidget(Service, "name"))
    status = Field("status", "Status", widget=ChoiceWidget(Contract.Status))
    start_date = Field("start_date", "Startdatum", widget=DateWidget())
    end_date = Field("end_date", "Slutdatum", widget=DateWidget())
    signed_on = Field("signed_on", "Signerat", widget=DateWidget())
    value = Field("value", "Värde", widget=DecimalWidget())
    description = Field("description", "Beskrivning", widget=TextWidget())
    # Kommunkod or organisation numbers (or exact names), separated by ";".
    parties = PartiesField(None, "Parter", widget=TextWidget(), readonly=True)

    header_aliases = {
        "number": ("Kontraktsnummer", "Avtalsnr", "Nummer", "Avtal"),
        "title": ("Rubrik", "Benämning", "Namn"),
        "service": ("Projekt", "service name"),
        "start_date": ("Start", "Från"),
        "end_date": ("Slut", "Till"),
        "signed_on": ("Signerad", "Undertecknat", "Signeringsdatum"),
        "value": ("Värde (SEK)", "Belopp"),
        "parties": ("Part", "Avtalsparter", "party", "parties"),
    }

    list_table = ContractTable

    class Meta(CrmResource.Meta):
        model = Contract
        import_id_fields = ("number",)
        fields = (
            "number",
            "title",
            "service",
            "status",
            "start_date",
            "end_date",
            "signed_on",
            "value",
            "description",
            "parties",
        )

    def prepare(self, dataset):
        self.require_one_of("number")
        self.members = MemberIndex()
        numbers = {cell_text(n) for n in dataset[self.column("number")] if not is_blank(n)}
        self.by_number = {
            c.number: c
            for c in Contract.objects.filter(number__in=numbers).prefetch_related("parties")
        }

    def get_instance(self, instance_loader, row):
        number = self.value(row, "number")
        if number is None:
            # Without its number a re-import could not find the contract again.
            raise ValidationError({"number": _("Every contract needs its contract number.")})
        return self.by_number.get(number)

    def row_parties(self, row):
        """The members in the Parter cell, or None when the cell is absent or empty."""
        column = self.column("parties")
        if column not in row or is_blank(row[column]):
            return None
        members, errors = [], []
        for token in cell_text(row[column]).split(PARTY_SEPARATOR):
            if not token.strip():
                continue
            try:
                member = self.members.find_token(token)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                if member not in members:
                    members.append(member)
        if errors:
            raise ValidationError({"parties": errors})
        return members

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            instance._import_parties = self.row_parties(row)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        else:
            if instance._import_parties is None and instance.pk is None:
                errors["parties"] = [_("A contract needs at least one party.")]
            elif instance._import_parties is not None:
                try:  # a cell of separators only would leave the contract without parties
                    contract_parties_check(instance._import_parties)
                except ValidationError as exc:
                    errors["parties"] = exc.messages
        if errors:
            raise ValidationError(errors)

    def current_parties(self, instance) -> set[int]:
        return {m.pk for m in instance.parties.all()} if instance.pk else set()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        wanted = getattr(instance, "_import_parties", None)
        if wanted is not None and {m.pk for m in wanted} != self.current_parties(instance):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_m2m(self, instance, row, **kwargs):
        """Make the parties those of the file, through the service the contract page uses:
        members already parties keep their roles, new ones join as "party", the others
        leave, each change in the party history."""
        wanted = getattr(instance, "_import_parties", None)
        if wanted is None:
            return
        if hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache.pop("parties", None)
        contract_set_parties(contract=instance, members=wanted, user=self.user)
