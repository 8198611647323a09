"""Programs through the API: a company applies for itself, staff upload usage, a company asks to renew."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sori.programs.models import Application, UsageEntry

HEADER = "JobID|JobName|Account|User|Partition|AllocTRES|Elapsed|Start|End|State|ExitCode"


def _post(client: Any, path: str, body: dict) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def _application(call: Any, **extra: Any) -> dict:
    return {
        "call_id": call.id,
        "title": "제조 불량 검출 모델 학습",
        "resource": "H100",
        "amount": 4,
        "start_month": call.first_month.isoformat(),
        "months": 12,
        "summary": "금형 불량 이미지로 비전 모델을 학습합니다.",
    } | extra


def test_a_company_applies_for_itself_and_sees_only_its_own(
    api_client, company_user, company, other_company, call, apply
):
    apply(other_company)
    client = api_client(company_user)
    made = _post(client, "/api/applications", _application(call, organisation_id=other_company.id))
    assert made.status_code == 201, made.content
    # a company always applies as itself, whatever organisation it names
    assert made.json()["organisation_id"] == company.id
    listed = client.get("/api/applications").json()
    assert [a["organisation_id"] for a in listed["results"]] == [company.id]
    theirs = Application.objects.get(organisation=other_company)
    assert client.get(f"/api/applications/{theirs.id}").status_code == 403


def test_staff_must_name_the_company_they_apply_for(api_client, staff, call):
    response = _post(api_client(staff), "/api/applications", _application(call))
    assert response.status_code == 422 and "organisation_id" in response.json()["errors"]


def test_an_application_past_the_close_date_is_refused_with_the_date(api_client, company_user, past_call):
    response = _post(api_client(company_user), "/api/applications", _application(past_call))
    assert response.status_code == 422
    assert "마감" in response.json()["detail"]
    assert Application.objects.count() == 0


def test_usage_upload_applies_every_line_or_none_with_a_line_report(api_client, staff, company, award_for):
    award = award_for(company)
    day = award.start_month.isoformat()
    times = f"10:00:00|{day}T09:00:00|{day}T19:00:00"
    good = f"5001|ft|{award.slurm_account}|kim|h100|gres/gpu=4|{times}|COMPLETED|0:0"
    bad = "이상한 줄"
    client = api_client(staff)
    url = f"/api/programs/{award.call.program_id}/usage"
    refused = client.post(
        url,
        {"file": SimpleUploadedFile("march.txt", f"{HEADER}\n{good}\n{bad}\n".encode()), "format": "sacct"},
    )
    assert refused.status_code == 422
    assert any(key.startswith("line 3") for key in refused.json()["errors"])
    assert UsageEntry.objects.count() == 0
    applied = client.post(
        url, {"file": SimpleUploadedFile("march.txt", f"{HEADER}\n{good}\n".encode()), "format": "sacct"}
    )
    assert applied.status_code == 201, applied.content
    assert applied.json()["added"] == 1 and applied.json()["gpu_hours"] == 40.0


def test_a_company_asks_to_extend_its_award_once(api_client, company_user, company, award_for):
    award = award_for(company)
    client = api_client(company_user)
    ask = {"request_type": "extension", "months": 3, "summary": "학습이 3개월 더 필요합니다."}
    made = _post(client, f"/api/awards/{award.id}/follow-ups", ask)
    assert made.status_code == 201, made.content
    assert made.json()["request_type"] == "extension" and made.json()["award_id"] == award.id
    # a second request while the first is under review is refused, and says why
    again = _post(client, f"/api/awards/{award.id}/follow-ups", ask)
    assert again.status_code == 422 and "검토 중" in again.json()["detail"]


def test_a_reviewer_scores_only_their_own_review(api_client, staff, reviewer, reviewer2, call, apply):
    from sori.programs import services

    app = apply(_company())
    review = services.review_assign(application=app, reviewer=reviewer, actor=staff)
    scores = {str(c.id): 70 for c in call.criteria.all()}
    assert _post(api_client(reviewer2), f"/api/reviews/{review.id}", {"scores": scores}).status_code == 403
    mine = api_client(reviewer)
    assert [r["id"] for r in mine.get("/api/reviews?pending=true").json()["results"]] == [review.id]
    done = _post(mine, f"/api/reviews/{review.id}", {"scores": scores, "comment": "좋습니다"})
    assert done.status_code == 200 and done.json()["total"] == 70.0


def _company() -> Any:
    from sori.registry.models import Organisation, OrganisationKind

    return Organisation.objects.create(name="㈜평가받는AI", kind=OrganisationKind.COMPANY)
