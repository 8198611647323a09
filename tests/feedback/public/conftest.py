"""A small public world built through Sori's services: a published, answered demand asked for by a consenting
company, a company that did not agree to be named, and a citizen who wrote in through the web."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, Person
from sori.voices import services
from sori.voices.models import Demand, Proposal
from sori.voices.outcomes import Outcome

CITIZEN_NAME = "김비밀"
CITIZEN_EMAIL = "secret-citizen@example.kr"
SHY_PERSON_NAME = "박숨김"
SHY_PHONE = "010-1234-5678"
SHY_TEXT = "우리 회사만의 GPU 사정을 말씀드리면 내부 사정상 매우 곤란합니다"


@dataclass
class World:
    demand: Demand
    citizen: Person
    citizen_proposal: Proposal
    shy_person: Person
    shy_company: Organisation


@pytest.fixture
def world(staff, officer, department, meeting, proposer, shy_company, theme) -> World:
    shy_person = Person.objects.create(
        name=SHY_PERSON_NAME, organisation=shy_company, email="shy@quiet.example.kr", phone=SHY_PHONE
    )
    p1 = services.proposal_record(
        text="GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요",
        actor=staff,
        person=proposer,
        engagement=meeting,
    )
    p2 = services.proposal_record(text=SHY_TEXT, actor=staff, person=shy_person, engagement=meeting)
    citizen_proposal = services.proposal_submit_public(
        name=CITIZEN_NAME, email=CITIZEN_EMAIL, text="GPU 재선정 대신 연장 심사를 해 주세요", consent=True
    )
    services.proposal_moderate(proposals=[citizen_proposal], accept=True, actor=staff)
    demand = services.demand_create(
        title="국가AI데이터센터 GPU 사용기간을 12개월 이상으로 늘리고 연장을 허용한다",
        proposal_ids=[p1.id, p2.id, citizen_proposal.id],
        actor=staff,
        theme=theme,
    )
    services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.REFERRED,
        reason_code=ReasonCode.OTHER_BODY,
        reason="GPU 배분 기준은 정보통신산업진흥원 소관입니다.",
        limits="시는 사용기간 연장을 공식 건의합니다.",
        referred_to="정보통신산업진흥원",
    )
    services.demand_publish(demand=demand, published=True, actor=staff)
    demand.refresh_from_db()
    citizen_proposal.refresh_from_db()
    return World(
        demand=demand,
        citizen=citizen_proposal.person,
        citizen_proposal=citizen_proposal,
        shy_person=shy_person,
        shy_company=shy_company,
    )


@pytest.fixture
def private_strings(world: World) -> list[str]:
    """Return what must never appear on a public page."""
    return [
        CITIZEN_NAME,
        CITIZEN_EMAIL,
        SHY_PERSON_NAME,
        SHY_PHONE,
        "shy@quiet.example.kr",
        "조춘호",
        "cho@itapps.example.kr",
        world.shy_company.name,
        SHY_TEXT,
        world.citizen.status_token,
        world.shy_company.status_token,
    ]
