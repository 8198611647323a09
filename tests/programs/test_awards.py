"""Awards during their term: renewal on the short track, tranches, low use and reclaim."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sori.core.models import AuditRecord
from sori.programs import services
from sori.programs.models import Application, ApplicationStatus, RequestType, UsageEntry
from sori.programs.months import add_months


def test_renewal_runs_on_the_short_track_and_extends_the_term(
    login, company_user, company, staff, reviewer, award_for
):
    # given an award of 12 months, used well past the call's 50 % renewal minimum
    award = award_for(company)
    assert award.months == 12
    UsageEntry.objects.create(award=award, job_id="1", month=award.start_month, gpu_seconds=3600 * 9000)
    # when the awardee asks for a renewal with outcomes
    response = login(company_user).post(
        reverse("programs:follow_up_create", args=[award.id]),
        {
            "request_type": "renewal",
            "months": "12",
            "amount": "4",
            "summary": "2단계 모델 고도화",
            "outcome_products": "불량 검출 SaaS 출시",
            "outcome_customers": "광주 제조사 3곳",
            "outcome_papers": "",
            "outcome_references": "평동산단 실증",
            "submission_key": "r-1",
        },
    )
    renewal = Application.objects.get(request_type=RequestType.RENEWAL)
    assert response.status_code == 302
    assert renewal.start_month == add_months(award.end_month, 1)
    # and one reviewer scores usage and outcomes, then staff approve
    client = login(reviewer)
    client.post(
        reverse("programs:short_review", args=[renewal.id]),
        {
            "action": "review",
            "usage_score": "80",
            "outcome_score": "90",
            "recommend": "1",
            "recommended_amount": "4",
        },
    )
    page = client.get(reverse("programs:short_review", args=[renewal.id])).content.decode()
    assert "광주 제조사 3곳" in page and "사용 80점" in page
    login(staff).post(
        reverse("programs:short_review", args=[renewal.id]),
        {
            "action": "decide",
            "approve": "1",
            "amount": "4",
            "reason": "성과 우수, 연장 승인",
        },
    )
    # then the same award runs 24 months without re-selection, and a second renewal is refused (max 1)
    award.refresh_from_db()
    renewal.refresh_from_db()
    assert award.months == 24 and award.renewals_used == 1
    assert renewal.status == ApplicationStatus.APPROVED and renewal.awarded_amount == 4
    with pytest.raises(ValidationError, match="연장을 1회까지"):
        services.follow_up_submit(award=award, request_type="renewal", actor=company_user, summary="")


def test_decision_needs_a_short_review_first(company, staff, award_for):
    award = award_for(company)
    app = services.follow_up_submit(
        award=award, request_type="extension", actor=staff, months=3, summary="지연"
    )
    with pytest.raises(ValidationError, match="간이 평가"):
        services.follow_up_decide(application=app, actor=staff, approve=True, amount=None, reason="승인")


def test_supplement_changes_the_amount_only(company, staff, reviewer, award_for, today):
    award = award_for(company, amount=2)
    app = services.follow_up_submit(
        award=award, request_type="supplement", actor=staff, amount=2, summary="추가"
    )
    services.short_review_submit(
        application=app,
        actor=reviewer,
        usage_score=70,
        outcome_score=70,
        recommend=True,
        recommended_amount=2,
    )
    services.follow_up_decide(application=app, actor=staff, approve=True, amount=2, reason="승인")
    award.refresh_from_db()
    assert award.months == 12
    assert award.units_in(app.start_month) == 4 and award.units_in(award.start_month) == 2


def test_tranche_is_released_only_after_a_progress_report(login, company_user, company, staff, award_for):
    award = award_for(company)
    full = award.allotted_hours
    assert award.released_hours == full * 0.75
    client = login(staff)
    # the held share reads as a percentage, not "0.25은(는)"
    assert (
        "전체의 25%는 중간 보고 후 배정됩니다."
        in client.get(reverse("programs:award_detail", args=[award.id])).content.decode()
    )
    response = client.post(reverse("programs:award_tranche", args=[award.id]), follow=True)
    assert "중간 보고가 제출되어야" in response.content.decode()
    login(company_user).post(reverse("programs:award_progress", args=[award.id]), {"text": "모델 1차 완성"})
    client.post(reverse("programs:award_tranche", args=[award.id]))
    award.refresh_from_db()
    assert award.released_hours == full


def test_low_use_warns_and_reclaim_returns_capacity(login, staff, company, other_company, award_for, today):
    # given an award four months in with almost no use
    award = award_for(company)
    UsageEntry.objects.create(award=award, job_id="1", month=award.start_month, gpu_seconds=3600 * 100)
    client = login(staff)
    # then the award and the program page warn
    assert "저사용 경고" in client.get(reverse("programs:award_detail", args=[award.id])).content.decode()
    program_page = client.get(
        reverse("programs:program_detail", args=[award.call.program_id])
    ).content.decode()
    assert "저사용 협약 1건" in program_page
    # when staff reclaim down to 1 unit from next month
    response = client.post(
        reverse("programs:award_reclaim", args=[award.id]),
        {"keep": "1", "reason": "4개월 사용률 1%"},
        follow=True,
    )
    assert "회수했습니다" in response.content.decode()
    award.refresh_from_db()
    next_month = add_months(today.replace(day=1), 1)
    assert award.units_in(next_month) == 1 and award.units_in(award.start_month) == 4
    assert AuditRecord.objects.filter(action="award.reclaim", target=f"programs.award:{award.id}").exists()
    # and the returned capacity is free again in the pool the award was booked on
    from sori.programs.occupancy import occupancy

    row = occupancy(pools=[award.pool], start=next_month, end=next_month)[0]
    assert (row.capacity, row.held, row.free) == (8, 1, 7)


def test_company_cannot_reclaim_or_see_another_companys_award(login, company_user, other_company, award_for):
    award = award_for(other_company)
    client = login(company_user)
    assert client.get(reverse("programs:award_detail", args=[award.id])).status_code == 403
    assert (
        client.post(
            reverse("programs:award_reclaim", args=[award.id]), {"keep": 0, "reason": "x"}
        ).status_code
        == 403
    )
