"""Every API operation × every role, generated from the served OpenAPI document.

A new operation that is not in ``ALLOWED`` fails the suite: whoever adds one says who may call it.
The roles are those of the web pages (``sori.core.roles``): one rule, two doors.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from sori.core.roles import Role

A, S, OF, C = Role.ADMIN, Role.STAFF, Role.OFFICER, Role.COMPANY
PUBLIC = "public"
STAFF = {A, S}

ALLOWED: dict[str, set[Role] | str] = {
    "public_demands_list": PUBLIC,
    "public_demands_get": PUBLIC,
    "meetings_list": STAFF,
    "meetings_get": STAFF,
    "meetings_create": STAFF,
    "proposals_list": STAFF,
    "proposals_get": STAFF,
    "proposals_create": STAFF,
    "demands_list": {A, S, OF},
    "demands_get": {A, S, OF},
    "demands_create": STAFF,
    "demands_add_proposals": STAFF,
    "demands_assign": STAFF,
    "demands_publish": STAFF,
    "demands_answer": {A, S, OF},
    "demands_feedback": {A, S, OF},
    "organisations_list": STAFF,
    "organisations_get": STAFF,
    "organisations_create": STAFF,
    "mous_list": STAFF,
    "mous_get": STAFF,
    "mous_create": STAFF,
    "mous_add_commitment": STAFF,
    "calls_list": {A, S, C},
    "calls_get": {A, S, C},
    "applications_list": {A, S, C},
    "applications_get": {A, S, C},
    "applications_create": {A, S, C},
    "reviews_list": STAFF,
    "reviews_submit": STAFF,
    "awards_list": {A, S, C},
    "awards_follow_up": {A, S, C},
    "usage_upload": STAFF,
}


def _operations(client: Client) -> list[tuple[str, str, str]]:
    document = json.loads(client.get("/api/openapi.json").content)
    return [
        (op["operationId"], method.upper(), path)
        for path, methods in document["paths"].items()
        for method, op in methods.items()
    ]


def _call(client: Client, method: str, path: str) -> int:
    # Ids that do not exist: who may act gets 404 or 422, who may not is refused before anything is read.
    url = re.sub(r"\{[^}]+\}", "999999", path)
    if method == "GET":
        return client.get(url).status_code
    return client.post(url, "{}", content_type="application/json").status_code


@pytest.fixture
def tokens(api_client, make_user, department, company) -> dict[Any, Client]:
    return {
        None: api_client(None),
        A: api_client(make_user("a", A)),
        S: api_client(make_user("s", S)),
        OF: api_client(make_user("o", OF, department)),
        C: api_client(make_user("c", C, company)),
    }


def test_every_operation_has_a_rule(client):
    names = {name for name, _m, _p in _operations(client)}
    assert names == set(ALLOWED), (
        f"operations without a rule: {names - set(ALLOWED)}; rules for none: {set(ALLOWED) - names}"
    )


def test_every_operation_lets_in_exactly_the_roles_it_names(tokens):
    failures = []
    for name, method, path in _operations(tokens[None]):
        rule = ALLOWED[name]
        for role, client in tokens.items():
            status = _call(client, method, path)
            if rule == PUBLIC:
                ok = status not in (401, 403)
            elif role is None:
                ok = status == 401
            elif role in rule:
                ok = status not in (401, 403) and status < 500
            else:
                ok = status == 403
            if not ok:
                failures.append(f"{name} as {role}: {status}")
    assert not failures, failures


def test_a_read_token_cannot_write(api_client, staff):
    reader = api_client(staff, scope="read")
    for name, method, path in _operations(reader):
        if method == "POST" and ALLOWED[name] != PUBLIC:
            assert _call(reader, method, path) == 403, name
    assert reader.get("/api/demands").status_code == 200
