"""Applications, awards and selection runs move only along the programs transition table."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sori.programs import services
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    AwardStatus,
    Call,
    RequestType,
    RunStatus,
    SelectionRun,
)
from sori.programs.workflow import (
    APPLICATION_TRANSITIONS,
    AWARD_TRANSITIONS,
    RUN_TRANSITIONS,
    application_may_move,
    check_application,
)
from sori.registry.models import Organisation

from .helpers import run_and_confirm

A = ApplicationStatus


def test_every_status_has_a_row_and_decided_ones_are_final() -> None:
    assert set(APPLICATION_TRANSITIONS) == set(ApplicationStatus)
    assert set(AWARD_TRANSITIONS) == set(AwardStatus)
    assert set(RUN_TRANSITIONS) == set(RunStatus)
    assert all(not APPLICATION_TRANSITIONS[s] for s in ApplicationStatus if s != A.SUBMITTED)
    assert not AWARD_TRANSITIONS[AwardStatus.RECLAIMED] and not RUN_TRANSITIONS[RunStatus.CONFIRMED]


@pytest.mark.parametrize(
    ("request_type", "allowed"),
    [
        (RequestType.NEW, {A.SUBMITTED, A.SELECTED, A.PARTLY, A.NOT_SELECTED}),
        (RequestType.RENEWAL, {A.SUBMITTED, A.APPROVED, A.REJECTED}),
        (RequestType.SUPPLEMENT, {A.SUBMITTED, A.APPROVED, A.REJECTED}),
    ],
)
def test_a_submitted_application_is_decided_on_its_own_track(
    request_type: RequestType, allowed: set[ApplicationStatus]
) -> None:
    app = Application(status=A.SUBMITTED, request_type=request_type)
    assert {s for s in ApplicationStatus if application_may_move(app, s)} == allowed


def test_a_follow_up_is_not_decided_by_a_selection_run() -> None:
    app = Application(status=A.SUBMITTED, request_type=RequestType.EXTENSION)
    with pytest.raises(ValidationError, match="간이 평가 후 승인 또는 반려로 결정합니다"):
        check_application(app, A.SELECTED)


def test_selection_decides_and_a_decided_application_takes_no_more_reviewers(
    staff: User,
    reviewer2: User,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
    company: Organisation,
) -> None:
    # given an application selected and confirmed
    app = scored(apply(company), 80)
    run, _awards = run_and_confirm(call, staff)
    app.refresh_from_db()
    assert app.status == A.SELECTED
    # when staff try to add a reviewer, then they are told it is decided and what to do
    with pytest.raises(ValidationError, match=r"이미 '선정'\(으\)로 결정된 신청이라 바꿀 수 없습니다"):
        services.review_assign(application=app, reviewer=reviewer2, actor=staff)
    # and the confirmed run is final
    with pytest.raises(ValidationError, match="이미 확정된 선정입니다"):
        services.selection_confirm(run=run, actor=staff)
    line = run.lines.get()
    with pytest.raises(ValidationError, match="'선정 확정' 상태의 선정은"):
        services.selection_override(line=line, final=1, reason="조정", actor=staff)
    assert services.selection_execute(run_id=run.id).status == RunStatus.CONFIRMED


def test_a_new_application_is_not_approved_on_the_short_track(
    staff: User, apply: Callable[..., Application], company: Organisation
) -> None:
    app = apply(company)
    with pytest.raises(ValidationError, match="공고의 선정 실행을 확정해 결정합니다"):
        services.follow_up_decide(application=app, actor=staff, approve=True, amount=None, reason="승인")
    app.refresh_from_db()
    assert app.status == A.SUBMITTED


def test_a_queued_run_cannot_be_confirmed_yet(
    staff: User,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
    company: Organisation,
) -> None:
    scored(apply(company), 80)
    # the task runs on commit, which the test transaction never reaches
    run = services.selection_request(call=call, actor=staff)
    assert SelectionRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    with pytest.raises(ValidationError, match="계산이 끝날 때까지 기다린 뒤"):
        services.selection_confirm(run=run, actor=staff)


def test_a_fully_reclaimed_award_takes_no_follow_up(
    staff: User,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
    company: Organisation,
) -> None:
    # given an award that has not started yet, reclaimed in full (allowed: active → reclaimed)
    scored(apply(company), 80)
    _run, (award,) = run_and_confirm(call, staff)
    award = services.award_reclaim(award=award, keep=0, reason="사업 포기", actor=staff)
    assert Award.objects.get(pk=award.pk).status == AwardStatus.RECLAIMED
    # then nothing more moves it, and the message says what to do instead
    with pytest.raises(
        ValidationError, match=r"'회수' 상태의 협약은 바꿀 수 없습니다\. 지원이 더 필요하면 새 공고"
    ):
        services.follow_up_submit(award=award, request_type="extension", actor=staff, months=3)
    with pytest.raises(ValidationError, match="'회수' 상태의 협약"):
        services.award_reclaim(award=award, keep=0, reason="다시", actor=staff)
