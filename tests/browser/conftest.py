"""Browser tests: Playwright driving the system Chromium against pytest-django's live_server.

No browser is downloaded: CI installs Debian's ``chromium`` (see .ci/run), and these tests
must run there, never skip.
"""

import os

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import sync_playwright

from core.roles import ROLE_ACTIONS, sync_roles
from members.models import Member
from members.tests.factories import MemberFactory

# Playwright's sync API runs an asyncio event loop in this thread, so Django sees the test's
# ORM calls (fixtures, assertions, the flush after each live-server test) as "called from an
# async context" and raises SynchronousOnlyOperation. They are plain synchronous calls from
# the test thread (the loop only drives the browser), so they are safe: let them through.
# Set here, at import, because pytest-django's own fixtures flush the database after the
# test's fixtures have been torn down.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A page of this CRM answers in milliseconds on the live server; this only bounds how long a
# broken page takes to fail, with room for a busy CI machine.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def roles(transactional_db):
    """The role groups. A data migration creates them, but live-server tests are
    transactional: the database is flushed after each one, groups included."""
    if Group.objects.filter(name__in=ROLE_ACTIONS).count() < len(ROLE_ACTIONS):
        sync_roles(Group, Permission)


@pytest.fixture
def kiruna(roles):
    # Two other members, so the searches have something to leave out.
    MemberFactory(name="Göteborg", municipality=True, kommunkod="1480")
    MemberFactory(name="Kinda", municipality=True, kommunkod="0513")
    return MemberFactory(
        name="Kiruna", municipality=True, kommunkod="2584", status=Member.Status.MEMBER
    )
