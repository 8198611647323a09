"""Staff home lists the milestones of answers past their planned date, like the overdue answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sori.policy.milestone_services import milestone_complete, milestone_create
from sori.policy.models import Instrument
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def promised(staff, officer, department, company):
    def make(title: str):
        p = services.proposal_record(text=f"{title} 해 주세요.", actor=staff, organisation=company)
        demand = services.demand_create(title=title, proposal_ids=[p.id], actor=staff)
        services.demand_assign(demand=demand, department=department, actor=staff)
        return disposition_decide(
            demand=demand, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.BUDGET
        )

    return make


def test_home_counts_and_lists_overdue_milestones(promised, officer, staff, login) -> None:
    # given a late one, a future one, and a late one already done
    answer = promised("소량 GPU 바우처 신설")
    late = milestone_create(
        disposition=answer, title="본예산 편성", planned_date=D(2024, 3, 31), actor=officer
    )
    milestone_create(disposition=answer, title="집행", planned_date=D(2099, 1, 1), actor=officer)
    done = milestone_create(
        disposition=promised("AI 교육"), title="교육 과정 개설", planned_date=D(2024, 1, 31), actor=officer
    )
    milestone_complete(milestone=done, actor=officer, note="1기 개강")
    # when
    response = login(staff).get(reverse("home:home"))
    html = response.content.decode()
    # then
    assert [m.id for m in response.context["todo"].overdue_milestones] == [late.id]
    assert "이행 기한 초과 (1)" in html and "본예산 편성" in html and "소량 GPU 바우처 신설" in html
    assert "교육 과정 개설" not in html
    assert reverse("voices:demand_detail", args=[answer.demand_id]) in html


def test_home_query_count_does_not_grow_with_overdue_milestones(
    promised, officer, staff, login, django_assert_num_queries
) -> None:
    for i in range(6):
        milestone_create(
            disposition=promised(f"수요 {i}"),
            title=f"단계 {i}",
            planned_date=D(2024, 1, 1 + i),
            actor=officer,
        )
    client = login(staff)
    client.get(reverse("home:home"))
    with django_assert_num_queries(16):  # the 14 before, stalled introductions, answers awaiting approval
        assert client.get(reverse("home:home")).status_code == 200
