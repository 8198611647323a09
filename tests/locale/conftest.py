"""A small world for the language tests: a published, answered demand, built through Sori's services."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome

DEMAND_TITLE = "국가AI데이터센터 GPU 사용기간을 12개월 이상으로 늘린다"


@pytest.fixture(autouse=True)
def _back_to_korean() -> Any:
    """Leave Korean active: a request in English leaves its language on the thread for later tests."""
    yield
    translation.deactivate()


@pytest.fixture
def published(staff: Any, officer: Any, department: Any, meeting: Any, proposer: Any, theme: Any) -> Demand:
    proposal = services.proposal_record(
        text="GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요",
        actor=staff,
        person=proposer,
        engagement=meeting,
    )
    demand = services.demand_create(title=DEMAND_TITLE, proposal_ids=[proposal.id], actor=staff, theme=theme)
    services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.LONG_TERM,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="GPU 배분 기간은 국가 지침으로 정해져 있습니다.",
        limits="시는 기간 연장을 공식 건의합니다.",
    )
    services.demand_publish(demand=demand, published=True, actor=staff)
    demand.refresh_from_db()
    return demand


@pytest.fixture
def assigned(staff: Any, department: Any, meeting: Any, proposer: Any) -> Demand:
    proposal = services.proposal_record(
        text="실증 공간 제공형 사업의 문턱을 낮춰 주세요", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(
        title="실증 사업 참여 문턱을 낮춘다", proposal_ids=[proposal.id], actor=staff
    )
    return services.demand_assign(demand=demand, department=department, actor=staff)
