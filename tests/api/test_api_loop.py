"""The voices loop through the API, as the city's groupware would drive it: one rule, two doors."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from sori.core.models import AuditRecord
from sori.voices.models import Demand, Proposal


def _post(client: Any, path: str, body: dict, **headers: str) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def test_staff_record_group_assign_then_officer_answers_and_the_public_reads_it(
    api_client, staff, officer, department, company, meeting, theme
):
    city = api_client(staff)
    made = _post(
        city,
        "/api/proposals",
        {"text": "GPU를 1년은 써야 학습이 끝납니다", "organisation_id": company.id, "meeting_id": meeting.id},
    )
    assert made.status_code == 201, made.content
    proposal_id = made.json()["id"]
    assert made.json()["meeting_id"] == meeting.id and made.json()["source"] == "meeting"

    grouped = _post(
        city,
        "/api/demands",
        {"title": "GPU 사용기간 12개월", "proposal_ids": [proposal_id], "theme_id": theme.id},
    )
    assert grouped.status_code == 201, grouped.content
    demand_id = grouped.json()["id"]
    assert grouped.json()["theme"] == "컴퓨팅·GPU"

    assigned = _post(city, f"/api/demands/{demand_id}/assignment", {"department_id": department.id})
    assert assigned.status_code == 200 and assigned.json()["stage"] == "assigned"
    assert (
        _post(city, f"/api/demands/{demand_id}/publication", {"published": True}).json()["published"] is True
    )

    answer = {
        "outcome": "long_term",
        "reason_code": "national_law",
        "reason": "국가 지침 사항입니다.",
        "limits": "시가 직접 바꿀 수 없습니다.",
    }
    answered = _post(api_client(officer), f"/api/demands/{demand_id}/answer", answer)
    assert answered.status_code == 201, answered.content
    assert answered.json()["status"] == "answered"

    status = city.get(f"/api/demands/{demand_id}/feedback").json()
    assert status["disposition_id"] == answered.json()["disposition_id"]
    assert status["proposals"] == [
        {"proposal_id": proposal_id, "organisation_id": company.id, "status": "owed"}
    ]

    public = api_client(None).get(f"/api/public/demands/{demand_id}")
    assert public.status_code == 200
    assert public.json()["status"] == "long_term" and public.json()["reason"] == "국가 지침 사항입니다."
    assert public.json()["organisations_named"] == ["㈜아이티앱스"]
    # the same actions leave the same trail as the web pages
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"proposal.record", "demand.create", "demand.assign", "disposition.decide"} <= actions


def test_an_officer_cannot_answer_for_another_department(api_client, staff, other_officer, answered_demand):
    response = _post(
        api_client(other_officer),
        f"/api/demands/{answered_demand.id}/answer",
        {"outcome": "adopted"},
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "다른 부서" in response.json()["detail"]
    assert api_client(other_officer).get(f"/api/demands/{answered_demand.id}").status_code == 403
    # and the list leaves the other department's demands out
    assert api_client(other_officer).get("/api/demands").json()["count"] == 0


def test_a_non_adoption_without_reason_is_refused_in_korean_and_nothing_saved(
    api_client, staff, officer, answered_demand
):
    before = answered_demand.dispositions.count()
    response = _post(
        api_client(officer), f"/api/demands/{answered_demand.id}/answer", {"outcome": "not_adopted"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and set(body["errors"]) >= {"reason", "limits"}
    assert "아무 것도 저장되지 않았습니다" in body["detail"]
    assert answered_demand.dispositions.count() == before


def test_malformed_bodies_get_problem_details_naming_the_field(api_client, staff):
    response = _post(api_client(staff), "/api/demands", {"title": "", "proposal_ids": "x"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert {"title", "proposal_ids"} <= set(response.json()["errors"])


def test_the_same_idempotency_key_creates_one_proposal(api_client, staff):
    client = api_client(staff)
    first = _post(client, "/api/proposals", {"text": "실증 공간을 열어 주세요"}, **{"Idempotency-Key": "k-1"})
    again = _post(client, "/api/proposals", {"text": "실증 공간을 열어 주세요"}, **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Proposal.objects.count() == 1


def test_idempotency_keys_of_two_users_do_not_collide(api_client, staff, admin_user):
    one = _post(api_client(staff), "/api/proposals", {"text": "가"}, **{"Idempotency-Key": "same"})
    two = _post(api_client(admin_user), "/api/proposals", {"text": "나"}, **{"Idempotency-Key": "same"})
    assert one.json()["id"] != two.json()["id"]


def test_lists_page_and_sort_the_same_way(api_client, staff):
    client = api_client(staff)
    for n in range(5):
        _post(client, "/api/proposals", {"text": f"제안 {n}"})
    first = client.get("/api/proposals?page_size=2&sort=id").json()
    second = client.get("/api/proposals?page_size=2&page=2&sort=id").json()
    assert first["count"] == 5 and first["page_size"] == 2
    ids = [p["id"] for p in first["results"] + second["results"]]
    assert ids == sorted(ids) and len(set(ids)) == 4
    assert client.get("/api/proposals?sort=-id").json()["results"][0]["id"] == max(
        Proposal.objects.values_list("id", flat=True)
    )
    bad = client.get("/api/proposals?sort=text")
    assert bad.status_code == 422 and "sort" in bad.json()["errors"]


def test_public_tracker_needs_no_token_and_shows_only_published_demands(api_client, answered_demand):
    anonymous = api_client(None)
    assert anonymous.get("/api/public/demands").json()["count"] == 0
    assert anonymous.get(f"/api/public/demands/{answered_demand.id}").status_code == 404
    Demand.objects.filter(id=answered_demand.id).update(published=True)
    listed = anonymous.get("/api/public/demands?q=GPU").json()
    assert [d["id"] for d in listed["results"]] == [answered_demand.id]
    assert listed["results"][0]["url"].endswith(reverse("public:demand", args=[answered_demand.id]))
    text = json.dumps(anonymous.get(f"/api/public/demands/{answered_demand.id}").json(), ensure_ascii=False)
    # no person's name or address reaches the public API
    assert "조춘호" not in text and "@" not in text


def test_staff_api_without_a_token_answers_401_with_what_to_do(api_client):
    response = api_client(None).get("/api/demands")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "API 토큰" in response.json()["detail"]


def test_meetings_are_created_and_listed(api_client, staff, series):
    client = api_client(staff)
    made = _post(
        client,
        "/api/meetings",
        {
            "series_id": series.id,
            "round": 2,
            "title": "제2차 간담회",
            "starts_at": "2025-12-09T07:30:00+09:00",
        },
    )
    assert made.status_code == 201, made.content
    assert client.get(f"/api/meetings?series_id={series.id}").json()["results"][0]["title"] == "제2차 간담회"


def test_a_demand_title_with_line_breaks_becomes_one_line(api_client, staff):
    client = api_client(staff)
    proposal = _post(client, "/api/proposals", {"text": "가"}).json()["id"]
    made = _post(client, "/api/demands", {"title": "GPU\r\n지원\n기간", "proposal_ids": [proposal]})
    assert made.json()["title"] == "GPU 지원 기간"


def test_an_unknown_api_address_answers_as_the_api_does(api_client):
    response = api_client(None).get("/api/no-such-thing")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert "/api/docs" in response.json()["detail"]
