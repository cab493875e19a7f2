"""What the list template and the table base give every list: filters that fold away but
open (with a count) while in use, columns kept for wide screens, cells that never wrap, and
amounts in kronor that export as numbers."""

import decimal
import re

import pytest
from django.urls import reverse

from contacts.tests.factories import ContactFactory
from deals.tables import DealTable
from deals.tests.factories import DealFactory

pytestmark = pytest.mark.django_db

PANEL_RE = re.compile(
    r'<details class="filter-panel[^"]*"( open)?>\s*<summary[^>]*>(.*?)</summary>', re.S
)


def filter_panel(response):
    """(open, the summary's text) of the list's filter panel."""
    match = PANEL_RE.search(response.content.decode())
    assert match, "the list has no filter panel"
    return bool(match.group(1)), " ".join(re.sub("<[^>]+>", " ", match.group(2)).split())


def test_the_filters_fold_away_until_a_filter_is_in_use(reader_client):
    url = reverse("contacts:list")

    assert filter_panel(reader_client.get(url)) == (False, "Filter")
    assert filter_panel(reader_client.get(url, {"sort": "name", "page": 1})) == (False, "Filter")
    assert filter_panel(reader_client.get(url, {"q": "Åsa", "is_active": "true"})) == (
        True,
        "Filter 2 används",
    )


def test_less_needed_columns_show_on_wide_screens_only_and_numbers_never_wrap(reader_client):
    ContactFactory(phone="070-123 45 67")

    html = reader_client.get(reverse("contacts:list")).content.decode()

    title = re.findall(r'<t[hd] class="([^"]*)"[^>]*>\s*(?:<a [^>]*>)?Titel', html)
    assert title and "d-none d-xxl-table-cell" in title[0]
    assert re.search(r'<td class="[^"]*text-nowrap[^"]*">070-123 45 67</td>', html)


def test_amounts_read_in_kronor_and_export_as_numbers(reader_client):
    DealFactory(value=decimal.Decimal("415000.00"))

    table = DealTable(DealFactory._meta.model.objects.all())
    row = next(iter(table.rows))

    assert row.get_cell("value") == "415\u00a0000\u00a0kr"
    assert row.get_cell_value("value") == decimal.Decimal("415000.00")


def test_the_filters_keep_what_was_chosen_in_every_kind_of_input(reader_client, editor):
    """Tick boxes, drop-downs, a search widget, a from–to pair and a single tick box all come
    back as the user left them, each input under its label."""
    from members.tests.factories import CountyFactory, MemberFactory

    county = CountyFactory(name="Norrbottens län")
    member = MemberFactory(name="Haparanda kommun", county=county)
    members = reader_client.get(
        reverse("members:list"),
        {
            "status": ["member", "former_member"],
            "county": county.pk,
            "responsible": editor.pk,
            "population_min": "1000",
            "population_max": "20000",
            "population_outdated": "on",
        },
    ).content.decode()
    contacts = reader_client.get(reverse("contacts:list"), {"member": member.pk})

    assert re.search(r'name="status" value="member" id="id_status_0" checked', members)
    assert re.search(r'name="status" value="not_member" id="id_status_1">', members)
    assert '<label for="id_status_2" class="form-check-label">Tidigare medlem</label>' in members
    assert f'<option value="{county.pk}" selected>Norrbottens län</option>' in members
    assert f'<option value="{editor.pk}" selected>{editor.get_full_name()}</option>' in members
    assert re.search(r'name="population_min" value="1000"[^>]*id="id_population_0"', members)
    assert re.search(r'name="population_max" value="20000"[^>]*id="id_population_1"', members)
    assert re.search(r'name="population_outdated"[^>]*checked', members)
    assert '<label for="id_county" class="form-label">Län</label>' in members
    # The search widget shows the chosen member by name, ready to search for another.
    chosen = re.search(
        r'<select name="member"[^>]*>(.*?)</select>', contacts.content.decode(), re.S
    )
    assert "admin-autocomplete" in chosen.group(0)
    assert f'<option value="{member.pk}" selected>Haparanda kommun</option>' in chosen.group(1)


def test_a_wrong_filter_value_is_marked_and_explained_at_its_input(reader_client):
    html = reader_client.get(
        reverse("members:list"), {"status": "zz", "county": "99", "population_min": "abc"}
    ).content.decode()

    for name in ("status", "county", "population"):
        assert f'<div id="id_{name}_error" class="invalid-feedback d-block">' in html, name
    # The drop-down names its error; tick boxes and the pair are named by their fieldset.
    assert re.search(r'<select name="county"[^>]*aria-describedby="id_county_error"', html)
    assert re.search(r'<select name="county"[^>]*class="form-select is-invalid"', html)
    assert '<fieldset aria-describedby="id_status_error">' in html
    assert '<fieldset aria-describedby="id_population_error">' in html
    assert re.search(r'name="population_min" value="abc"[^>]*aria-invalid="true"', html)
