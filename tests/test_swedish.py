"""Every page of the CRM, rendered in Swedish, reads as Swedish written one way: no English
source string shows through (a string missing from the catalogue, or translated before the
language was known), labels and column headers are in sentence case, amounts read
"415 000 kr", people are named, not shown by user name, and dates are 2026-12-01.

tests/test_translations.py checks the catalogue itself (complete, translated, compiled).
"""

import datetime
import decimal
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory

from .test_translations import PO, read_po, source_msgids
from .urlwalk import QUERIES, one_of_each, project_routes, route_url

pytestmark = pytest.mark.django_db

# Elements whose text is a label or a heading: written in sentence case.
LABELS = {"th", "label", "legend", "dt", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "button"}
# Attributes a person reads (or hears from a screen reader).
READ_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}
MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"


class ReadText(HTMLParser):
    """The Swedish text a person reads on a page: [(innermost element, text)], scripts and
    what is marked as another language (the language switch, "English") left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.texts = [], []  # open: [(tag, in another language)]

    def foreign(self):
        return any(other for _tag, other in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other = not (attrs.get("lang") or "sv").startswith("sv")
        if not other and not self.foreign():
            self.texts += [("@" + n, v) for n, v in attrs.items() if n in READ_ATTRIBUTES and v]
        if tag not in ("br", "hr", "img", "input", "meta", "link", "source", "wbr", "col"):
            self.open.append((tag, other))

    def handle_endtag(self, tag):
        if any(t == tag for t, _other in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        text = " ".join(data.split())
        tags = {t for t, _other in self.open}
        if text and not {"script", "style"} & tags and not self.foreign():
            self.texts.append((self.open[-1][0] if self.open else "", text))


def read(html: str) -> list[tuple[str, str]]:
    parser = ReadText()
    parser.feed(html)
    return parser.texts


def english_strings() -> set[str]:
    """The English source strings of the code and the catalogue, as a page would show them
    whole (not the ones with placeholders, which never appear as they are), that are no
    Swedish text too ("Filter" is the Swedish for "Filters")."""
    catalogue = read_po(PO)
    swedish = set(catalogue.values())
    return {
        msgid
        for msgid in {*catalogue, *source_msgids()}
        if catalogue.get(msgid) != msgid
        and msgid not in swedish
        and "%" not in msgid
        and re.search("[A-Za-z]{3}", msgid)
    }


def test_every_page_reads_as_swedish(settings, tmp_path, login, administrator):
    """Every page, as an administrator reads it in Swedish: no English source string, and
    labels, headings and column headers in sentence case."""
    settings.MEDIA_ROOT = tmp_path
    records = one_of_each()
    client = login(administrator)
    english = english_strings()
    assert "Export CSV" in english  # the check knows what to look for
    pages, shown, lower = 0, [], []
    for name, arguments in project_routes():
        url = route_url(name, arguments, records)
        response = client.get(url, QUERIES.get(name), HTTP_ACCEPT_LANGUAGE="sv")
        if response.status_code != 200 or "text/html" not in response.headers["Content-Type"]:
            continue
        pages += 1
        for where, text in read(response.content.decode()):
            if text in english:
                shown.append(f"{url}: {text!r}")
            is_label = where in LABELS or where == "@aria-label"
            if is_label and text[0].isalpha() and text[0].islower():
                lower.append(f"{url}: <{where}> {text!r}")
    assert pages > 50
    assert shown == [], "English on a Swedish page:\n" + "\n".join(shown)
    assert lower == [], "Not in sentence case:\n" + "\n".join(lower)


def test_a_deal_page_shows_kronor_names_and_iso_dates(administrator_client):
    owner = UserFactory(username="margit.falk", first_name="Margit", last_name="Falk")
    deal = DealFactory(
        owner=owner, value=decimal.Decimal("415000.00"), expected_close=datetime.date(2027, 6, 30)
    )

    html = administrator_client.get(reverse("deals:detail", args=[deal.pk])).content.decode()
    listed = administrator_client.get(reverse("deals:list")).content.decode()

    for page in (html, listed):
        assert "415\u00a0000\u00a0kr" in page
        assert "415000" not in page
        assert "Margit Falk" in page
        assert "margit.falk" not in page
        assert "2027-06-30" in page
    assert not re.search(rf"\d+ ({MONTHS}) \d{{4}}", html)
