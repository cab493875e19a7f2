"""The Content-Security-Policy in a real browser: no page of the CRM breaks a rule of it.

The policy allows no inline script or style; anything a template, a widget or a library
(htmx, select2, Bootstrap) does inline would be refused by the browser and reported as a
``securitypolicyviolation`` event, which this test collects on every page it opens: as an
administrator who sets up two-factor login in the browser, then works through the CRM.
"""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from core.roles import ADMINISTRATOR
from core.tests.factories import UserFactory
from tests.record_types import RECORD_TYPES
from tests.urlwalk import one_of_each

PASSWORD = "ett-bra-lösenord-2026"

# Runs in every page before its own scripts: keeps each CSP violation the browser reports.
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ${event.sample || ""}`
  );
});
"""


@pytest.fixture
def records(roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return one_of_each()


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and console error kept in ``page.problems``."""
    page.problems = []
    page.context.add_init_script(COLLECT_VIOLATIONS)

    def console(msg):
        # A failed download is reported by the "response" listener, with its address.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            page.problems.append(f"{page.url}: {msg.text}")

    def response(r):
        if r.status >= 400 and not r.url.endswith("/favicon.ico"):
            page.problems.append(f"{page.url}: {r.status} {r.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: page.problems.append(f"{page.url}: {error}"))

    return page


def violations(page) -> list[str]:
    return [f"{page.url}: {v}" for v in page.evaluate("window.cspViolations || []")]


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return violations(page)


def test_no_page_breaks_the_content_security_policy(watched, records):
    page = watched
    user = UserFactory(username="admin-csp", password=PASSWORD, roles=[ADMINISTRATOR])
    user.is_staff = True
    user.save()
    problems = []

    # Log in, then set up two-factor login as at the first login.
    page.goto("/login/")
    problems += violations(page)
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/security/otp/enrol/"))
    expect(page.locator("img.otp-qr")).to_be_visible()
    problems += violations(page)
    device = TOTPDevice.objects.get(user=user)
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    page.click("main form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/security/otp/"))

    pages = [
        "/",
        "/search/?q=a",
        "/security/",
        "/security/events/",
        "/reports/",
        "/deals/board/",
        "/admin/",
        "/admin/members/member/",
        f"/admin/members/member/{records.member.pk}/change/",
        f"/admin/members/member/{records.member.pk}/history/",
        f"/admin/contracts/contract/{records.contract.pk}/change/",
        "/admin/security/securityevent/",
    ]
    for app in (rt.app for rt in RECORD_TYPES):
        record = records.for_namespace(app)
        pages += [f"/{app}/", f"/{app}/{record.pk}/", f"/{app}/{record.pk}/edit/", f"/{app}/add/"]
    for url in pages:
        problems += visit(page, url)

    # select2's search-as-you-type, on a form.
    page.goto("/contacts/add/")
    page.click("select[name=member] + .select2 .select2-selection")
    page.fill(".select2-search__field", records.member.name[:4])
    expect(page.locator(".select2-results__option").first).to_be_visible()
    problems += violations(page)

    # A note through htmx, without leaving the page.
    page.goto(f"/members/{records.member.pk}/")
    panel = page.locator("#notes-panel")
    panel.locator("textarea[name=text]").fill("Ringde om EGIL.")
    panel.locator("button[type=submit]").click()
    expect(panel.locator(".note-text").first).to_have_text("Ringde om EGIL.")
    problems += violations(page)

    assert not problems + page.problems, "\n".join(problems + page.problems)
