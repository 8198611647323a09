"""Answered demands with two proposers each, built through the services, for the feedback pages."""

from __future__ import annotations

from typing import Any

import pytest

from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices import services
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome


@pytest.fixture
def second_proposer(db: Any) -> Person:
    org = Organisation.objects.create(name="㈜빛고을데이터", kind=OrganisationKind.COMPANY)
    return Person.objects.create(
        name="김다온",
        organisation=org,
        email="daon@bitgoeul.example.kr",
        phone="010-1234-5678",
        contact_consent=True,
    )


@pytest.fixture
def letter_proposer(db: Any) -> Person:
    """Someone who gave no address they agreed to be written to: they get a letter."""
    org = Organisation.objects.create(name="광주뿌리기업협회", kind=OrganisationKind.INSTITUTION)
    return Person.objects.create(
        name="박서윤", organisation=org, email="seoyun@example.kr", contact_consent=False
    )


@pytest.fixture
def answered(staff, officer, meeting, department, proposer, second_proposer, letter_proposer) -> Demand:
    """A demand three people asked for, answered 'referred' with its reason and limits."""
    ids = [
        services.proposal_record(text=text, actor=staff, person=who, engagement=meeting).id
        for text, who in (
            ("GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요.", proposer),
            ("GPU 재선정 대신 연장 심사를 해 주세요.", second_proposer),
            ("뿌리기업도 GPU를 쓸 수 있게 해 주세요.", letter_proposer),
        )
    ]
    demand = services.demand_create(title="GPU 사용기간 12개월 이상·연장 허용", proposal_ids=ids, actor=staff)
    demand = services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand,
        actor=officer,
        outcome=Outcome.REFERRED,
        reason_code=ReasonCode.OTHER_BODY,
        reason="국가AI데이터센터의 GPU 배분 기간은 정보통신산업진흥원 운영 지침으로 정합니다.",
        limits="시가 직접 바꿀 수는 없지만, 12개월 배분과 연장 심사를 공식 건의하겠습니다.",
        referred_to="정보통신산업진흥원",
    )
    return demand
