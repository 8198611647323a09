"""A new voice asking for what was already decided joins that demand and is owed the existing answer."""

from __future__ import annotations

from typing import Any

import pytest

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
