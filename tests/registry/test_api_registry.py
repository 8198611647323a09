"""The registry through the API: organisations, MOUs and commitments, written by the same services."""

from __future__ import annotations

import json
from typing import Any

from sori.registry.models import Organisation


def _post(client: Any, path: str, body: dict) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def test_staff_register_an_organisation_sign_an_mou_and_add_a_commitment(api_client, staff, city):
    client = api_client(staff)
    firm = _post(
        client,
        "/api/organisations",
        {"name": "㈜빛고을데이터", "kind": "company", "website": "https://bitgoeul.example.kr"},
    )
    assert firm.status_code == 201, firm.content
    mou = _post(
        client,
        "/api/mous",
        {
            "title": "빛고을데이터 광주 이전 협약",
            "signed_on": "2025-11-11",
            "party_ids": [city.id, firm.json()["id"]],
        },
    )
    assert mou.status_code == 201, mou.content
    assert sorted(mou.json()["party_ids"]) == sorted([city.id, firm.json()["id"]])
    jobs = _post(
        client,
        f"/api/mous/{mou.json()['id']}/commitments",
        {"organisation_id": firm.json()["id"], "kind": "jobs", "target_number": 30},
    )
    assert jobs.status_code == 201 and jobs.json()["status"] == "pending"
    again = client.get(f"/api/mous/{mou.json()['id']}").json()
    assert [c["kind"] for c in again["commitments"]] == ["jobs"]
    assert client.get("/api/organisations?q=빛고을").json()["count"] == 1


def test_a_javascript_link_and_a_duplicate_name_are_refused(api_client, staff, firm):
    client = api_client(staff)
    script = _post(client, "/api/organisations", {"name": "㈜수상한곳", "website": "javascript:alert(1)"})
    assert script.status_code == 422 and "website" in script.json()["errors"]
    twice = _post(client, "/api/organisations", {"name": firm.name})
    assert twice.status_code == 422
    assert Organisation.objects.filter(name=firm.name).count() == 1


def test_an_mou_naming_an_unknown_party_says_which(api_client, staff, city):
    response = _post(
        api_client(staff),
        "/api/mous",
        {"title": "협약", "signed_on": "2025-11-11", "party_ids": [city.id, 424242]},
    )
    assert response.status_code == 422
    assert "424242" in response.json()["errors"]["party_ids"][0]


def test_a_jobs_commitment_needs_its_target(api_client, staff, mou, firm):
    response = _post(
        api_client(staff), f"/api/mous/{mou.id}/commitments", {"organisation_id": firm.id, "kind": "jobs"}
    )
    assert response.status_code == 422 and "목표" in response.json()["detail"]
