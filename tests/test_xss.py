"""Every text field escapes on output: a script stored in each text field of every record
(and of the users and security events shown beside them) is shown as text on every page of
the project, never run.

The values are written straight into the database, as an import or another program could,
so neither form validation nor cleaning stands between them and the templates.
"""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.html import escape

from core.models import TrackedModel
from core.roles import crm_app_labels
from security.models import SecurityEvent
from security.tests.factories import SecurityEventFactory

from .urlwalk import QUERIES, one_of_each, project_routes, route_url

pytestmark = pytest.mark.django_db

# Never shown as text: the derived search column. Fields shorter than TOO_SHORT (the county's
# two-digit code) cannot hold markup.
NOT_TEXT = {"search_text"}
TOO_SHORT = 3  # "<i>" is the shortest markup
# Text fields no page shows ("Model.field"): a user is shown by name, the user name is only
# in the admin (and in the security log, as the event's own copy); the hash of a calendar
# feed's secret token.
NOT_SHOWN: set[str] = {"User.username", "ReminderSettings.calendar_token_hash"}


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.choices
        and field.name not in NOT_TEXT
        and (field.max_length or TOO_SHORT) >= TOO_SHORT
    ]


def markup(label: str, max_length: int | None) -> str:
    """A script naming the field it is stored in; where it does not fit, an <i> tag."""
    value = f'<script>alert("{label}")</script>'
    if max_length is not None and len(value) > max_length:
        value = ("<i>" + label.replace(".", "-"))[:max_length].ljust(max_length, "x")
    return value


def shown_models():
    models_ = [
        model
        for model in apps.get_models()
        if model._meta.app_label in crm_app_labels()
        and not model._meta.label.split(".")[1].startswith("Historical")
    ]
    return [*models_, get_user_model(), SecurityEvent]


@pytest.fixture
def stored(settings, tmp_path, administrator):
    """(records, {stored value: "Model.field#pk"}) after writing markup into every text
    field of every row."""
    settings.MEDIA_ROOT = tmp_path
    records = one_of_each()
    SecurityEventFactory()
    values = {}
    for model in shown_models():
        fields = text_fields(model)
        if model is get_user_model():
            fields = [f for f in fields if f.name in ("username", "first_name", "last_name")]
        if not fields:
            continue  # no text to store markup in (a coverage: two members and dates)
        rows = list(model._default_manager.values_list("pk", flat=True))
        assert rows, f"{model._meta.label}: the walk's records have none to try"
        for pk in rows:
            update = {}
            for field in fields:
                label = f"{model.__name__}.{field.name}#{pk}"
                value = markup(label, field.max_length)
                update[field.name] = value
                values[value] = label
            model._default_manager.filter(pk=pk).update(**update)
        if issubclass(model, TrackedModel):  # the search finds them by their new text
            for row in model._default_manager.all():
                row.build_search_text()
                model._default_manager.filter(pk=row.pk).update(search_text=row.search_text)
    return records, values


def test_stored_markup_is_shown_as_text_on_every_page(stored, login, administrator):
    records, values = stored
    client = login(administrator)
    pages = 0
    seen = set()
    leaks = []
    for name, arguments in project_routes():
        url = route_url(name, arguments, records)
        response = client.get(url, QUERIES.get(name))
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        for value, label in values.items():
            if value in html:
                leaks.append(f"{url}: {label} shown unescaped")
            if escape(value) in html:
                seen.add(label.split("#")[0])
    assert not leaks, "\n".join(leaks)
    assert pages > 50
    # And the check saw them: every text field is shown (escaped) on some page.
    fields = {label.split("#")[0] for label in values.values()}
    assert sorted(fields - seen - NOT_SHOWN) == []
