"""The everyday round in a real browser: log in, find a member, add a contact, write a note
without leaving the page, edit the contact and delete it; what a case officer may not do; and
the search-as-you-type member field.

The UI is Swedish and its catalogue is still being completed, so elements are found by name,
id, URL or role, and assertions read the data the test typed, not translated labels.
"""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from contacts.models import Contact
from contacts.tests.factories import ContactFactory
from core.roles import ADMINISTRATOR, EDITOR
from core.tests.factories import UserFactory
from notes.models import Note
from security.tests.factories import TOTPDeviceFactory, token_for

PASSWORD = "ett-bra-lösenord-2026"

# The submit button of the page's own form, not the navbar's language and logout forms.
MAIN_SUBMIT = "main form[method=post] button[type=submit]"


def log_in(page, role, **names):
    """Log in through the login form; an administrator also gives the code from the
    authenticator app (two-factor login). `names` may set the user's first and last name."""
    user = UserFactory(username=f"anna-{role.lower()}", password=PASSWORD, **names)
    user.groups.add(Group.objects.get(name=role))
    device = TOTPDeviceFactory(user=user) if role == ADMINISTRATOR else None
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))  # anonymous users are sent to log in
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click(MAIN_SUBMIT)
    if device is not None:
        expect(page).to_have_url(re.compile(r"/otp/verify/"))
        page.fill("input[name=token]", token_for(device))
        page.click(MAIN_SUBMIT)
    expect(page.locator("nav")).to_contain_text(user.get_full_name())
    return user


def test_find_member_add_contact_note_edit_and_delete(page, kiruna):
    # An administrator, since only administrators may delete.
    log_in(page, ADMINISTRATOR)

    # Search everything from the navbar.
    page.fill("nav input[name=q]", "kiruna")
    page.press("nav input[name=q]", "Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=kiruna"))
    expect(page.locator(f"main a[href='/members/{kiruna.pk}/']")).to_be_visible()

    # The member list's own free-text filter.
    page.goto("/members/")
    page.click("details.filter-panel > summary")  # the filters fold out
    page.fill(".filter-form input[name=q]", "Kiruna")
    page.click(".filter-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"[?&]q=Kiruna"))
    table = page.locator("main table")
    expect(table).to_contain_text("Kiruna")
    expect(table).not_to_contain_text("Göteborg")
    expect(table).not_to_contain_text("Kinda")
    table.locator(f"a[href='/members/{kiruna.pk}/']").click()
    expect(page).to_have_url(re.compile(rf"/members/{kiruna.pk}/$"))

    # "Add contact" on the member's page comes with the member chosen.
    page.click(f"a[href='/contacts/add/?member={kiruna.pk}']")
    expect(page.locator("select[name=member]")).to_have_value(str(kiruna.pk))
    page.fill("#id_first_name", "Åsa")
    page.fill("#id_last_name", "Nilsson")
    page.fill("#id_title", "IT-chef")
    page.fill("#id_email", "Asa.Nilsson@Kiruna.se")
    page.click(MAIN_SUBMIT)

    contact = Contact.objects.get(last_name="Nilsson")
    expect(page).to_have_url(re.compile(rf"/contacts/{contact.pk}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Åsa Nilsson")
    assert contact.member == kiruna
    assert contact.email == "asa.nilsson@kiruna.se"

    # A note through the htmx form: it appears in the history without a page load.
    url = page.url
    page.evaluate("window.notReloaded = true")
    panel = page.locator("#notes-panel")
    panel.locator("select[name=kind]").select_option("call")
    panel.locator("textarea[name=text]").fill("Ringde Åsa om EGIL, hon återkommer i maj.")
    panel.locator("button[type=submit]").click()
    expect(panel.locator(".note-text")).to_have_text("Ringde Åsa om EGIL, hon återkommer i maj.")
    expect(panel.locator("textarea[name=text]")).to_have_value("")  # a fresh form
    assert page.url == url
    assert page.evaluate("window.notReloaded") is True
    note = Note.objects.get(contact=contact)
    assert note.kind == Note.Kind.CALL

    # Edit.
    page.click(f"a[href='/contacts/{contact.pk}/edit/']")
    page.fill("#id_title", "Digitaliseringsstrateg")
    page.click(MAIN_SUBMIT)
    expect(page).to_have_url(re.compile(rf"/contacts/{contact.pk}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Åsa Nilsson")
    expect(page.locator("main")).to_contain_text("Digitaliseringsstrateg")

    # Deleting a contact that has history is refused, naming the note that refers to it.
    page.click(f"a[href='/contacts/{contact.pk}/delete/']")
    page.click(MAIN_SUBMIT)
    refusal = page.locator(".alert-danger")
    expect(refusal).to_contain_text("Ringde Åsa om EGIL")
    assert Contact.objects.filter(pk=contact.pk).exists()

    # Delete the note first (from the link in the refusal), then the contact goes.
    refusal.locator(f"a[href='/notes/{note.pk}/']").click()
    page.click(f"a[href='/notes/{note.pk}/delete/']")
    page.click(MAIN_SUBMIT)
    expect(page).to_have_url(re.compile(r"/notes/$"))
    expect(page.locator(".alert-success")).to_be_visible()

    page.goto(f"/contacts/{contact.pk}/delete/")
    page.click(MAIN_SUBMIT)
    expect(page).to_have_url(re.compile(r"/contacts/$"))
    expect(page.locator(".alert-success")).to_contain_text("Åsa Nilsson")
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_case_officer_cannot_delete(page, kiruna):
    contact = ContactFactory(member=kiruna, first_name="Per", last_name="Lindqvist")
    log_in(page, EDITOR)

    page.goto(f"/contacts/{contact.pk}/")
    expect(page.locator(f"a[href='/contacts/{contact.pk}/edit/']")).to_be_visible()
    expect(page.locator(f"a[href='/contacts/{contact.pk}/delete/']")).to_have_count(0)
    response = page.goto(f"/contacts/{contact.pk}/delete/")
    assert response.status == 403


def test_member_autocomplete_searches_as_you_type(page, kiruna):
    log_in(page, EDITOR)

    page.goto("/contacts/add/")
    # Django's select2 widget: open it, type, and pick the match the server sent.
    page.click("select[name=member] + .select2 .select2-selection")
    page.fill(".select2-search__field", "kir")
    option = page.locator(".select2-results__option", has_text="Kiruna")
    expect(option).to_be_visible()
    expect(page.locator(".select2-results__option", has_text="Göteborg")).to_have_count(0)
    option.click()
    expect(page.locator("select[name=member]")).to_have_value(str(kiruna.pk))

    page.fill("#id_first_name", "Olle")
    page.fill("#id_last_name", "Berg")
    page.click(MAIN_SUBMIT)
    expect(page.locator(".alert-success")).to_contain_text("Olle Berg")
    assert Contact.objects.get(last_name="Berg").member == kiruna
