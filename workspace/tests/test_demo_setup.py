"""make demo: a demo database of its own, filled with seed_demo's data, and a case officer who
logs in with the printed password, without an authenticator app."""

import io
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from contacts.models import Contact
from core.roles import EDITOR
from services.models import Service
from services.tests.factories import ServiceFactory
from workspace.demo import DEMO_USERNAME, demo_database_problem

pytestmark = pytest.mark.django_db

SCALE = "0.05"  # 50 contacts: enough to look at, quick to make


def demo_setup() -> str:
    out = io.StringIO()
    call_command("demo_setup", "--scale", SCALE, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    found = re.search(r"som demo med lösenordet (\S+) ", output)
    assert found, output
    return found.group(1)


def log_in(password: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": DEMO_USERNAME, "password": password})
    assert response.status_code == 302, "the login was refused"
    return client


def test_the_demo_case_officer_logs_in_with_the_printed_password(settings):
    settings.DEBUG = True

    output = demo_setup()

    assert Service.objects.filter(name="EGIL").exists()
    assert Contact.objects.count() == 50
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    assert [g.name for g in user.groups.all()] == [EDITOR]
    assert not (user.is_staff or user.is_superuser)
    client = log_in(printed_password(output))
    # A case officer needs no authenticator app: the start page, not the two-factor setup.
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["user"].username == DEMO_USERNAME
    assert client.get(reverse("reports:membership")).status_code == 200


def test_running_it_again_only_prints_a_new_password(settings):
    settings.DEBUG = True
    first = printed_password(demo_setup())
    contacts = Contact.objects.count()

    output = demo_setup()

    assert "Demodatabasen har redan sina demodata." in output
    assert Contact.objects.count() == contacts
    second = printed_password(output)
    assert second != first
    log_in(second)
    refused = Client().post(reverse("login"), {"username": DEMO_USERNAME, "password": first})
    assert refused.status_code == 200  # the login form again, with its error


def test_a_database_with_other_records_gets_no_demo(settings):
    settings.DEBUG = True
    ServiceFactory(name="Riktig tjänst")

    with pytest.raises(CommandError, match="Ta bort demodatabasen"):
        demo_setup()

    assert not get_user_model().objects.filter(username=DEMO_USERNAME).exists()
    assert list(Service.objects.values_list("name", flat=True)) == ["Riktig tjänst"]


def test_no_demo_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        demo_setup()

    assert not Service.objects.exists()


def test_never_in_the_database_of_make_run(settings):
    settings.DEBUG = True
    project = django_settings.BASE_DIR / "db.sqlite3"
    sqlite = "django.db.backends.sqlite3"

    problem = demo_database_problem({"ENGINE": sqlite, "NAME": project}, project)

    assert "CRM:ets egen databas (db.sqlite3)" in problem
    demo = django_settings.BASE_DIR / "demo.sqlite3"
    assert demo_database_problem({"ENGINE": sqlite, "NAME": demo}, project) is None


def test_make_demo_uses_its_own_database_and_serves_on_localhost():
    makefile = (django_settings.BASE_DIR / "Makefile").read_text()
    demo_env = re.search(r"^DEMO_ENV := (.*)$", makefile, re.M).group(1)
    recipe = re.search(r"^demo: .*\n((?:\t.*\n)+)", makefile, re.M).group(1)

    assert "DATABASE_URL=sqlite:///demo.sqlite3" in demo_env
    assert [line.split("manage.py ")[1] for line in recipe.splitlines()] == [
        "migrate --noinput",
        "demo_setup",
        "runserver 127.0.0.1:8000",
    ]
    assert all(line.startswith("\t$(DEMO_ENV) ") for line in recipe.splitlines())
