"""Schemathesis (property-based, from the committed schema) against the live test server,
with a token of each role: no server error, every response as the schema says, and no
write by a reader's token succeeds.

The number of examples per operation is bounded (EXAMPLES) to keep CI fast; the test prints
how many requests it made.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import content_type_conformance, response_schema_conformance

from api.services import token_create
from contacts.tests.factories import ContactFactory
from core.roles import ADMINISTRATOR, EDITOR, READER
from core.tests.factories import UserFactory
from deals.tests.factories import DealFactory
from leads.tests.factories import LeadFactory
from notes.tests.factories import NoteFactory

from .test_schema import COMMITTED

EXAMPLES = 5
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def tokens(transactional_db):
    users = {
        "reader": UserFactory(username="st-lasare", roles=[READER]),
        "editor": UserFactory(username="st-handlaggare", roles=[EDITOR]),
        "administrator": UserFactory(username="st-admin", roles=[ADMINISTRATOR]),
    }
    return {
        role: token_create(user=user, name="Schemathesis", role=role)[1]
        for role, user in users.items()
    }


def test_the_api_keeps_to_its_schema_for_every_role(live_server, tokens, settings):
    settings.API_THROTTLE_RATE = "1000000/minute"
    # Some records with ids 1…, so that generated ids find one now and then.
    for _ in range(3):
        ContactFactory()
        LeadFactory()
        NoteFactory(deal=DealFactory())
    schema = schemathesis.openapi.from_path(COMMITTED)
    requests_made = 0
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            nonlocal requests_made
            for role, token in tokens.items():
                response = case.call(
                    base_url=live_server.url, headers={"Authorization": f"Token {token}"}
                )
                requests_made += 1
                where = f"{role} {case.method} {case.formatted_path}"
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code}")
                if role == "reader" and case.method in WRITES and response.status_code < 400:
                    failures.append(f"{where}: a reader's write answered {response.status_code}")
                try:
                    case.validate_response(
                        response, checks=[response_schema_conformance, content_type_conformance]
                    )
                except Exception as exc:  # a failed check: collected, all reported at once
                    failures.append(f"{where}: {exc}"[:500])

        check()
    print(f"Schemathesis: {requests_made} requests")
    assert requests_made > 200
    assert not failures, "\n".join(failures[:20])
