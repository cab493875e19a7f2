"""How the CRM writes amounts and people, wherever they are shown."""

import decimal

from django.utils.formats import number_format

NBSP = "\u00a0"


def kronor(value) -> str:
    """An amount in Swedish kronor: "415 000 kr", "1 250,50 kr" (no "415000,00")."""
    if value in (None, ""):
        return ""
    value = decimal.Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    text = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    # A space never breaks inside an amount or before "kr".
    return text.replace(" ", NBSP) + NBSP + "kr"


def person_name(user) -> str:
    """A user as people know them: "Margit Falk", not the user name "margit.falk"."""
    return user.get_full_name() or user.get_username()
