"""Two people doing the same thing at the same moment, over real HTTP against the live
server's threads, on SQLite and on PostgreSQL alike: one succeeds, the other gets the page's
ordinary refusal (never a server error), and the data is right.

The two requests are sent together (a barrier in the test), and made to meet where the race
is: both enter the workflow step before either has finished it, or both have checked that
an email is free before either saves it. Without that meeting point the second request would
often simply come after the first, and the test would prove nothing.
"""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import Client

import contacts.forms
import contracts.views
import deals.views
import leads.views
from contacts.models import Contact
from contracts.models import Contract, ContractParty
from contracts.tests.factories import ContractFactory
from core.roles import EDITOR
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.models import Lead
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import MemberFactory

ROUNDS = 3
# Only bounds how long a broken test hangs: the two requests take milliseconds.
TIMEOUT = 60


@dataclass
class Response:
    status: int
    location: str
    text: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the redirect itself


class Browser:
    """One user's browser, reduced to what the test needs: a session, cookies kept,
    redirects not followed, the CSRF token read from the page."""

    def __init__(self, base_url: str, user):
        client = Client()
        client.force_login(user)
        self.base_url = base_url
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.cookies = {settings.SESSION_COOKIE_NAME: session}
        self.opener = urllib.request.build_opener(_NoRedirect)
        self.token = ""

    def request(self, path: str, data: dict | None = None) -> Response:
        body = None
        if data is not None:
            body = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": self.token, **data}, doseq=True
            ).encode()
        request = urllib.request.Request(self.base_url + path, data=body)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            response = error
        with response:
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(response.status, response.headers.get("Location", ""), text)

    def open(self, path: str) -> Response:
        """GET a page, keeping its CSRF token for the next POST."""
        response = self.request(path)
        assert response.status == 200, (path, response.status)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
        return response

    def follow(self, response: Response) -> Response:
        assert response.status == 302, response.status
        return self.request(response.location)


class MeetingPoint:
    """Holds the first two callers until both have arrived, then lets everyone through."""

    def __init__(self):
        self.barrier = threading.Barrier(2, timeout=TIMEOUT)
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self):
        with self.lock:
            self.calls += 1
            meet = self.calls <= 2
        if meet:
            self.barrier.wait()


def meeting_before(monkeypatch, module, name):
    """Both requests call ``module.name`` together: the first waits there for the second."""
    meeting = MeetingPoint()
    original = getattr(module, name)

    def together(*args, **kwargs):
        meeting()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, together)


def post_at_once(browsers, posts) -> list[Response]:
    """Each browser posts its (path, data), in threads of their own released together."""
    start = threading.Barrier(len(browsers), timeout=TIMEOUT)
    results, errors = [None] * len(browsers), []

    def run(index, browser, path, data):
        try:
            start.wait()
            results[index] = browser.request(path, data)
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(index, browser, path, data))
        for index, (browser, (path, data)) in enumerate(zip(browsers, posts, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not errors, errors
    return results


def one_refused(responses: list[Response], message: str) -> Response:
    """No server error; one request went through (a redirect), the other was refused on
    its page with ``message``. Returns the successful response."""
    assert [r.status for r in responses if r.status >= 500] == [], [r.text for r in responses]
    assert sorted(r.status for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status == 200)
    assert message in refused.text
    return next(r for r in responses if r.status == 302)


@pytest.fixture
def browsers(live_server, transactional_db):
    """Two case officers, each in a browser of their own."""
    return [
        Browser(live_server.url, UserFactory(username=f"handlaggare-{n}", roles=[EDITOR]))
        for n in (1, 2)
    ]


def test_converting_one_lead_twice_at_once(browsers, monkeypatch):
    member = MemberFactory(name="Kiruna")
    for _ in range(ROUNDS):
        meeting_before(monkeypatch, leads.views, "lead_convert")
        lead = LeadFactory(email=f"sara.lind.{Lead.objects.count()}@kiruna.se")
        url = f"/leads/{lead.pk}/convert/"
        data = {"member": member.pk, "new_member_type": Member.OrgType.KOMMUN}
        for browser in browsers:
            browser.open(url)

        responses = post_at_once(browsers, [(url, data)] * 2)

        one_refused(responses, "Leaden har redan konverterats.")
        lead.refresh_from_db()
        assert lead.status == Lead.Status.CONVERTED
        assert Contact.objects.filter(email=lead.email).count() == 1
        assert Deal.objects.filter(lead=lead).count() == 1


def test_winning_one_deal_twice_at_once(browsers, monkeypatch):
    for _ in range(ROUNDS):
        meeting_before(monkeypatch, deals.views, "deal_win")
        deal = DealFactory()
        url = f"/deals/{deal.pk}/win/"
        for browser in browsers:
            browser.open(url)

        responses = post_at_once(browsers, [(url, {})] * 2)

        one_refused(responses, "Affären är redan vunnen.")
        deal.refresh_from_db()
        assert deal.stage == Deal.Stage.WON
        assert Contract.objects.filter(origin_deal=deal).count() == 1


def test_renewing_one_contract_twice_at_once(browsers, monkeypatch):
    for _ in range(ROUNDS):
        meeting_before(monkeypatch, contracts.views, "contract_renew")
        contract = ContractFactory()
        url = f"/contracts/{contract.pk}/renew/"
        for browser in browsers:
            browser.open(url)

        responses = post_at_once(browsers, [(url, {})] * 2)

        one_refused(responses, "Kontraktet har redan förnyats.")
        assert Contract.objects.filter(previous=contract).count() == 1


def test_removing_a_contracts_last_two_parties_at_once(browsers, monkeypatch):
    for _ in range(ROUNDS):
        meeting_before(monkeypatch, contracts.views, "contract_remove_party")
        parties = [MemberFactory(), MemberFactory()]
        contract = ContractFactory(parties=parties)
        for browser in browsers:
            browser.open(f"/contracts/{contract.pk}/")

        # A one-click step: both land back on the contract, with what happened as a message.
        responses = post_at_once(
            browsers, [(f"/contracts/{contract.pk}/parties/{m.pk}/remove/", {}) for m in parties]
        )

        assert [r.status for r in responses] == [302, 302]
        pages = [b.follow(r).text for b, r in zip(browsers, responses, strict=True)]
        removed = [p for p in pages if "är inte längre part." in p]
        refused = [p for p in pages if "Ett kontrakt måste ha minst en part." in p]
        assert (len(removed), len(refused)) == (1, 1)
        assert ContractParty.objects.filter(contract=contract).count() == 1


def test_adding_two_contacts_with_one_email_at_once(browsers, monkeypatch):
    member = MemberFactory(name="Kiruna")
    full_clean = contacts.forms.ContactForm.full_clean
    for round_ in range(ROUNDS):
        # Both forms are checked (the email is free) before either contact is saved.
        meeting = MeetingPoint()

        def checked_together(form, full_clean=full_clean, meeting=meeting):
            full_clean(form)
            if form.is_bound:
                meeting()

        monkeypatch.setattr(contacts.forms.ContactForm, "full_clean", checked_together)
        email = f"kansli.{round_}@kiruna.se"
        for browser in browsers:
            browser.open("/contacts/add/")
        forms = [
            # Names of their own, so that no "may already be in the CRM" warning comes first.
            {
                "member": member.pk,
                "first_name": first,
                "last_name": f"Lind {round_}",
                "email": email,
            }
            for first in ("Sara", "Olof")
        ]

        responses = post_at_once(browsers, [("/contacts/add/", form) for form in forms])

        one_refused(responses, "finns redan")
        refused = next(r for r in responses if r.status == 200)
        assert f'value="{email}"' in refused.text  # the user's input is kept
        assert Contact.objects.filter(email=email).count() == 1
