"""The direction of imports between the CRM's apps (README, "Development").

Every import of every app's own code (its tests and migrations left out) is read with
``ast`` and checked against the layers:

- ``core`` is the ground floor: it imports no other app of the project.
- ``security`` stands on core alone.
- A record app's domain modules (models, services, selectors, validators, resources and
  the like) import only core, security and the record apps their foreign keys point to.
- A record app's pages (views, forms, filters, tables, admin, urls, apps, commands,
  template tags) may also read the other record apps, through their models, selectors and
  services. No record app imports another's pages: what would grow with every app (the
  panels of a record's page, the searchable types) is registered instead (core.registry).
- ``reports``, ``privacy`` and ``workspace`` stand on top and may read every record app;
  only ``workspace`` (the start page) reads the other two.
"""

import ast
import tomllib
from pathlib import Path

import pytest
from django.apps import apps as django_apps

ROOT = Path(__file__).resolve().parent.parent

BASE = {"core", "security"}
# Each record app and the record apps its foreign keys point to.
FOREIGN_KEYS = {
    "members": set(),
    "services": set(),
    "contacts": {"members"},
    "leads": {"members", "contacts"},
    "deals": {"members", "services", "contacts", "leads"},
    "contracts": {"members", "services", "deals"},
    "notes": {"members", "contacts", "leads", "deals", "contracts"},
    "tasks": {"members", "contacts", "leads", "deals", "contracts", "notes"},
    "fees": {"members"},
}
RECORD_APPS = set(FOREIGN_KEYS)
TOP = {
    "reports": set(),
    "privacy": set(),
    "workspace": {"reports", "privacy"},
    # The REST API reads every record app, its pages' declarations included (api/resources.py).
    "api": set(),
}
PAGE_MODULES = {"views", "forms", "filters", "tables", "admin", "urls", "apps"}
PAGE_PACKAGES = {"management", "templatetags"}
# What a page may import of another record app: its reads and its operations.
PUBLIC_MODULES = {"models", "selectors", "services"}


def project_apps() -> list[str]:
    return sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def app_modules(app: str):
    """(path, parts inside the app) of every module of ``app``'s own code."""
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT / app).with_suffix("").parts
        if {"tests", "migrations"} & set(parts):
            continue
        yield path, parts


def imported(source: str) -> list[tuple[int, str]]:
    """(line, dotted module) of every absolute import in ``source``, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # "from contracts import services" imports the module contracts.services.
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def is_page(parts: tuple[str, ...]) -> bool:
    return parts[0] in PAGE_PACKAGES or parts[0] in PAGE_MODULES


def refusal(app: str, parts: tuple[str, ...], module: str, apps: set[str]) -> str | None:
    """Why ``app``'s module ``parts`` may not import ``module``, or None if it may."""
    target, *rest = module.split(".")
    if target not in apps or target == app:
        return None  # the standard library, a package, or the app itself
    if app == "core":
        return "core imports no app of the project"
    if app == "security":
        return None if target == "core" else "security stands on core alone"
    if app in TOP:
        if target in BASE | RECORD_APPS | TOP[app]:
            return None
        return f"{app} does not read {target}"
    if app in RECORD_APPS:
        if target in BASE:
            return None
        if target not in RECORD_APPS:
            return f"a record app does not import {target}, which stands on top of it"
        if rest and (rest[0] in PAGE_MODULES or rest[0] in PAGE_PACKAGES):
            return "an app's pages are its own: register a panel or read its selectors"
        if target in FOREIGN_KEYS[app]:
            return None
        if not is_page(parts):
            return f"{app}'s foreign keys do not point to {target}"
        if rest and rest[0] in PUBLIC_MODULES:
            return None
        return "a page reads another record app through its models, selectors or services"
    return f"{app} has no place in the layers: add it to tests/test_layering.py"


def violations(apps: list[str]) -> list[str]:
    found = []
    for app in apps:
        for path, parts in app_modules(app):
            for line, module in imported(path.read_text(encoding="utf-8")):
                reason = refusal(app, parts, module, set(apps))
                if reason:
                    where = path.relative_to(ROOT)
                    found.append(f"{where}:{line} imports {module}: {reason}")
    return found


def test_every_import_follows_the_layers():
    assert violations(project_apps()) == []


def test_the_foreign_keys_are_those_declared():
    """FOREIGN_KEYS says where each record app's relations point: the models say the same."""
    pointed = {app: set() for app in RECORD_APPS}
    for model in django_apps.get_models():
        app = model._meta.app_label
        if app not in RECORD_APPS:
            continue
        for field in model._meta.get_fields():
            # Its own relations (foreign keys, many-to-many), not the reverse ones.
            if field.is_relation and not field.auto_created and field.related_model is not None:
                target = field.related_model._meta.app_label
                if target in RECORD_APPS and target != app:
                    pointed[app].add(target)
    assert pointed == FOREIGN_KEYS


def test_every_app_has_a_place_in_the_layers():
    placed = BASE | RECORD_APPS | set(TOP)
    assert set(project_apps()) == placed


def test_every_apps_tests_are_collected():
    """pytest (and CI) runs the tests of every app that has them: an app left out of
    ``testpaths`` would have its tests silently never run."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        testpaths = set(tomllib.load(file)["tool"]["pytest"]["ini_options"]["testpaths"])
    with_tests = {app for app in project_apps() if (ROOT / app / "tests").is_dir()}
    assert with_tests - testpaths == set()


@pytest.mark.parametrize(
    ("app", "module", "source", "reason"),
    [
        ("core", "views", "from members.models import Member", "core imports no app"),
        ("core", "admin", "import security.services", "core imports no app"),
        ("members", "selectors", "from contracts.models import ContractParty", "foreign keys"),
        ("deals", "services", "from contracts.models import Contract", "foreign keys"),
        ("leads", "models", "from privacy.models import LegalBasisField", "on top of it"),
        ("members", "views", "from notes.views import NotesPanelMixin", "pages are its own"),
        ("contacts", "views", "from members.views import MemberListView", "pages are its own"),
        ("deals", "admin", "from notes.admin import NoteInline", "pages are its own"),
        ("members", "views", "from contacts.resources import ContactResource", "a page reads"),
        ("reports", "views", "from workspace.views import DashboardView", "does not read"),
    ],
)
def test_a_forbidden_import_is_refused(app, module, source, reason):
    """The check itself: each kind of import the layers forbid is refused, with why."""
    ((_line, target),) = imported(f"def f():\n    {source}\n")

    assert reason in refusal(app, (module,), target, set(project_apps()))


@pytest.mark.parametrize(
    ("app", "module", "source"),
    [
        ("contacts", "models", "from members.models import Member"),
        ("contracts", "services", "from deals.services import deal_mark_won"),
        ("members", "filters", "from contracts.selectors import members_using"),
        ("notes", "selectors", "from contracts.models import ContractParty"),
        ("workspace", "selectors", "from reports.selectors import list_url"),
        ("members", "views", "from .selectors import member_list"),
    ],
)
def test_an_import_along_the_layers_is_allowed(app, module, source):
    for _line, target in imported(source):
        assert refusal(app, (module,), target, set(project_apps())) is None
