"""The hostile-input walk for forms: every form the project's pages post (and every record
type the API creates), sent as an administrator with one field at a time made malformed — a
wrong type, an unknown choice, the id of a record of another type, a date outside the
calendar, a NUL byte, a string far too long, a date range reversed.

Each answer is the form again with a Swedish message (200), or a refusal (400 from the API,
409 for an edit conflict; a step posted from a record's panel goes back to the record with
an error message), and nothing is written. The other fields carry what the page's
form holds, so the malformed field is the one the form refuses.
"""

import html
import json
import re

import pytest
from django import forms
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.db.models import Max
from django.db.models.fields import AutoFieldMixin
from django.urls import reverse
from django.utils import translation

from api.resources import RESOURCES
from core.roles import ADMINISTRATOR
from core.tests.factories import UserFactory
from notes.tests.factories import NoteFactory

from .hostile import changed_tables, database_fingerprint, view_class
from .urlwalk import QUERIES, one_of_each, project_patterns, project_routes, route_url

pytestmark = pytest.mark.django_db

ROUTES = dict(project_routes())
HUGE = "9" * 30
NUL = "a\x00b"
# (earlier field, later field): a range a form must refuse reversed.
RANGES = (
    ("start_date", "end_date"),
    ("started_on", "ended_on"),
    ("start", "end"),
    ("member_since", "member_until"),
)
# Forms of the accounts' own security, posted with a one-time code, not record data.
NOT_RECORD_FORMS = {"security:otp_enrol", "security:otp_verify", "login"}


def malformed_values(field: forms.Field, other_id: int) -> list:
    """Values ``field`` must refuse."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [["abc"], [HUGE], [str(other_id)], [NUL]]
    if isinstance(field, forms.ModelChoiceField):
        return ["abc", HUGE, str(other_id), NUL]
    if isinstance(field, forms.MultipleChoiceField):
        return [["no-such-choice"]]
    if isinstance(field, forms.ChoiceField):
        return ["no-such-choice", NUL]
    if isinstance(field, forms.DateTimeField):
        return ["2026-02-30T10:00", "0001-01-01T00:30", "9999-12-31T23:59", "abc"]
    if isinstance(field, forms.DateField):
        return ["2026-02-30", "0001-01-01", "9999-12-31", "abc"]
    if isinstance(field, forms.TimeField):
        return ["25:61", "abc"]
    if isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
        return ["abc", HUGE, "-" + HUGE, "1e400", "NaN"]
    if isinstance(field, forms.EmailField):
        return ["inte-en-adress", NUL]
    if isinstance(field, forms.URLField):
        return ["javascript:alert(1)", NUL]
    if isinstance(field, forms.CharField):
        too_long = ["x" * 10_000] if field.max_length and field.max_length < 10_000 else []
        return [NUL, *too_long]
    return []  # a tick box takes anything; files are tested by their own views


def is_valid_other_id(field, value, other_id) -> bool:
    """Whether ``value`` is ``other_id`` and, by chance, a record ``field`` may choose."""
    return (
        isinstance(field, forms.ModelChoiceField)
        and value in (str(other_id), [str(other_id)])
        and field.queryset.model._default_manager.filter(pk=other_id).exists()
    )


def form_fields(form_class, **kwargs) -> dict[str, forms.Field]:
    try:
        return form_class(**kwargs).fields
    except TypeError:  # a form that needs its view's arguments (a user, a record)
        return dict(form_class.base_fields)


_POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
_INPUT = re.compile(r"<input\b([^>]*)>", re.I)
_SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
_TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S | re.I)


def _attr(attrs: str, name: str) -> str | None:
    found = re.search(rf'\b{name}="([^"]*)"', attrs)
    return html.unescape(found.group(1)) if found else None


def posted_values(page_html: str, field_names) -> dict:
    """What the browser would post from the page's form holding ``field_names``."""
    for body in _POST_FORM.findall(page_html):
        data = {}
        for attrs in _INPUT.findall(body):
            name, kind = _attr(attrs, "name"), _attr(attrs, "type") or "text"
            if not name or kind in ("submit", "file"):
                continue
            if kind in ("checkbox", "radio") and not re.search(r"\bchecked\b", attrs):
                continue
            data.setdefault(name, []).append(_attr(attrs, "value") or "")
        for attrs, options in _SELECT.findall(body):
            chosen = re.findall(r"<option\b[^>]*value=\"([^\"]*)\"[^>]*\bselected\b", options)
            data[_attr(attrs, "name")] = [html.unescape(v) for v in chosen]
        for attrs, text in _TEXTAREA.findall(body):
            data[_attr(attrs, "name")] = [html.unescape(text.lstrip("\n"))]
        if set(field_names) & set(data):
            return data
    return {}


def swedish_catalogue() -> set[str]:
    with translation.override("sv"):
        catalogue = translation.trans_real.translation("sv")._catalog
        return {str(message) for _id, message in catalogue.items()}


def english_errors(form, swedish: set[str]) -> list[str]:
    """The form's error messages that are not in Swedish: the same text in English, and not
    a Swedish text of the catalogue either."""
    found = []
    for errors in form.errors.as_data().values():
        for error in errors:
            for one in error.error_list:
                with translation.override("en"):
                    english = rendered(one)
                with translation.override("sv"):
                    swedish_text = rendered(one)
                if english == swedish_text and str(one.message) not in swedish:
                    found.append(english)
    return found


def rendered(error) -> str:
    return str(error.message % error.params if error.params else error.message)


@pytest.fixture
def records(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    records = one_of_each()
    # A note whose id no other table holds: the id of a record of another type, for every
    # field that chooses a record (the same id on every database, so the same requests).
    highest = max(
        model._default_manager.aggregate(highest=Max("pk"))["highest"] or 0
        for model in apps.get_models()
        if isinstance(model._meta.pk, AutoFieldMixin)  # AutoField and BigAutoField
    )
    # Well past the highest: the users and tokens the test makes next take ids after it.
    note = NoteFactory(pk=highest + 1000, member=records.member, author=records.note.author)
    records.other_id = note.pk
    return records


@pytest.fixture
def administrator_client(login):
    return login(UserFactory(username="administrator", roles=[ADMINISTRATOR]))


def form_routes():
    """The URL names whose view posts a form with fields (the account's own two-factor
    forms aside); the API's writes are walked below."""
    names = []
    for name in sorted(ROUTES):
        if name.startswith("api:") or name in NOT_RECORD_FORMS:
            continue
        pattern = project_patterns()[name]
        cls = getattr(pattern.callback, "view_class", None)
        form_class = getattr(cls, "form_class", None)
        is_form = isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)
        if is_form and form_class.base_fields:
            names.append(name)
    return names


def check(response, form_field, swedish, failures, what):
    if response.status_code == 302:
        # A step posted from a record's panel without JavaScript goes back to the record,
        # with what was wrong as an error message at the top of the page.
        errors = [m for m in get_messages(response.wsgi_request) if m.level == ERROR]
        if not errors:
            failures.append(f"{what}: accepted (HTTP 302 without an error message)")
        return
    if response.status_code not in (200, 400, 409):
        failures.append(f"{what}: HTTP {response.status_code}")
        return
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    if isinstance(form, forms.BaseForm):
        if not form.errors:
            failures.append(f"{what}: the form was accepted")
        elif (
            form_field is not None and form_field not in form.errors and not form.non_field_errors()
        ):
            failures.append(f"{what}: no error on the field ({dict(form.errors)})")
        english = english_errors(form, swedish)
        if english:
            failures.append(f"{what}: messages not in Swedish: {english}")


@pytest.mark.parametrize("name", form_routes())
def test_malformed_form_posts_are_refused_in_swedish(
    name, records, administrator_client, hostile_requests
):
    url = route_url(name, ROUTES[name], records)
    query = QUERIES.get(name)
    if query:
        url = f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
    cls = view_class(url)
    page = administrator_client.get(url)
    form = (page.context or {}).get("form") if page.status_code == 200 else None
    if isinstance(form, forms.BaseForm):
        fields = form.fields
        baseline = posted_values(page.content.decode(), fields)
    else:  # a form posted from another page (a panel, a board): its fields, nothing else
        fields, baseline = form_fields(cls.form_class), {}
    other_id = records.other_id
    swedish = swedish_catalogue()
    failures, sent = [], 0
    before = database_fingerprint()
    for field_name, field in fields.items():
        for value in malformed_values(field, other_id):
            if is_valid_other_id(field, value, other_id):
                continue
            data = {**baseline, field_name: value}
            response = administrator_client.post(url, data)
            sent += 1
            check(response, field_name, swedish, failures, f"POST {url} {field_name}={value!r:.40}")
    for earlier, later in RANGES:
        if earlier in fields and later in fields:
            data = {**baseline, earlier: "2030-01-01", later: "2020-01-01"}
            response = administrator_client.post(url, data)
            sent += 1
            check(response, None, swedish, failures, f"POST {url} {earlier} after {later}")
    hostile_requests["POST"] += sent
    assert not failures, "\n".join(failures)
    assert changed_tables(before, database_fingerprint()) == [], "a malformed post wrote"


@pytest.mark.parametrize(
    "resource", [r for r in RESOURCES if r.form_class is not None], ids=lambda r: r.basename
)
def test_malformed_api_writes_are_refused(resource, records, token_client, hostile_requests):
    client = token_client(UserFactory(username="api", roles=[ADMINISTRATOR]))
    list_url = reverse(f"api:{resource.basename}-list")
    record = resource.model._default_manager.order_by("pk").first()
    detail_url = reverse(f"api:{resource.basename}-detail", args=[record.pk])
    other_id = records.other_id
    failures, sent = [], 0
    before = database_fingerprint()
    etag = client.get(detail_url)["ETag"]
    # A create takes the add form's fields, a change the edit form's (a contract's parties
    # change through their own steps): a field the form does not have is not read.
    writes = [
        ("post", list_url, form_fields(resource.form_class)),
        ("patch", detail_url, form_fields(resource.form_class, instance=record)),
    ]
    for method, url, fields in writes:
        for field_name, field in fields.items():
            for value in malformed_values(field, other_id):
                if is_valid_other_id(field, value, other_id):
                    continue
                body = json.dumps({field_name: value})
                response = getattr(client, method)(
                    url, body, content_type="application/json", headers={"If-Match": etag}
                )
                sent += 1
                if response.status_code != 400:
                    failures.append(
                        f"{method.upper()} {url} {field_name}={value!r:.40}: "
                        f"HTTP {response.status_code}"
                    )
    hostile_requests["API"] += sent
    assert not failures, "\n".join(failures)
    assert changed_tables(before, database_fingerprint()) == [], "a malformed write was stored"


def test_the_walk_finds_the_forms():
    """Every record type's add and edit forms and its workflows' forms are walked."""
    walked = set(form_routes())
    for app in ("members", "services", "contracts", "contacts", "deals", "leads", "notes"):
        assert {f"{app}:add", f"{app}:edit"} <= walked
    assert {"members:membership", "leads:convert", "deals:lose", "tasks:postpone"} <= walked
