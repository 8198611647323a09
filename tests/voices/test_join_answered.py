"""A new voice asking for what was already decided joins that demand and is owed the existing answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sori.feedback.selectors import feedback_owed
from sori.policy.services import disposition_decide
from sori.registry.models import Person
from sori.voices import services
from sori.voices.outcomes import Outcome
from sori.voices.selectors import demand_choices

pytestmark = pytest.mark.django_db


def test_a_late_proposal_joins_an_answered_demand_and_gets_its_answer(
    staff: Any, officer: Any, department: Any, proposer: Person, shy_company: Any, meeting: Any
) -> None:
    # given a demand already answered
    first = services.proposal_record(
        text="GPU 사용기간 12개월", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(title="GPU 사용기간 연장", proposal_ids=[first.id], actor=staff)
    demand = services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED)
    late = services.proposal_record(text="GPU 기간을 늘려 주세요", actor=staff, organisation=shy_company)
    # when staff add the late proposal to it
    assert demand in demand_choices()
    services.demand_add_proposals(demand=demand, proposal_ids=[late.id], actor=staff)
    # then its proposer is owed the answer already given
    owed = {o.organisation for o in feedback_owed() if o.person is None}
    assert shy_company in owed


def _answered(staff: Any, officer: Any, department: Any, proposer: Person, meeting: Any) -> Any:
    first = services.proposal_record(
        text="GPU 사용기간 12개월", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(title="GPU 사용기간 연장", proposal_ids=[first.id], actor=staff)
    demand = services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED)
    return demand


def test_staff_add_a_late_voice_to_an_answered_demand_from_the_proposal_list(
    login: Any, staff: Any, officer: Any, department: Any, proposer: Person, shy_company: Any, meeting: Any
) -> None:
    # given a demand already answered, and a late proposal asking for the same
    demand = _answered(staff, officer, department, proposer, meeting)
    late = services.proposal_record(text="GPU 기간을 늘려 주세요", actor=staff, organisation=shy_company)
    # when staff tick it and choose "기존 수요에 추가" with the answered demand
    response = login(staff).post(
        reverse("voices:proposal_group"),
        {"action": "add", "ids": [late.id], "demand": demand.id, "submission_key": "late-1"},
        follow=True,
    )
    # then it joins the demand, with no "not one of the available choices" error
    late.refresh_from_db()
    assert late.demand_id == demand.id
    page = response.content.decode()
    assert "선택가능항목" not in page and "available choices" not in page


def test_merging_an_answered_demand_into_another_says_what_to_do(
    login: Any, staff: Any, officer: Any, department: Any, proposer: Person, meeting: Any
) -> None:
    # given an answered demand and an open one
    answered = _answered(staff, officer, department, proposer, meeting)
    other = services.proposal_record(
        text="GPU 임대 기간 연장", actor=staff, person=proposer, engagement=meeting
    )
    open_demand = services.demand_create(title="GPU 임대", proposal_ids=[other.id], actor=staff)
    # when staff try to merge the answered demand into the open one
    response = login(staff).post(
        reverse("voices:demand_merge", args=[open_demand.id]), {"others": [answered.id]}, follow=True
    )
    # then nothing moves and the message says to merge from the answered demand's page
    answered.refresh_from_db()
    assert answered.stage == "answered"
    assert "그 수요의 페이지에서 이 수요를 병합해 주세요" in response.content.decode()
