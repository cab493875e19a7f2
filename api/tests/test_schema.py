"""The OpenAPI schema is valid, committed (a change shows in review) and the documentation
loads nothing from the internet."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_the_committed_schema_is_the_valid_schema_of_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    # --fail-on-warn: anything drf-spectacular had to guess fails here, and in CI
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--lang", "en", "--file", str(generated)
    )

    assert generated.read_text() == COMMITTED.read_text(), (
        "The API's schema changed: run `make schema` and commit api/openapi.yaml."
    )


def test_the_schema_and_docs_are_served_to_a_logged_in_user_from_the_crms_own_files(
    reader_client,
):
    schema = reader_client.get("/api/v1/schema/?format=json")
    docs = reader_client.get("/api/v1/docs/")
    script = reader_client.get("/api/v1/docs/?script=")

    assert schema.status_code == 200
    assert "/api/v1/members/{id}/convert/" not in schema.json()["paths"]
    assert "/api/v1/leads/{id}/convert/" in schema.json()["paths"]
    html = docs.content.decode()
    assert docs.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources)
    assert "<script>" not in html  # no inline script: the CSP would refuse it
    assert script.status_code == 200
    assert "default-src 'self'" in docs.headers["Content-Security-Policy"]
