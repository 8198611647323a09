"""Carrying out an answer: milestones kept by the department in charge, moved through the transition table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.policy.milestone_services import (
    milestone_complete,
    milestone_create,
    milestone_delay,
    milestone_drop,
    milestone_start,
)
from sori.policy.models import Instrument, MilestoneStatus, ReasonCode
from sori.policy.services import disposition_decide
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def promise(make_demand, department, officer, company):
    """An answer of the officer's department that commits to something: 일부 반영 through the budget."""
    demand = make_demand("소량 GPU 바우처 신설", department=department, proposers=[company])
    return disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.PARTLY_ADOPTED,
        reason_code=ReasonCode.BUDGET,
        reason="2026년 본예산에 소량 바우처를 편성합니다.",
        limits="대규모 배분은 국가 사업입니다.",
        instrument=Instrument.BUDGET,
        due_date=D(2026, 6, 30),
    )


@pytest.fixture
def milestone(promise, officer):
    return milestone_create(
        disposition=promise, title="2026년 본예산 편성", planned_date=D(2026, 3, 31), actor=officer
    )


def test_only_answers_that_commit_to_something_take_milestones(make_demand, department, officer, company):
    # given 반영 곤란, and 중장기 검토 without a planned date
    refused = []
    for outcome, due in (
        (Outcome.NOT_ADOPTED, None),
        (Outcome.LONG_TERM, None),
        (Outcome.LONG_TERM, D(2027, 1, 1)),
    ):
        demand = make_demand(f"수요 {outcome} {due}", department=department, proposers=[company])
        answer = disposition_decide(
            demand=demand,
            actor=officer,
            outcome=outcome,
            reason_code=ReasonCode.NATIONAL_LAW,
            reason="법령 개정이 필요합니다.",
            limits="건의하겠습니다.",
            due_date=due,
        )
        try:
            milestone_create(disposition=answer, title="건의", planned_date=D(2026, 1, 1), actor=officer)
        except ValidationError as error:
            refused.append(error.messages[0])
        else:
            refused.append("")
    # then the first two are refused, saying why; 중장기 검토 with a date is tracked
    assert refused[0].startswith("이 처리결과는 이행을 약속하지 않아") and refused[1] == refused[0]
    assert refused[2] == ""


def test_transitions_allowed_and_refused_with_their_messages(milestone, officer) -> None:
    # planned → in progress → delayed (reason, later date) → delayed again → done with evidence
    milestone = milestone_start(milestone=milestone, actor=officer, note="예산안 제출")
    assert milestone.status == MilestoneStatus.IN_PROGRESS
    with pytest.raises(ValidationError) as no_reason:
        milestone_delay(milestone=milestone, actor=officer, reason=" ", new_planned_date=None)
    assert no_reason.value.message_dict == {
        "reason": ["지연 사유를 적어 주세요 — 제안자에게 그대로 알려집니다."],
        "new_planned_date": ["지연되면 새 예정일을 적어 주세요."],
    }
    with pytest.raises(ValidationError) as earlier:
        milestone_delay(
            milestone=milestone, actor=officer, reason="의회 일정", new_planned_date=D(2026, 3, 1)
        )
    assert earlier.value.message_dict["new_planned_date"] == [
        "새 예정일은 지금 예정일(2026-03-31)보다 뒤여야 합니다."
    ]
    milestone = milestone_delay(
        milestone=milestone, actor=officer, reason="추경으로 넘어갔습니다.", new_planned_date=D(2026, 6, 30)
    )
    milestone = milestone_delay(
        milestone=milestone,
        actor=officer,
        reason="추경 심사가 늦어졌습니다.",
        new_planned_date=D(2026, 8, 31),
    )
    assert (milestone.status, milestone.slips, milestone.first_planned_date, milestone.planned_date) == (
        MilestoneStatus.DELAYED,
        2,
        D(2026, 3, 31),
        D(2026, 8, 31),
    )
    with pytest.raises(ValidationError) as no_evidence:
        milestone_drop(milestone=milestone, actor=officer, reason="")
    assert no_evidence.value.message_dict == {
        "reason": ["중단 사유를 적어 주세요 — 제안자와 공개 현황에 그대로 보입니다."]
    }
    milestone = milestone_complete(
        milestone=milestone,
        actor=officer,
        completed_on=D(2026, 8, 20),
        url="https://council.gwangju.example.kr/budget/2026-2",
        figure=Decimal("12"),
        figure_label="지원 기업",
    )
    assert (milestone.status, milestone.completed_on, milestone.figure_text) == (
        MilestoneStatus.DONE,
        D(2026, 8, 20),
        "지원 기업 12",
    )
    # and a finished milestone is final, saying what to do instead
    for move in (
        lambda: milestone_start(milestone=milestone, actor=officer),
        lambda: milestone_drop(milestone=milestone, actor=officer, reason="취소"),
    ):
        with pytest.raises(ValidationError) as final:
            move()
        assert final.value.messages == [
            "'완료' 상태의 이행 단계는 바꿀 수 없습니다. 이어지는 일은 새 이행 단계로 추가해 주세요."
        ]
    # every move is one audit record on the demand
    actions = list(
        AuditRecord.objects.filter(scope=ref(milestone.disposition.demand), action__startswith="milestone.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "milestone.create",
        "milestone.start",
        "milestone.delay",
        "milestone.delay",
        "milestone.complete",
    ]


def test_in_progress_cannot_go_back_to_planned_and_completion_needs_evidence(milestone, officer) -> None:
    milestone = milestone_start(milestone=milestone, actor=officer)
    with pytest.raises(ValidationError) as bare:
        milestone_complete(milestone=milestone, actor=officer)
    assert bare.value.message_dict == {
        "evidence_note": ["완료에는 근거가 필요합니다. 설명, 링크, 실적 수치 중 하나 이상을 적어 주세요."]
    }
    with pytest.raises(ValidationError) as bad_link:
        milestone_complete(milestone=milestone, actor=officer, url="javascript:alert(1)")
    assert bad_link.value.message_dict == {
        "evidence_url": ["http:// 또는 https://로 시작하는 주소를 적어 주세요."]
    }
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.IN_PROGRESS and milestone.evidence_url == ""


def test_only_the_department_in_charge_or_staff_may_update(
    milestone, other_officer, staff, company_user
) -> None:
    for user in (other_officer, company_user):
        with pytest.raises(PermissionDenied):
            milestone_start(milestone=milestone, actor=user)
        with pytest.raises(PermissionDenied):
            milestone_create(
                disposition=milestone.disposition, title="끼어들기", planned_date=D(2026, 1, 1), actor=user
            )
    # staff may
    assert (
        milestone_drop(milestone=milestone, actor=staff, reason="사업이 통합되었습니다.").status == "dropped"
    )


def test_the_page_adds_and_moves_milestones(promise, officer, login) -> None:
    client = login(officer)
    url = reverse("policy:milestones", args=[promise.demand_id])
    # when the officer adds one through the form
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "title": "조례 개정안 입법예고",
            "planned_date": "2026-02-27",
            "submission_key": form.initial["submission_key"],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "이행 단계 &#x27;조례 개정안 입법예고&#x27;을(를) 추가했습니다." in html
    milestone = promise.milestones.get()
    # and delays it without a new date: refused on the page, nothing saved
    update = reverse("policy:milestone_update", args=[promise.demand_id, milestone.id])
    refused = client.post(update, {"status": "delayed", "reason": "의견 수렴 연장"})
    assert refused.status_code == 200 and "지연되면 새 예정일을 적어 주세요." in refused.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PLANNED
    # then with it
    done = client.post(
        update,
        {"status": "delayed", "reason": "의견 수렴 연장", "new_planned_date": "2026-03-31"},
        follow=True,
    )
    assert "&#x27;지연&#x27;(으)로 바꿨습니다." in done.content.decode()
    # and a move the table refuses is not offered
    milestone.refresh_from_db()
    page = client.get(update).content.decode()
    assert 'value="planned"' not in page and 'value="done"' in page


def test_milestones_page_query_count(promise, officer, login, django_assert_num_queries) -> None:
    for i in range(8):
        milestone_create(
            disposition=promise, title=f"단계 {i}", planned_date=D(2026, 1, 1 + i), actor=officer
        )
    client = login(officer)
    # session and user, profile, demand, current answer, its milestones
    with django_assert_num_queries(6):
        assert client.get(reverse("policy:milestones", args=[promise.demand_id])).status_code == 200


def test_the_demand_page_shows_completion_and_delay(milestone, promise, officer, staff, login) -> None:
    milestone_delay(
        milestone=milestone, actor=officer, reason="추경으로 넘어갔습니다.", new_planned_date=D(2026, 6, 30)
    )
    html = login(staff).get(reverse("voices:demand_detail", args=[promise.demand_id])).content.decode()
    assert "이행 상황" in html and "지연" in html and "추경으로 넘어갔습니다." in html
    assert "처음 예정 2026. 3. 31.(화)" in html
    assert reverse("policy:milestones", args=[promise.demand_id]) in html


def test_the_inbox_lists_overdue_milestones_of_the_department(
    promise, officer, other_officer, login, make_demand, other_department
) -> None:
    # given one milestone past its planned date, one not yet, one done
    late = milestone_create(
        disposition=promise, title="본예산 편성", planned_date=D(2024, 3, 31), actor=officer
    )
    milestone_create(disposition=promise, title="집행", planned_date=D(2099, 1, 1), actor=officer)
    done = milestone_create(
        disposition=promise, title="수요 조사", planned_date=D(2024, 1, 31), actor=officer
    )
    milestone_complete(milestone=done, actor=officer, note="조사 완료")
    # when the officer opens the inbox
    rows = login(officer).get(reverse("policy:inbox")).context["late_milestones"]
    # then only the late, open one is listed; another department sees none of it
    assert [m.id for m in rows] == [late.id]
    assert login(other_officer).get(reverse("policy:inbox")).context["late_milestones"] == []
