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
