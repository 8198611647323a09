"""Completion and delay of an answer's milestones on the tracker, a demand's page and the status link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sori.policy.milestone_services import (
    milestone_complete,
    milestone_create,
    milestone_delay,
    milestone_drop,
)
from sori.policy.models import Instrument, ReasonCode
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.outcomes import Outcome

D = dt.date


@pytest.fixture
def carried_out(world, staff, officer, department, meeting, proposer):
    """A published 일부 반영 asked for by a consenting company and a shy one: one milestone done with
    evidence, one late, one stopped."""
    ids = [
        services.proposal_record(
            text="소량 GPU 바우처를 만들어 주세요", actor=staff, person=who, engagement=meeting
        ).id
        for who in (proposer, world.shy_person)
    ]
    demand = services.demand_create(title="소량 GPU 바우처 신설", proposal_ids=ids, actor=staff)
    services.demand_assign(demand=demand, department=department, actor=staff)
    answer = disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.PARTLY_ADOPTED,
        reason_code=ReasonCode.BUDGET,
        reason="2026년 본예산에 소량 바우처를 편성합니다.",
        limits="대규모 배분은 국가 사업입니다.",
        instrument=Instrument.BUDGET,
        due_date=D(2026, 12, 31),
    )
    services.demand_publish(demand=demand, published=True, actor=staff)

    def new(title, day):
        return milestone_create(disposition=answer, title=title, planned_date=day, actor=officer)

    milestone_complete(
        milestone=new("본예산 편성", D(2026, 3, 31)),
        actor=officer,
        completed_on=D(2026, 3, 20),
        note="본예산 9억 6천만 원 확정",
        url="https://council.gwangju.example.kr/budget/2026",
        figure=12,
        figure_label="지원 기업",
    )
    milestone_delay(
        milestone=new("바우처 공고", D(2026, 4, 30)),
        actor=officer,
        reason="공고 전 운영지침 개정이 먼저 필요합니다.",
        new_planned_date=D(2026, 6, 30),
    )
    milestone_drop(
        milestone=new("전용 GPU 구매", D(2026, 5, 31)), actor=officer, reason="바우처로 대신합니다."
    )
    demand.refresh_from_db()
    return demand


def test_the_tracker_shows_progress_and_no_personal_data(
    client: Client, carried_out, private_strings
) -> None:
    html = client.get(reverse("public:tracker")).content.decode()
    assert "소량 GPU 바우처 신설" in html
    assert "이행 1/3 완료" in html and "지연 1" in html and "중단 1" in html
    for private in private_strings:
        assert private not in html


def test_the_demand_page_shows_completion_delay_and_stop(
    client: Client, carried_out, private_strings
) -> None:
    html = client.get(reverse("public:demand", args=[carried_out.id])).content.decode()
    assert "이행 상황" in html
    assert "2026. 3. 20.(금) 완료" in html and "본예산 9억 6천만 원 확정" in html and "지원 기업 12" in html
    assert 'href="https://council.gwangju.example.kr/budget/2026"' in html
    assert "지연 사유: 공고 전 운영지침 개정이 먼저 필요합니다." in html
    assert "2026. 6. 30.(화) 예정" in html and "처음 예정 2026. 4. 30.(목)" in html
    assert "중단 사유: 바우처로 대신합니다." in html
    for private in private_strings:
        assert private not in html
    assert "officer" not in html  # who recorded it is not shown


def test_the_status_link_shows_progress_without_other_proposers(client: Client, carried_out, world) -> None:
    html = client.get(reverse("public:status", args=[world.shy_person.status_token])).content.decode()
    assert "소량 GPU 바우처를 만들어 주세요" in html
    assert "2026. 3. 20.(금) 완료" in html and "지연 사유: 공고 전 운영지침 개정이 먼저 필요합니다." in html
    assert "조춘호" not in html and "㈜아이티앱스" not in html
