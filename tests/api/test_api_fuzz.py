"""schemathesis against the served OpenAPI document: no server error, every answer as documented.

Every operation is called with generated input, once as an anonymous client and once with a staff token
(which may write), against a database holding one answered demand. Examples are bounded to keep CI short.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from sori.api.tokens import token_create
from sori.voices.models import Demand

EXAMPLES = settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None
)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


def _fuzz(headers: dict[str, str]) -> int:
    """Call every operation with generated cases; return how many operations ran."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    count = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @EXAMPLES
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
        count += 1
    return count


@pytest.fixture(autouse=True)
def _connection_kept_across_requests() -> Iterator[None]:
    """Call the WSGI application as Django's test client does: without closing the test's connection.

    A real request ends by closing a connection left outside autocommit; inside a test's transaction that
    would close it for good on PostgreSQL (SQLite's in-memory database ignores it).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def published(answered_demand: Demand) -> Demand:
    Demand.objects.filter(id=answered_demand.id).update(published=True)
    return answered_demand


def test_anonymous(published: Demand) -> None:
    assert _fuzz({}) == 33


def test_with_a_staff_token(published: Demand, staff: Any) -> None:
    _token, secret = token_create(user=staff, name="fuzz", scope="write", days=1, actor=staff)
    assert _fuzz({"Authorization": f"Bearer {secret}"}) == 33


def test_the_served_document_is_valid_openapi_3_1(client: Any) -> None:
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from openapi_spec_validator.versions import OPENAPIV31, get_spec_version

    document = client.get("/api/openapi.json").json()
    assert get_spec_version(document) == OPENAPIV31
    OpenAPIV31SpecValidator(document).validate()  # raises naming the path of anything that breaks the spec
