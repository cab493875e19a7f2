"""A list sorted by a column is read in the order of an index on it, never by sorting every
row of the table first: the sorts staff use on the largest lists, on both databases."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

SORTS = [
    ("leads:list", "leads_lead", ""),
    ("leads:list", "leads_lead", "organisation_name"),
    ("leads:list", "leads_lead", "-organisation_name"),
    ("deals:list", "deals_deal", ""),
    ("deals:list", "deals_deal", "value"),
    ("deals:list", "deals_deal", "-value"),
]


def list_query(client, url, table, sort):
    """The SQL that read the page's rows: the query on ``table`` that is ordered and cut."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"sort": sort} if sort else {}).status_code == 200
    selects = [
        q["sql"]
        for q in queries
        if f'FROM "{table}"' in q["sql"] and "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert selects, f"no ordered page query on {table}"
    return selects[0]


def sorts_every_row(sql: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return any("TEMP B-TREE FOR ORDER BY" in row[-1] for row in cursor.fetchall())
        with transaction.atomic():
            # A few test rows make a sort cheap; with sorting priced out, a plan without a
            # Sort node exists only where an index gives the order.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}")
            return any(row[0].lstrip(" ->").startswith("Sort") for row in cursor.fetchall())


@pytest.mark.parametrize(("url_name", "table", "sort"), SORTS)
def test_a_sorted_list_reads_its_rows_in_index_order(reader_client, url_name, table, sort):
    LeadFactory.create_batch(3)
    DealFactory.create_batch(3)
    sql = list_query(reader_client, reverse(url_name), table, sort)
    assert not sorts_every_row(sql), sql
