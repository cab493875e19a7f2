"""What the hostile-input walk (test_hostile_input) sends: the query parameters each URL
declares, hostile values for them and for path arguments, malformed values for each kind of
form field, and a fingerprint of every stored row to show that nothing was written."""

import hashlib
import re
from urllib.parse import quote

from django import forms
from django.apps import apps
from django.urls import resolve, reverse

# Values no user types, but anyone can send.
HOSTILE_VALUES = (
    "99999999999999999999999999999",
    "-99999999999999999999",
    "-1",
    "0",
    "abc",
    "../",
    "a\x00b",
    "x" * 10_000,
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "%",
    "_",
    "'\"",
    "{{ 7|add:7 }}",
    "Åä\u202eö😀",
    "1e400",
)

# Path arguments: what the URL pattern's converter lets through.
HOSTILE_PATH_VALUES = {
    "int": ("0", "99999999999999999999999999999", "9223372036854775808"),
    "str": ("abc", "%00", "Åä😀", "x" * 1000, "..%2F"),
}

# Parameters every list reads besides its filters: the page, the sort, an export.
LIST_PARAMETERS = ("page", "sort", "_export", "per_page")
API_PARAMETERS = ("cursor", "ordering", "page_size", "format")
SCHEMA_PARAMETERS = ("lang", "format", "version")
AUTOCOMPLETE_PARAMETERS = ("app_label", "model_name", "field_name", "term", "page")

# Rows that a request may write: the security log records exports and logins by design, an
# API token when it was last used.
MAY_CHANGE_ON_GET = {"security.securityevent", "api.apitoken"}

PLACEHOLDER_INT = 987654321
PLACEHOLDER_STR = "placeholder-value"


def view_class(url: str):
    func = resolve(url.split("?")[0]).func
    return getattr(func, "view_class", None) or getattr(func, "cls", None)


def field_names(form_fields: dict) -> list[str]:
    """The names a form posts or a query string carries: a from–to pair is two of them."""
    names = []
    for name, field in form_fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        if isinstance(field.widget, forms.MultiWidget) and suffixes:
            names += [f"{name}_{suffix}" if suffix else name for suffix in suffixes]
        else:
            names.append(name)
    return names


def declared_parameters(name: str, url: str, page_html: str = "") -> list[str]:
    """The query parameters a URL reads: its filterset's and form's fields, a list's paging,
    sorting and export, the API's, and the inputs of any GET form on its page."""
    cls = view_class(url)
    found = []
    filterset_class = getattr(cls, "filterset_class", None)
    if filterset_class is not None:
        found += field_names(filterset_class().form.fields)
        found += API_PARAMETERS if name.startswith("api:") else LIST_PARAMETERS
    form_class = getattr(cls, "form_class", None)
    if isinstance(form_class, type) and issubclass(form_class, forms.BaseForm):
        found += field_names(form_class.base_fields)
    if name == "api:schema":
        found += SCHEMA_PARAMETERS
    if name == "autocomplete":
        found += AUTOCOMPLETE_PARAMETERS
    found += get_form_inputs(page_html)
    found.append("q")
    return list(dict.fromkeys(found))


_GET_FORM = re.compile(r"<form\b(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)
# The first name="…" of the tag that is the attribute itself (not data-model-name="…").
_NAME = re.compile(r"<(?:input|select|textarea)\b[^>]*?\sname=\"([^\"]+)\"", re.I)


def get_form_inputs(page_html: str) -> list[str]:
    return [n for body in _GET_FORM.findall(page_html) for n in _NAME.findall(body)]


def hostile_paths(name: str, arguments: list[str], kwargs: dict) -> list[str]:
    """The URL with each path argument in turn replaced by what its converter lets through."""
    paths = []
    for argument in arguments:
        converter = _converter(name, argument)
        placeholder = PLACEHOLDER_INT if converter == "int" else PLACEHOLDER_STR
        try:
            url = reverse(name, kwargs={**kwargs, argument: placeholder})
        except Exception:  # noqa: BLE001 - a regex argument that takes no placeholder
            continue
        for value in HOSTILE_PATH_VALUES[converter]:
            paths.append(url.replace(str(placeholder), quote(value, safe="%")))
    return paths


def _converter(name: str, argument: str) -> str:
    from django.urls.converters import IntConverter

    from .urlwalk import project_patterns

    pattern = project_patterns()[name]
    converter = getattr(pattern.pattern, "converters", {}).get(argument)
    return "int" if isinstance(converter, IntConverter) else "str"


def database_fingerprint() -> dict[str, str]:
    """A digest of every row of every model of the project and of the users, by model."""
    digests = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in MAY_CHANGE_ON_GET or model._meta.app_label in (
            "sessions",
            "axes",
            "admin",
            "contenttypes",
            "otp_totp",
            "otp_static",
            "knox",
        ):
            continue
        digest = hashlib.sha256()
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
        digests[label] = digest.hexdigest()
    return digests


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))
