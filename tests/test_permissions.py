"""The role walk: every URL the project defines, as anonymous, Läsare, Handläggare and
Administratör, with GET and with POST, against a declared table of who may do what.

A URL added without a row in ACCESS fails ``test_every_url_has_a_row``: no URL is left out.
POSTs carry no form data, so a form answers 200 (shown again with its errors) and a one-click
action or a deletion does what it does (302, or 409 when something refers to the record);
each request runs in a transaction that is rolled back, so the next one finds the same data.
"""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.roles import ADMINISTRATOR, EDITOR, READER
from core.tests.factories import UserFactory

from .record_types import RECORD_TYPES
from .urlwalk import QUERIES, one_of_each, project_routes, route_url

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


@dataclass(frozen=True)
class Rule:
    """Who may make one kind of request, and what an allowed one answers."""

    perm: str | tuple[str, ...] | None = None  # None: every logged-in user
    ok: tuple[int, ...] = (200,)
    public: bool = False  # anonymous users too; else they are sent to log in
    administrators_only: bool = False  # the Administratör role (or a superuser), not a perm
    api: bool = False  # the REST API: anonymous requests get 401, not the login page

    def allows(self, user) -> bool:
        if user is None:
            return self.public
        if self.administrators_only and not user.groups.filter(name=ADMINISTRATOR).exists():
            return False
        perms = (self.perm,) if isinstance(self.perm, str) else self.perm or ()
        return user.has_perms(perms)


def page(perm=None, **kwargs):
    return Rule(perm, (200,), **kwargs)


def form(perm=None, **kwargs):
    """A POST to a form: 200 (errors shown) or 302 (done)."""
    return Rule(perm, (200, 302), **kwargs)


def action(perm=None, **kwargs):
    """A POST that acts at once: 302 back to the record."""
    return Rule(perm, (302,), **kwargs)


def delete(perm):
    """302 to the list, or 409 with what still refers to the record."""
    return Rule(perm, (302, 409))


def not_allowed(perm=None, **kwargs):
    """A method the URL does not serve: 405 once the permission check has passed."""
    return Rule(perm, (405,), **kwargs)


def api(perm=None, ok=(200,)):
    return Rule(perm, ok, api=True)


def api_rows():
    """The REST API's routes (api/resources.py): the model permission of what a request
    does, by its method (a workflow step: change; adding a note: add a note). POSTs carry no
    data: a create or a step with a form answers 400, a step without one does it (201)."""
    from api.resources import RESOURCES
    from api.views import STEPS
    from core.registry import record_type

    rows = {
        "api:api-root": (api(), api(ok=(405,))),
        "api:schema": (api(), api(ok=(405,))),
        "api:docs": (api(), api(ok=(405,))),
    }
    for resource in RESOURCES:
        base, opts = resource.basename, resource.model._meta
        view, add, change = (
            f"{opts.app_label}.{a}_{opts.model_name}" for a in ("view", "add", "change")
        )
        created = (400,) if resource.form_class is not None else (405,)
        # The invoicing basis is read with the permission its page needs (fees.invoice).
        view = resource.permission or view
        rows[f"api:{base}-list"] = (api(view), api(add, ok=created))
        rows[f"api:{base}-detail"] = (api(view), api(add, ok=(405,)))
        for step in STEPS.get(base, {}):
            done = (201,) if step in ("win", "renew") else (400,)
            rows[f"api:{base}-{step}"] = (api(change, ok=(405,)), api(change, ok=done))
        registered = record_type(resource.model)
        if registered is not None and registered.notes_subject:
            rows[f"api:{base}-add-note"] = (
                api("notes.add_note", ok=(405,)),
                api("notes.add_note", ok=(400,)),
            )
    return rows


def crud(rt):
    app, model = rt.app, rt.model._meta.model_name
    view, add, change, remove = (f"{app}.{a}_{model}" for a in ("view", "add", "change", "delete"))
    return {
        f"{app}:list": (page(view), not_allowed(view)),
        f"{app}:add": (page(add), form(add)),
        f"{app}:detail": (page(view), not_allowed(view)),
        f"{app}:edit": (page(change), form(change)),
        f"{app}:delete": (page(remove), delete(remove)),
        f"{app}:history": (page(view), not_allowed(view)),
        f"{app}:restore": (
            page(change, administrators_only=True),
            form(change, administrators_only=True),
        ),
    }


ACCESS: dict[str, tuple[Rule, Rule]] = {
    # name: (GET, POST)
    # The pages every record type has (tests/record_types.py).
    **{name: rules for rt in RECORD_TYPES for name, rules in crud(rt).items()},
    "home": (page(), not_allowed()),
    "search": (page(), not_allowed()),
    "autocomplete": (page(), not_allowed()),
    "login": (Rule(ok=(200, 302), public=True), Rule(ok=(200, 302), public=True)),
    "logout": (not_allowed(), action()),
    "set_language": (Rule(ok=(302,)), action()),
    "members:membership": (page("members.change_member"), form("members.change_member")),
    "members:bulk_responsible": (page("members.change_member"), form("members.change_member")),
    "contracts:bulk_responsible": (
        page("contracts.change_contract"),
        form("contracts.change_contract"),
    ),
    "members:verify": (not_allowed("members.change_member"), action("members.change_member")),
    "contracts:party_add": (page("contracts.change_contract"), form("contracts.change_contract")),
    "contracts:party_remove": (
        not_allowed("contracts.change_contract"),
        action("contracts.change_contract"),
    ),
    "contracts:renew": (page("contracts.change_contract"), form("contracts.change_contract")),
    "contracts:document": (page("contracts.view_contract"), not_allowed("contracts.view_contract")),
    "contacts:verify": (not_allowed("contacts.change_contact"), action("contacts.change_contact")),
    "contacts:duplicates": (
        page("contacts.change_contact"),
        not_allowed("contacts.change_contact"),
    ),
    "contacts:merge": (page("contacts.delete_contact"), form("contacts.delete_contact")),
    "deals:board": (page("deals.view_deal"), not_allowed("deals.view_deal")),
    "deals:board_move": (not_allowed("deals.change_deal"), form("deals.change_deal")),
    "deals:move": (page("deals.change_deal"), form("deals.change_deal")),
    "deals:win": (page("deals.change_deal"), form("deals.change_deal")),
    "deals:lose": (page("deals.change_deal"), form("deals.change_deal")),
    "deals:reopen": (page("deals.change_deal"), form("deals.change_deal")),
    "leads:convert": (page("leads.change_lead"), form("leads.change_lead")),
    "leads:disqualify": (page("leads.change_lead"), form("leads.change_lead")),
    "notes:quick_add": (not_allowed("notes.add_note"), form("notes.add_note")),
    # A part of the record's page, fetched by htmx: a plain GET is sent to the page.
    "notes:panel": (Rule("notes.view_note", (302,)), not_allowed("notes.view_note")),
    # Readers see a record's tasks; case officers add, complete, postpone and reassign them.
    "tasks:panel": (Rule("tasks.view_task", (302,)), form("tasks.add_task")),
    "tasks:complete": (not_allowed("tasks.change_task"), action("tasks.change_task")),
    "tasks:postpone": (not_allowed("tasks.change_task"), action("tasks.change_task")),
    "tasks:reassign": (not_allowed("tasks.change_task"), action("tasks.change_task")),
    "tasks:campaigns": (page("tasks.view_task"), not_allowed("tasks.view_task")),
    "tasks:campaign": (page("tasks.view_task"), not_allowed("tasks.view_task")),
    # The list a campaign is made from is named in the query string, which a bare POST
    # lacks: 404 once the permission is checked.
    "tasks:campaign_add": (page("tasks.add_task"), Rule("tasks.add_task", (404,))),
    # Everyone's own reminders; the calendar feed has no login (its token is the key) and
    # answers 404 to a token it does not know.
    "tasks:reminders": (not_allowed(), action()),
    "tasks:calendar_token": (not_allowed(), action()),
    "tasks:calendar": (Rule(ok=(404,), public=True), Rule(ok=(405,), public=True)),
    "reports:index": (page("members.view_member"), not_allowed("members.view_member")),
    "reports:membership": (page("members.view_member"), not_allowed("members.view_member")),
    "reports:membership_map": (page("members.view_member"), not_allowed("members.view_member")),
    "reports:services": (
        page(("contracts.view_contract", "members.view_member")),
        not_allowed(("contracts.view_contract", "members.view_member")),
    ),
    "reports:services_map": (
        page(("contracts.view_contract", "members.view_member")),
        not_allowed(("contracts.view_contract", "members.view_member")),
    ),
    "reports:contracts": (page("contracts.view_contract"), not_allowed("contracts.view_contract")),
    "reports:pipeline": (page("deals.view_deal"), not_allowed("deals.view_deal")),
    "privacy:stale_leads": (
        page(administrators_only=True),
        not_allowed(administrators_only=True),
    ),
    "privacy:contacts_export": (
        page(administrators_only=True),
        not_allowed(administrators_only=True),
    ),
    "privacy:contacts_erase": (
        page("contacts.change_contact", administrators_only=True),
        form("contacts.change_contact", administrators_only=True),
    ),
    "privacy:leads_export": (
        page(administrators_only=True),
        not_allowed(administrators_only=True),
    ),
    "privacy:leads_erase": (
        page("leads.change_lead", administrators_only=True),
        form("leads.change_lead", administrators_only=True),
    ),
    # The invoicing basis: administrators and whoever is given the invoicing permission;
    # issuing it needs the permission to issue too (administrators hold every fees permission).
    "fees:basis": (page("fees.invoice"), not_allowed("fees.invoice")),
    "fees:forecast": (page("fees.invoice"), not_allowed("fees.invoice")),
    "fees:issue": (page(("fees.invoice", "fees.issue")), form(("fees.invoice", "fees.issue"))),
    # Everyone's own security page and two-factor setup; the code prompt sends those without
    # an authenticator on to the setup (302).
    "security:account": (page(), not_allowed()),
    "security:otp_enrol": (page(), form()),
    "security:otp_verify": (Rule(ok=(200, 302)), form()),
    "security:otp_remove": (not_allowed(), action()),
    # Everyone's own API tokens on the account page: created by a POST (the form shown
    # again), revoked by another (no such token here: 404).
    "api:token_create": (not_allowed(), form()),
    "api:token_revoke": (not_allowed(), Rule(ok=(404,))),
    **api_rows(),
    "security:events": (
        page("security.view_securityevent"),
        not_allowed("security.view_securityevent"),
    ),
}

ROUTES = dict(project_routes())
ROLES = (None, READER, EDITOR, ADMINISTRATOR)


def test_every_url_has_a_row():
    assert sorted(set(ROUTES) - set(ACCESS)) == [], "URLs without a row in ACCESS"
    assert sorted(set(ACCESS) - set(ROUTES)) == [], "rows in ACCESS for URLs that are gone"


@pytest.fixture
def records(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return one_of_each()


@pytest.fixture
def users(db):
    return {
        READER: UserFactory(username="lasare", roles=[READER]),
        EDITOR: UserFactory(username="handlaggare", roles=[EDITOR]),
        ADMINISTRATOR: UserFactory(username="administrator", roles=[ADMINISTRATOR]),
    }


def expected(rule: Rule, user) -> str:
    if user is None and rule.api:
        return "401"
    if user is None and not rule.public:
        return "login"
    return "ok" if rule.allows(user) else "403"


def outcome(response, rule: Rule) -> str:
    if response.status_code == 302 and response.url.startswith(f"{LOGIN}?"):
        return "login"
    if response.status_code in (401, 403):
        return str(response.status_code)
    if response.status_code in rule.ok:
        return "ok"
    return f"HTTP {response.status_code}"


@pytest.mark.parametrize("name", sorted(set(ROUTES) & set(ACCESS)))
def test_who_may_open_and_post_to(name, records, users, login):
    url = route_url(name, ROUTES[name], records)
    wrong = []
    for role in ROLES:
        for method, rule in zip(("GET", "POST"), ACCESS[name], strict=True):
            user = users[role] if role else None
            with transaction.atomic():
                # Administrators come with a verified authenticator (see conftest.login).
                client = login(user) if user else Client()
                response = getattr(client, method.lower())(url, QUERIES.get(name))
                transaction.set_rollback(True)
            want, got = expected(rule, user), outcome(response, rule)
            if want != got:
                wrong.append(f"{role or 'anonymous'} {method} {url}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)
