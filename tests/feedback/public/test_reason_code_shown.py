"""The public demand page and the status link name the structured reason (사유 구분), not only the words."""

from __future__ import annotations

from django.test import Client

from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.outcomes import Outcome


def test_public_demand_page_shows_the_reason_code(staff, officer, department, meeting) -> None:
    # given: a published demand answered 'not adopted' because a national law would have to change
    proposal = services.proposal_record(
        text="GPU 사용기간을 12개월로 늘려 주세요", actor=staff, engagement=meeting
    )
    demand = services.demand_create(title="GPU 사용기간 연장", proposal_ids=[proposal.id], actor=staff)
    demand = services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="운영 지침은 중앙부처 소관입니다.",
        limits="중앙부처에 건의하겠습니다.",
    )
    services.demand_publish(demand=demand, published=True, actor=staff)

    # when: a visitor opens the demand
    page = Client().get(f"/tracker/{demand.id}/").content.decode()

    # then: the kind of reason is named next to the reason in words
    assert "사유 구분" in page
    assert "국가 법령 개정 필요" in page
    assert "운영 지침은 중앙부처 소관입니다." in page
