"""The answer form recalls the earlier demands asking the same and what the city answered them then."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from sori.engagement.models import Engagement, Series
from sori.policy.models import ReasonCode
from sori.policy.repeats import asked_before_with_answers
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation
from sori.voices import services
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome

REASON_2020 = "규제자유특구 지정은 중소벤처기업부 소관이라 중장기로 검토합니다."
REASON_2025 = "특구 지정 신청 요건인 실증 계획이 아직 없습니다."


def _raised(staff: User, title: str, series: str, year: int, department: Organisation) -> Demand:
    meeting = Engagement.objects.create(
        series=Series.objects.create(title=series),
        round=1,
        title=f"{series} 제1차",
        starts_at=timezone.make_aware(dt.datetime(year, 6, 2, 14, 0)),
    )
    proposal = services.proposal_record(
        text=title + "을 요청합니다", actor=staff, engagement=meeting, received_at=meeting.starts_at
    )
    demand = services.demand_create(title=title, proposal_ids=[proposal.id], actor=staff)
    return services.demand_assign(demand=demand, department=department, actor=staff)


@pytest.fixture
def repeated(staff: User, officer: User, department: Organisation) -> Demand:
    """The 2026 demand, repeating 2025's, which repeated 2020's; both earlier ones answered."""
    y2020 = _raised(staff, "데이터 규제자유특구 지정", "광주 AI 추진위원회", 2020, department)
    y2025 = _raised(staff, "데이터 규제자유지역 지정", "2025 AI기업 조찬간담회", 2025, department)
    y2026 = _raised(staff, "데이터 규제자유특구 재추진", "2026 특별위원회", 2026, department)
    disposition_decide(
        demand=y2020,
        actor=officer,
        outcome=Outcome.LONG_TERM,
        reason_code=ReasonCode.UNDER_STUDY,
        reason=REASON_2020,
        limits="시는 건의만 할 수 있습니다.",
    )
    disposition_decide(
        demand=y2025,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NOT_FEASIBLE,
        reason=REASON_2025,
        limits="실증 계획이 마련되면 다시 검토합니다.",
    )
    services.repeat_confirm(demand=y2026, earlier=y2025, actor=staff)
    services.repeat_confirm(demand=y2025, earlier=y2020, actor=staff)
    return y2026


def test_the_answer_form_shows_the_earlier_years_and_their_answers(
    login: Any, officer: User, repeated: Demand
) -> None:
    # when: the officer opens the answer form of the 2026 demand
    page = login(officer).get(reverse("policy:decide", args=[repeated.id])).content.decode()

    # then: it says when it was asked before, and what was answered each time, oldest first
    assert "2020년, 2025년에도 제기된 요구입니다" in page
    section = page.split('id="asked-before"')[1].split("</ul>")[0]
    assert section.index("중장기 검토") < section.index("반영 곤란")
    assert REASON_2020 in section and REASON_2025 in section
    assert "3회 (2020년부터)" in page


def test_a_demand_never_asked_before_shows_nothing_of_it(
    login: Any, officer: User, staff: User, department: Organisation
) -> None:
    fresh = _raised(staff, "AI 바우처 정산 간소화", "2026 특별위원회", 2026, department)
    page = login(officer).get(reverse("policy:decide", args=[fresh.id])).content.decode()
    assert "에도 제기된 요구입니다" not in page


def test_the_letter_sentence_uses_the_right_particle(repeated: Demand) -> None:
    found = asked_before_with_answers(repeated)
    assert [a.sentence for a in found.answers] == [
        f"이 요구는 2020년에도 제기되었고, 당시 '중장기 검토'로 답했습니다: {REASON_2020}",
        f"이 요구는 2025년에도 제기되었고, 당시 '반영 곤란'으로 답했습니다: {REASON_2025}",
    ]
    assert found.years_label == "2020년, 2025년" and found.rounds_label == "3회 (2020년부터)"
