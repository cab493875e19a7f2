"""Admin import of members from the old CRM (see README, "Moving data from the old CRM")."""

import contextlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field

from core.resources import (
    ChoiceWidget,
    CrmResource,
    DateWidget,
    LookupWidget,
    NullableTextWidget,
    TextWidget,
    cell_text,
    fold,
    zero_padded,
)

from .models import County, Member
from .tables import MemberTable
from .validators import KOMMUNKOD_RE, normalize_org_number

kommunkod_widget = NullableTextWidget(normalize=zero_padded(4))
org_number_widget = NullableTextWidget(normalize=normalize_org_number)


class MemberIndex:
    """Every member by kommunkod, organisation number and folded name, read in one query.

    Imports resolve each row's member here instead of querying per row; organisations are
    a few thousand at most.
    """

    def __init__(self):
        self.by_kommunkod: dict[str, Member] = {}
        self.by_org_number: dict[str, Member] = {}
        self.by_name: dict[str, list[Member]] = {}
        self._keys: dict[int, tuple] = {}
        for member in Member.objects.all():
            self.add(member)

    def add(self, member: Member):
        """Index ``member``, also after an import changed its codes or name."""
        old = self._keys.get(member.pk)
        if old is not None:
            kommunkod, org_number, name = old
            self.by_kommunkod.pop(kommunkod, None)
            self.by_org_number.pop(org_number, None)
            self.by_name[name] = [m for m in self.by_name[name] if m.pk != member.pk]
        name = fold(member.name)
        self._keys[member.pk] = (member.kommunkod, member.org_number, name)
        if member.kommunkod:
            self.by_kommunkod[member.kommunkod] = member
        if member.org_number:
            self.by_org_number[member.org_number] = member
        self.by_name.setdefault(name, []).append(member)

    def find(self, *, kommunkod=None, org_number=None, name=None) -> Member | None:
        """The member these identify: by kommunkod, else organisation number, else an exact
        (case-insensitive) name on a member whose codes do not contradict the row's.

        None when nothing matches; ValidationError when the identifiers disagree or the
        name is ambiguous.
        """
        by_code = self.by_kommunkod.get(kommunkod) if kommunkod else None
        by_number = self.by_org_number.get(org_number) if org_number else None
        if by_code and by_number and by_code.pk != by_number.pk:
            raise ValidationError(
                _(
                    "The municipality code %(kommunkod)s is %(first)s, but the organisation "
                    "number %(org_number)s is %(second)s."
                )
                % {
                    "kommunkod": kommunkod,
                    "first": by_code,
                    "org_number": org_number,
                    "second": by_number,
                }
            )
        if by_code or by_number:
            return by_code or by_number
        if not name:
            return None
        candidates = [
            m
            for m in self.by_name.get(fold(name), [])
            if not (kommunkod and m.kommunkod) and not (org_number and m.org_number)
        ]
        if len(candidates) > 1:
            raise ValidationError(
                _(
                    "More than one member is named “%(name)s”: give its municipality code "
                    "or organisation number."
                )
                % {"name": name}
            )
        return candidates[0] if candidates else None

    def find_token(self, token: str) -> Member:
        """A member named by one cell part: a kommunkod, an organisation number or a name."""
        token = cell_text(token)
        code = zero_padded(4)(token)
        if KOMMUNKOD_RE.match(code):
            found = self.find(kommunkod=code)
        elif token.replace("-", "").replace(" ", "").isdigit():
            found = self.find(org_number=normalize_org_number(token))
        else:
            found = self.find(name=token)
        if found is None:
            raise ValidationError(_("No member “%(value)s”.") % {"value": token})
        return found


class MemberResource(CrmResource):
    name = Field("name", "Namn", widget=TextWidget())
    org_type = Field("org_type", "Organisationstyp", widget=ChoiceWidget(Member.OrgType))
    status = Field("status", "Medlemsstatus", widget=ChoiceWidget(Member.Status))
    kommunkod = Field("kommunkod", "Kommunkod", widget=kommunkod_widget)
    org_number = Field("org_number", "Organisationsnummer", widget=org_number_widget)
    # By code, or by name as the members list exports it ("Stockholms län").
    county = Field(
        "county",
        "Länskod",
        widget=LookupWidget(County, "code", normalize=zero_padded(2), also=("name",)),
    )
    member_since = Field("member_since", "Medlem sedan", widget=DateWidget())
    member_until = Field("member_until", "Medlem till", widget=DateWidget())
    website = Field("website", "Webbplats", widget=TextWidget())
    address = Field("address", "Adress", widget=TextWidget())
    postal_code = Field("postal_code", "Postnummer", widget=TextWidget())
    city = Field("city", "Ort", widget=TextWidget())
    last_verified = Field("last_verified", "Senast verifierad", widget=DateWidget())

    header_aliases = {
        "name": ("Medlem", "Organisation", "Kommun"),
        "org_type": ("Typ", "Organisationsform"),
        "status": ("Status", "Medlemskap"),
        "org_number": ("Orgnr", "Org.nr", "Org nr", "Organisationsnr"),
        "county": ("Län", "Lanskod", "county code"),
        "website": ("Webb", "Hemsida", "URL"),
        "postal_code": ("Postnr",),
        "city": ("Postort", "Stad"),
    }

    list_table = MemberTable

    class Meta(CrmResource.Meta):
        model = Member
        import_id_fields = ("kommunkod", "org_number")
        fields = (
            "name",
            "org_type",
            "status",
            "kommunkod",
            "org_number",
            "county",
            "member_since",
            "member_until",
            "website",
            "address",
            "postal_code",
            "city",
            "last_verified",
        )

    def prepare(self, dataset):
        self.require_one_of("kommunkod", "org_number", "name")
        self.index = MemberIndex()

    def get_instance(self, instance_loader, row):
        return self.index.find(
            kommunkod=self.value(row, "kommunkod"),
            org_number=self.value(row, "org_number"),
            name=self.value(row, "name"),
        )

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # A municipality's county is the first two digits of its code.
        if instance.county_id is None and instance.kommunkod:
            # Not a known county: left empty, as the file left it.
            with contextlib.suppress(ValueError):
                instance.county = self.fields["county"].widget.clean(instance.kommunkod[:2])

    def after_save_instance(self, instance, row, **kwargs):
        # A later row of the same file with the same key updates this one.
        self.index.add(instance)
