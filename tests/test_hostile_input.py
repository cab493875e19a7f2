"""The hostile-input walk: every URL the project defines, as every role, with hostile values
in every query parameter it declares and in every path argument. No answer may be a server
error, and no GET may change a stored row. (Malformed form posts: test_hostile_posts.)

Every (parameter, value) pair of a URL is sent once, the three roles taking turns, so that
each role sends every value to every URL without the walk tripling its requests: the roles
differ in what they may open, not in how a page reads its query string. Anonymous users get
the whole battery on the URLs they may open (the login page, the calendar feed); elsewhere
they are sent to log in before any parameter is read. The path arguments get their battery
as every role.
"""

import itertools

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.roles import ADMINISTRATOR, EDITOR, READER
from core.tests.factories import UserFactory

from .hostile import (
    HOSTILE_VALUES,
    changed_tables,
    database_fingerprint,
    declared_parameters,
    hostile_paths,
)
from .urlwalk import QUERIES, one_of_each, project_routes, route_kwargs, route_url

pytestmark = pytest.mark.django_db

ROUTES = dict(project_routes())
ROLES = (READER, EDITOR, ADMINISTRATOR)


def send(client, url, data, failures, sent):
    sent.append(url)
    try:
        response = client.get(url, data)
    except Exception as error:  # noqa: BLE001 - reported with the request that raised it
        failures.append(f"GET {url} {shorten(data)}: {type(error).__name__}: {error}"[:300])
        return None
    if response.status_code >= 500:
        failures.append(f"GET {url} {shorten(data)}: HTTP {response.status_code}")
    return response


def shorten(data):
    return {k: (v[:20] + "…" if len(v) > 20 else v) for k, v in (data or {}).items()}


def html_of(response) -> str:
    if response is None or not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return response.content.decode(errors="replace")


def sends_to_login(response) -> bool:
    login = reverse(settings.LOGIN_URL)
    return response is not None and response.status_code == 302 and response.url.startswith(login)


@pytest.fixture
def records(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return one_of_each()


@pytest.fixture
def clients(db, login):
    return [login(UserFactory(username=f"user-{role}", roles=[role])) for role in ROLES]


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_hostile_query_strings_and_paths(name, records, clients, hostile_requests):
    url = route_url(name, ROUTES[name], records)
    base = QUERIES.get(name, {})
    kwargs = route_kwargs(name, ROUTES[name], records)
    failures, sent = [], []
    before = database_fingerprint()

    pages = [send(client, url, base, failures, sent) for client in clients]
    parameters = declared_parameters(name, url, max(map(html_of, pages), key=len))
    for j, parameter in enumerate(parameters):
        for i, value in enumerate(HOSTILE_VALUES):
            # Value i goes to role (i + j) mod 3: over any three parameters, every role sends
            # every value. With fewer parameters, every role sends them all.
            turn = clients[(i + j) % len(clients) :][:1] if len(parameters) >= 3 else clients
            for client in turn:
                send(client, url, {**base, parameter: value}, failures, sent)

    anonymous = Client()
    if not sends_to_login(send(anonymous, url, base, failures, sent)):
        for parameter, value in itertools.product(parameters, HOSTILE_VALUES):
            send(anonymous, url, {**base, parameter: value}, failures, sent)

    for client in [*clients, anonymous]:
        for path in hostile_paths(name, ROUTES[name], kwargs):
            send(client, path, base, failures, sent)

    hostile_requests["GET"] += len(sent)
    assert not failures, "\n".join(failures)
    assert changed_tables(before, database_fingerprint()) == [], "a GET changed stored rows"
