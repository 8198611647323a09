"""A call's rules hold when renewals are approved and selections confirmed; an exception needs a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sori.core.models import AuditRecord
from sori.programs import services
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    RuleCode,
    RuleException,
    SelectionRun,
    UsageEntry,
)
from sori.programs.services.calls import RULE_FIELDS
from sori.registry.models import Organisation
from sori.registry.services import organisation_update


def _rules(call: Call, staff: User, **changes: Any) -> Call:
    """Change some of ``call``'s rules through the service, keeping the rest."""
    values = {f: getattr(call, f) for f in RULE_FIELDS} | changes
    return services.call_update(
        call=call,
        actor=staff,
        reason="심의위원회 의결",
        criteria=[(c.name, c.weight) for c in call.criteria.all()],
        capacities=[(c.resource, c.units_per_month, c.gres_type, c.pool.name) for c in call.capacities.all()],
        **values,
    )


def _reviewed_renewal(award: Award, staff: User, reviewer: User) -> Application:
    renewal = services.follow_up_submit(award=award, request_type="renewal", actor=staff, summary="2단계")
    services.short_review_submit(
        application=renewal, actor=reviewer, usage_score=10, outcome_score=90, recommend=True
    )
    return renewal


def _run(call: Call, staff: User) -> SelectionRun:
    return services.selection_execute(run_id=services.selection_request(call=call, actor=staff).id)


def test_a_renewal_with_no_use_is_refused_naming_the_rule_and_stands_only_as_an_exception(
    login: Callable[[User], Client],
    staff: User,
    reviewer: User,
    company: Organisation,
    award_for: Callable[..., Award],
) -> None:
    # given an award four months in with 0 GPU-hours used, and its renewal reviewed
    award = award_for(company)
    renewal = _reviewed_renewal(award, staff, reviewer)
    client = login(staff)
    # then the award page warns before anyone decides
    page = client.get(reverse("programs:award_detail", args=[award.id])).content.decode()
    assert "사용률 0% &lt; 연장 최소 사용률 50%" in page and "이대로는 승인되지 않습니다" in page
    # when staff approve it without an exception
    with pytest.raises(ValidationError) as refused:
        services.follow_up_decide(
            application=renewal, actor=staff, approve=True, amount=4, reason="성과 우수"
        )
    # then it is refused with the rule and the figures, and nothing changed
    text = " ".join(refused.value.messages)
    assert "연장 최소 사용률 — 사용률 0% < 연장 최소 사용률 50%" in text and "예외 승인 사유" in text
    award.refresh_from_db()
    assert award.months == 12 and award.renewals_used == 0
    assert Application.objects.get(pk=renewal.pk).status == ApplicationStatus.SUBMITTED
    # and the decision form says the same
    response = client.post(
        reverse("programs:short_review", args=[renewal.id]),
        {"action": "decide", "approve": "1", "amount": "4", "reason": "성과 우수"},
        follow=True,
    )
    assert "사용률 0% &lt; 연장 최소 사용률 50%" in response.content.decode()
    # when they approve it again with an exception and its reason
    client.post(
        reverse("programs:short_review", args=[renewal.id]),
        {
            "action": "decide",
            "approve": "1",
            "amount": "4",
            "reason": "성과 우수",
            "exception_reason": "장비 반입 지연으로 석 달 동안 쓸 수 없었음(2026. 3. 위원회 의결)",
        },
    )
    # then the renewal is approved, the exception recorded and audited, and the award page shows it
    award.refresh_from_db()
    assert award.months == 24 and award.renewals_used == 1
    (exception,) = RuleException.objects.all()
    assert (exception.rule, exception.award, exception.application) == (
        RuleCode.RENEWAL_MIN_USAGE,
        award,
        renewal,
    )
    assert exception.approved_by == staff and exception.detail.startswith("사용률 0% < 연장 최소 사용률 50%")
    assert AuditRecord.objects.filter(action="rule.exception", target=f"programs.award:{award.id}").exists()
    page = client.get(reverse("programs:award_detail", args=[award.id])).content.decode()
    assert "예외 승인: 연장 최소 사용률" in page and "장비 반입 지연으로 석 달 동안 쓸 수 없었음" in page


def test_a_renewal_used_enough_is_approved_without_an_exception(
    staff: User, reviewer: User, company: Organisation, award_for: Callable[..., Award]
) -> None:
    award = award_for(company)
    # 4 units × 4 months × 720 h = 11,520 h allotted so far; 6,000 h used is 52 %
    UsageEntry.objects.create(award=award, job_id="1", month=award.start_month, gpu_seconds=3600 * 6000)
    renewal = _reviewed_renewal(award, staff, reviewer)
    services.follow_up_decide(application=renewal, actor=staff, approve=True, amount=4, reason="기준 충족")
    assert Award.objects.get(pk=award.pk).renewals_used == 1
    assert not RuleException.objects.exists()


def test_a_rejected_renewal_shows_its_reason_on_the_award_page(
    login: Callable[[User], Client],
    staff: User,
    reviewer: User,
    company: Organisation,
    award_for: Callable[..., Award],
) -> None:
    award = award_for(company)
    renewal = _reviewed_renewal(award, staff, reviewer)
    services.follow_up_decide(
        application=renewal,
        actor=staff,
        approve=False,
        amount=None,
        reason="사용률 0% < 연장 최소 사용률 50%",
    )
    page = login(staff).get(reverse("programs:award_detail", args=[award.id])).content.decode()
    assert "반려 사유: 사용률 0% &lt; 연장 최소 사용률 50%" in page


def test_renewals_past_the_maximum_need_an_exception(
    staff: User, reviewer: User, company: Organisation, award_for: Callable[..., Award]
) -> None:
    # given a renewal asked while one was allowed, and the call's maximum then lowered to none
    award = award_for(company)
    UsageEntry.objects.create(award=award, job_id="1", month=award.start_month, gpu_seconds=3600 * 9000)
    renewal = _reviewed_renewal(award, staff, reviewer)
    _rules(award.call, staff, max_renewals=0)
    # then approving it is refused with the figures
    with pytest.raises(ValidationError, match="최대 연장 횟수 — 이미 0회 연장 — 최대 연장 횟수 0회"):
        services.follow_up_decide(application=renewal, actor=staff, approve=True, amount=4, reason="승인")
    services.follow_up_decide(
        application=renewal,
        actor=staff,
        approve=True,
        amount=4,
        reason="승인",
        exception_reason="위원회 특례",
    )
    assert list(RuleException.objects.values_list("rule", flat=True)) == [RuleCode.MAX_RENEWALS]


@pytest.fixture
def outside_firm(
    staff: User,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
    company: Organisation,
    other_company: Organisation,
) -> Application:
    """A call for local and relocated firms, an application from outside the region and a local one."""
    _rules(call, staff, eligible_origins=["local", "relocated"])
    organisation_update(organisation=company, actor=staff, origin="outside")
    organisation_update(organisation=other_company, actor=staff, origin="local")
    scored(apply(other_company, title="과제 B"), 80)
    return scored(apply(company, title="과제 A"), 90)


INELIGIBLE = (
    "㈜아이티앱스의 지역 구분 '역외 기업(미이전)'은(는) "
    "공고의 신청 자격(지역 기업, 수도권 이전 기업)에 맞지 않습니다"
)


def test_an_ineligible_firm_is_kept_out_until_an_exception_is_approved_with_its_reason(
    login: Callable[[User], Client], staff: User, call: Call, outside_firm: Application
) -> None:
    # when the selection runs
    run = _run(call, staff)
    # then the firm from outside the region is kept out, its line saying why
    line = run.lines.get(application=outside_firm)
    assert line.optimised == 0
    assert line.reasons[0]["text"] == f"신청 자격에 맞지 않아 선정 계산에서 뺐습니다: {INELIGIBLE}"
    # and the selection screen offers an exception on that line
    client = login(staff)
    page = client.get(reverse("programs:run_detail", args=[run.id])).content.decode()
    assert "규칙 위반" in page and reverse("programs:line_except", args=[line.id]) in page
    # when staff approve the exception with its reason and run the selection again
    response = client.post(
        reverse("programs:line_except", args=[line.id]),
        {"reason": "광주 이전 협약 체결(2026. 2.)"},
        follow=True,
    )
    assert "선정을 다시 실행하면 이 신청도 계산에 넣습니다" in response.content.decode()
    rerun = _run(call, staff)
    # then the firm is counted in and the selection is confirmed with it
    assert rerun.lines.get(application=outside_firm).optimised == 4
    awards = services.selection_confirm(run=rerun, actor=staff)
    assert len(awards) == 2
    exception = RuleException.objects.get()
    assert exception.rule == RuleCode.ELIGIBILITY and exception.award == Award.objects.get(
        application=outside_firm
    )
    page = client.get(reverse("programs:award_detail", args=[exception.award_id])).content.decode()
    assert "예외 승인: 신청 자격" in page and "광주 이전 협약 체결(2026. 2.)" in page


def test_a_grant_given_by_hand_to_an_ineligible_firm_is_not_confirmed_without_an_exception(
    staff: User, call: Call, outside_firm: Application
) -> None:
    run = _run(call, staff)
    line = run.lines.get(application=outside_firm)
    services.selection_override(line=line, final=4, reason="이전 예정", actor=staff)
    # when staff confirm, then it is refused naming the rule, and no award exists
    with pytest.raises(ValidationError) as refused:
        services.selection_confirm(run=run, actor=staff)
    assert f"㈜아이티앱스 '과제 A': 신청 자격 — {INELIGIBLE}" in " ".join(refused.value.messages)
    assert not Award.objects.exists()
    # and with the exception on the line it is confirmed
    services.selection_line_except(line=line, reason="이전 예정 확인서 제출", actor=staff)
    assert len(services.selection_confirm(run=SelectionRun.objects.get(pk=run.pk), actor=staff)) == 2


def test_a_line_that_breaks_no_rule_takes_no_exception(
    staff: User,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
    company: Any,
) -> None:
    scored(apply(company), 80)
    run = _run(call, staff)
    with pytest.raises(ValidationError, match="어기는 규칙이 없어"):
        services.selection_line_except(line=run.lines.get(), reason="혹시 몰라", actor=staff)


def test_an_override_into_the_newcomer_reserve_needs_an_exception_and_the_reserve_is_the_reason_shown(
    login: Callable[[User], Client],
    staff: User,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
    company: Organisation,
    other_company: Organisation,
    award_for: Callable[..., Award],
) -> None:
    # given a firm already holding 4 of the pool's 8 H100 for seven more months, and half of what is free
    # kept for newcomers
    award_for(company, title="1차 과제")
    _rules(call, staff, newcomer_share=0.5)
    returning = scored(apply(company, title="2단계 과제", amount=4, min_amount=1), 90)
    newcomer = scored(apply(other_company, title="새 과제", amount=2), 60)
    run = _run(call, staff)
    line = run.lines.get(application=returning)
    # then the returning firm gets 2 of its 4, and is told the newcomer reserve bound it — not capacity
    assert (line.optimised, run.lines.get(application=newcomer).optimised) == (2, 2)
    (reason,) = line.reasons
    assert reason["kind"] == "newcomer_reserve" and "처음 지원받는 기업 몫" in reason["text"]
    page = login(staff).get(reverse("programs:run_detail", args=[run.id])).content.decode()
    assert "처음 지원받는 기업 몫" in page
    # when the newcomer's grant is given up and the returning firm's raised into the reserve
    services.selection_override(
        line=run.lines.get(application=newcomer), final=0, reason="신청 철회", actor=staff
    )
    services.selection_override(line=line, final=4, reason="성과 우수", actor=staff)
    # then confirming is refused naming the reserve and its figures
    with pytest.raises(
        ValidationError, match=r"신규 기업 몫 — .* H100 기존 기업 배정 4 > 남은 용량 4 − 신규 기업 몫 2"
    ):
        services.selection_confirm(run=run, actor=staff)
    # and with an exception on the line it is confirmed
    services.selection_line_except(line=line, reason="신규 신청 철회로 남는 몫", actor=staff)
    services.selection_confirm(run=SelectionRun.objects.get(pk=run.pk), actor=staff)
    assert Award.objects.get(application=returning).amount == 4
    assert RuleException.objects.get().rule == RuleCode.NEWCOMER_RESERVE


def test_an_override_above_the_pool_is_refused_unless_an_exception_is_given(
    staff: User,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
    company: Organisation,
    other_company: Organisation,
    today: dt.date,
) -> None:
    scored(apply(company, title="과제 A", amount=6), 90)
    other = scored(apply(other_company, title="과제 B", amount=4, min_amount=1), 80)
    run = _run(call, staff)
    line = run.lines.get(application=other)
    assert line.final == 2
    with pytest.raises(ValidationError, match="풀의 용량이 모자랍니다"):
        services.selection_override(line=line, final=4, reason="성과", actor=staff)
    services.selection_override(
        line=line, final=4, reason="성과", exception_reason="증설 장비 3월 반입 예정", actor=staff
    )
    awards = services.selection_confirm(run=SelectionRun.objects.get(pk=run.pk), actor=staff)
    assert sorted(a.amount for a in awards) == [4, 6]
    exception = RuleException.objects.get()
    assert (exception.rule, exception.units, exception.pool) == (RuleCode.CAPACITY, 4, awards[0].pool)


def test_the_awardee_is_told_the_decision_on_its_renewal_with_the_reason_and_new_term(
    staff: User, reviewer: User, company: Organisation, award_for: Callable[..., Award]
) -> None:
    from sori.feedback.models import MessageKind, OutboxMessage

    award = award_for(company)
    UsageEntry.objects.create(award=award, job_id="1", month=award.start_month, gpu_seconds=3600 * 6000)
    renewal = _reviewed_renewal(award, staff, reviewer)
    services.follow_up_decide(
        application=renewal, actor=staff, approve=True, amount=4, reason="사용률 52% 충족"
    )
    award.refresh_from_db()
    (notice,) = OutboxMessage.objects.filter(
        kind=MessageKind.DECISION, dedupe_key__startswith="program-follow"
    )
    assert company.email in notice.to and "승인" in notice.subject
    assert "결정 사유: 사용률 52% 충족" in notice.body and award.term_label in notice.body


def test_a_rejected_renewal_is_told_too_and_holds_no_units(
    staff: User, reviewer: User, company: Organisation, award_for: Callable[..., Award]
) -> None:
    from sori.feedback.models import MessageKind, OutboxMessage

    award = award_for(company)
    renewal = _reviewed_renewal(award, staff, reviewer)
    services.follow_up_decide(
        application=renewal, actor=staff, approve=False, amount=4, reason="사용 실적 부족"
    )
    renewal.refresh_from_db()
    assert renewal.awarded_amount == 0  # a rejection carries no amount, whatever the form held
    notice = OutboxMessage.objects.get(
        kind=MessageKind.DECISION, dedupe_key=f"program-follow-up:{renewal.id}"
    )
    assert "반려" in notice.subject and "사용 실적 부족" in notice.body and "배정:" not in notice.body
