"""The issued invoicing bases over the API, for the finance system: read-only, and only for
whoever may see the invoicing basis on its page (administrators, and users given
"fees.invoice")."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fees.models import FeeBasis, FeeLine
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def issue(year, version, members):
    basis = FeeBasis.objects.create(year=year, version=version)
    for member in members:
        FeeLine.objects.create(
            basis=basis,
            member=member,
            name=member.name,
            org_number=member.org_number or "",
            population=10_500,
            population_year=year - 1,
            band="7 000–15 000",
            annual_fee_full=Decimal(10_000),
            months=12,
            annual_fee=Decimal(10_000),
            entry_fee=Decimal(0),
            total=Decimal(10_000),
        )
    return basis


def test_the_lines_of_a_years_issued_basis_are_read_with_their_figures(token_client, administrator):
    ale, bjuv = MemberFactory(name="Ale kommun"), MemberFactory(name="Bjuvs kommun")
    issue(2026, 1, [ale])
    current = issue(2027, 1, [ale, bjuv])
    client = token_client(administrator)

    response = client.get("/api/v1/fee-lines/", {"year": 2027})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["name"] for row in rows] == ["Ale kommun", "Bjuvs kommun"]
    assert rows[0]["basis"]["id"] == current.pk
    assert rows[0]["basis"]["url"].endswith(f"/api/v1/fee-bases/{current.pk}/")
    assert rows[0]["member"]["id"] == ale.pk
    assert (rows[0]["population"], rows[0]["population_year"], rows[0]["total"]) == (
        10_500,
        2026,
        "10000",
    )
    bases = client.get("/api/v1/fee-bases/", {"year": 2027}).json()["results"]
    assert [(b["year"], b["version"]) for b in bases] == [(2027, 1)]


def test_only_whoever_may_see_the_invoicing_basis_reads_it(token_client, reader, editor):
    issue(2027, 1, [MemberFactory()])

    assert token_client(reader).get("/api/v1/fee-lines/").status_code == 403
    assert token_client(editor).get("/api/v1/fee-bases/").status_code == 403
    editor.user_permissions.add(Permission.objects.get(codename="invoice"))
    assert token_client(editor).get("/api/v1/fee-lines/").status_code == 200


def test_an_issued_basis_is_not_changed_over_the_api(token_client, administrator):
    basis = issue(2027, 1, [MemberFactory()])
    client = token_client(administrator)

    # No one holds a permission to add, change or delete an issued line or basis.
    assert client.post("/api/v1/fee-lines/", {}).status_code == 403
    assert client.delete(f"/api/v1/fee-bases/{basis.pk}/").status_code == 403
    assert FeeLine.objects.count() == 1


def test_the_lines_cost_the_same_queries_for_3_as_for_30(token_client, administrator):
    client = token_client(administrator)
    client.get("/api/v1/fee-lines/")  # the token's first use
    issue(2027, 1, MemberFactory.create_batch(3))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/fee-lines/")
    issue(2028, 1, MemberFactory.create_batch(27))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/fee-lines/")
    assert len(response.json()["results"]) == 30
    assert len(many) == len(few)
