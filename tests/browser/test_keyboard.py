"""A case officer's round with the keyboard only, in a real browser: log in, open the menu's
contacts, open the filters and search, open a contact, write a note, move a deal on the
board, open and close a menu. Every element the focus lands on shows it (WCAG 2.4.7).

After the login page, no address is typed and nothing is clicked: only Tab, Shift+Tab, the
arrow keys, Enter and Escape.
"""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from contacts.tests.factories import ContactFactory
from core.roles import EDITOR
from core.tests.factories import UserFactory
from deals.models import Deal
from deals.tests.factories import DealFactory
from notes.models import Note

PASSWORD = "ett-bra-lösenord-2026"
# The farthest an element of these pages is from the last focus, in Tab presses.
MAX_TABS = 120

FOCUS_STYLE = """() => {
  const style = getComputedStyle(document.activeElement);
  return [document.activeElement.outerHTML.slice(0, 80), style.outlineStyle,
          parseFloat(style.outlineWidth)];
}"""


def focus_on(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, *, back: bool = False):
    """Press Tab (Shift+Tab) until the focus is on ``selector``, which must show it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if focus_on(page, selector):
            element, outline, width = page.evaluate(FOCUS_STYLE)
            assert outline != "none" and width >= 2, f"no visible focus on {element}"
            return
    raise AssertionError(f"the keyboard never reaches {selector}")


def test_a_round_with_the_keyboard_only(page, kiruna):
    user = UserFactory(
        username="per.handlaggare", first_name="Per", last_name="Ek", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    contact = ContactFactory(member=kiruna, first_name="Åsa", last_name="Nilsson")
    ContactFactory(member=kiruna, first_name="Olle", last_name="Berg")
    deal = DealFactory(title="EGIL för Kiruna", member=kiruna, owner=user, stage=Deal.Stage.NEW)
    # Colours and focus rings as they stand, not halfway through a transition.
    page.emulate_media(reduced_motion="reduce")

    # Log in. The first Tab of a page offers to skip the menu.
    page.goto("/login/")
    tab_to(page, "input[name=username]")
    page.keyboard.type(user.username)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("nav")).to_contain_text("Per Ek")
    page.keyboard.press("Tab")
    assert focus_on(page, "a[href='#main']")
    expect(page.locator("a[href='#main']")).to_be_visible()

    # The menu's contacts; the filters fold out with Enter and search.
    tab_to(page, "nav a[href='/contacts/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/contacts/$"))
    filters = page.locator("details.filter-panel")
    expect(filters).not_to_have_attribute("open", "")
    tab_to(page, "details.filter-panel > summary")
    page.keyboard.press("Enter")
    expect(filters).to_have_attribute("open", "")
    tab_to(page, ".filter-form input[name=q]")
    page.keyboard.type("Nilsson")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=Nilsson"))
    expect(page.locator("main table")).not_to_contain_text("Berg")

    # The contact's page, and a note written there.
    tab_to(page, f"main table a[href='/contacts/{contact.pk}/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/contacts/{contact.pk}/$"))
    tab_to(page, "#notes-panel textarea[name=text]")
    page.keyboard.type("Ringde Åsa om EGIL.")
    tab_to(page, "#notes-panel-submit")
    page.keyboard.press("Enter")
    expect(page.locator("#notes-panel .note-text").first).to_have_text("Ringde Åsa om EGIL.")
    assert focus_on(page, "#notes-panel-submit")  # the focus stays where it was
    assert Note.objects.get(contact=contact).author == user

    # Back to the start page, on to my deal board, and the deal one stage on.
    tab_to(page, "nav a.navbar-brand", back=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    tab_to(page, "main a[href='/deals/board/?owner=me']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/deals/board/\?owner=me$"))
    tab_to(page, f"#deal-{deal.pk}-stage")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#deal-{deal.pk}-stage")).to_have_value(Deal.Stage.QUALIFIED)
    tab_to(page, f"#deal-{deal.pk}-move")
    page.keyboard.press("Enter")
    card = page.locator(f".deal-column[data-stage='qualified'] .deal-card[data-deal='{deal.pk}']")
    expect(card).to_be_visible()
    expect(page.locator("#deal-board [role=status]")).to_contain_text("EGIL för Kiruna")
    assert focus_on(page, f"#deal-{deal.pk}-move")  # on the card, in its new column
    deal.refresh_from_db()
    assert deal.stage == Deal.Stage.QUALIFIED

    # A menu: a report's exports open with Enter, the arrows walk it, Escape closes it.
    tab_to(page, "nav a[href='/reports/']", back=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/reports/$"))
    tab_to(page, "main a[href='/reports/membership/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/reports/membership/$"))
    tab_to(page, "main .dropdown-toggle")
    page.keyboard.press("Enter")
    menu = page.locator("main .dropdown-menu")
    expect(menu).to_be_visible()
    page.keyboard.press("ArrowDown")
    assert focus_on(page, "main .dropdown-menu .dropdown-item")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert focus_on(page, "main .dropdown-toggle")
