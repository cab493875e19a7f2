"""Every list fits its screen, on a laptop (1280×800) and on a phone (390×844), filled with
long names, addresses, phone numbers and amounts as real data has them: no cell is cut off,
covered or overlapped, a phone number, date or amount is never broken over two lines, the
page itself never scrolls sideways, and on the laptop every column is in view. A table too
wide for the phone scrolls in its own area, which the keyboard can focus.
"""

import datetime
import decimal

import pytest
from django.urls import get_resolver, reverse

from contacts.tests.factories import ContactFactory
from contracts.tests.factories import ContractFactory
from core.roles import ADMINISTRATOR
from core.views import ObjectListView
from deals.models import Deal
from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory
from members.models import Member
from members.tests.factories import CountyFactory, MemberFactory, PopulationFigureFactory
from notes.tests.factories import NoteFactory
from security.tests.factories import SecurityEventFactory
from services.tests.factories import ServiceFactory
from tasks.models import Campaign
from tasks.tests.factories import TaskFactory

from .test_contacts import log_in

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Text that must stay on one line: a phone number, a date (and time), an amount in kronor.
UNBROKEN = (
    r"^(\+?\d[\d -]{5,}\d"
    r"|\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?"
    r"|-?[\d\u00a0]+(,\d{2})?\u00a0kr)$"
)
# What a person sees wrong with a list, measured in the page: one line per problem.
CHECK_LIST = """(UNBROKEN) => {
  const problems = [];
  const say = (cell, what) => problems.push(`${what}: "${cell.innerText.trim().slice(0, 60)}"`);
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    problems.push(`the page scrolls sideways (${root.scrollWidth} px > ${window.innerWidth} px)`);
  }
  const table = document.querySelector("main table");
  if (!table) return {fits: false, rows: 0, problems: ["no table"]};
  const area = table.parentElement;
  const fits = table.scrollWidth <= area.clientWidth + 1;
  if (!fits && !["auto", "scroll"].includes(getComputedStyle(area).overflowX)) {
    problems.push("the table is wider than its area, which does not scroll");
  }
  if (!fits && area.tabIndex !== 0) problems.push("the scrolling area cannot be focused");
  const shown = area.getBoundingClientRect();
  // A phone number, a date (and time), an amount in kronor.
  const unbroken = new RegExp(UNBROKEN);
  for (const row of table.rows) {
    let right = -Infinity;
    for (const cell of [...row.cells].filter((c) => c.getClientRects().length)) {
      const box = cell.getBoundingClientRect();
      if (box.left < right - 0.5) say(cell, "overlaps the cell before it");
      right = box.right;
      if (cell.scrollWidth > cell.clientWidth + 1) say(cell, "is cut off");
      const text = cell.innerText.trim();
      if (unbroken.test(text)) {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.bottom / 4)));
        if (lines.size > 1) say(cell, "breaks over two lines");
      }
      // Where the cell is on screen, nothing else stands over it.
      const left = Math.max(box.left, shown.left), rightEdge = Math.min(box.right, shown.right);
      const y = box.top + box.height / 2;
      if (rightEdge - left > 4 && y > 0 && y < window.innerHeight) {
        const top = document.elementFromPoint((left + rightEdge) / 2, y);
        if (!cell.contains(top)) say(cell, `is covered by ${top && top.outerHTML.slice(0, 60)}`);
      }
    }
  }
  return {fits, rows: table.tBodies[0].rows.length, problems};
}"""


def list_urls() -> list[str]:
    """Every list page of the CRM: the URLs served by the shared list view."""
    urls = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif issubclass(getattr(pattern.callback, "view_class", object), ObjectListView):
                urls.append(reverse(f"{namespace}:{pattern.name}"))

    walk(get_resolver().url_patterns, "", None)
    return urls


@pytest.fixture
def long_records(roles):
    """A few rows on every list, as long as real ones get."""
    county = CountyFactory(code="24", name="Västerbottens län")
    for n, name in enumerate(("Anebys räddningstjänstförbund", "Västra Götalandsregionen")):
        service = ServiceFactory(name=f"Digital budget- och skuldrådgivning {n + 1}")
        member = MemberFactory(
            name=name,
            county=county,
            org_type=Member.OrgType.KOMMUNALFORBUND,
            status=Member.Status.MEMBER,
            member_since=datetime.date(2019, 3, 1),
            last_verified=datetime.date(2026, 1, 15),
        )
        PopulationFigureFactory(member=member, population=1_234_567)
        contact = ContactFactory(
            member=member,
            first_name="Ann-Charlotte",
            last_name="Lindqvist-Ekström",
            title="Informationssäkerhetssamordnare",
            email=f"ann-charlotte.lindqvist-ekstrom{n}@vastragotalandsregionen.se",
            phone="+46 70-123 45 67",
            last_verified=datetime.date(2025, 11, 30),
        )
        LeadFactory(
            first_name="Karl-Johan",
            last_name="Söderström",
            organisation_name="Norrbottens kommunförbund",
            email=f"karl-johan.soderstrom{n}@norrbottenskommunforbund.se",
        )
        DealFactory(
            title=f"Anslutning till {service.name} – {name}",
            member=member,
            service=service,
            stage=Deal.Stage.NEGOTIATION,
            value=decimal.Decimal("1415000"),
            expected_close=datetime.date(2027, 6, 30),
        )
        ContractFactory(
            title=f"Avtal om {service.name} – {name} m.fl.",
            service=service,
            parties=[member],
            value=decimal.Decimal("2250000.50"),
        )
        NoteFactory(member=member, contact=contact, text="Ringde om förnyelsen. " * 12)
        TaskFactory(
            title=f"Förnya eller avsluta avtalet om {service.name} med {name}",
            contact=contact,
            campaign=Campaign.objects.create(name=f"Verifiera efter valet 2026 – {name}"),
            due_date=datetime.date(2027, 1, 31),
            due_time=datetime.time(9, 30),
        )
        SecurityEventFactory(username="ann-charlotte.lindqvist-ekstrom", ip="2001:db8::1")


def test_every_list_fits_a_laptop_and_a_phone(page, long_records):
    # The menu bar shows the user's name: a long one must not push the page sideways.
    log_in(page, ADMINISTRATOR, first_name="Ann-Charlotte", last_name="Lindqvist-Ekström")
    urls = list_urls()
    assert len(urls) >= 8  # members, contacts, leads, deals, contracts, services, notes, log
    problems = []
    for size in (LAPTOP, PHONE):
        page.set_viewport_size(size)
        for url in urls:
            page.goto(url)
            result = page.evaluate(CHECK_LIST, UNBROKEN)
            assert result["rows"] >= 2, url  # the check had rows to look at
            where = f"{url} at {size['width']}×{size['height']}"
            problems += [f"{where}: {problem}" for problem in result["problems"]]
            if size is LAPTOP and not result["fits"]:
                problems.append(f"{where}: not every column is in view")
    assert not problems, "\n".join(problems)
