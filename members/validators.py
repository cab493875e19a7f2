import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_NUMBER_RE = re.compile(r"^\d{6}-\d{4}$")
KOMMUNKOD_RE = re.compile(r"^\d{4}$")


def luhn_ok(digits: str) -> bool:
    """True when the last digit of ``digits`` is the Luhn check digit of the rest."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normalize_org_number(value: str) -> str:
    """Accept "2120000142" or "212000-0142" and return the canonical NNNNNN-NNNN form."""
    value = (value or "").strip().replace(" ", "")
    if re.fullmatch(r"\d{10}", value):
        return f"{value[:6]}-{value[6:]}"
    return value


def validate_org_number(value: str) -> None:
    if not ORG_NUMBER_RE.match(value or ""):
        raise ValidationError(
            _("Enter the organisation number as NNNNNN-NNNN, for example 212000-0142."),
            code="org_number_format",
        )
    if not luhn_ok(value.replace("-", "")):
        raise ValidationError(
            _("The organisation number %(value)s has a wrong check digit."),
            code="org_number_checksum",
            params={"value": value},
        )


def validate_kommunkod(value: str) -> None:
    if not KOMMUNKOD_RE.match(value or ""):
        raise ValidationError(
            _("A municipality code is four digits, for example 0180."), code="kommunkod"
        )
