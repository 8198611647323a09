"""A compute program with an open call, companies and reviewers, built through the programs services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sori.core.roles import Role
from sori.programs import services
from sori.programs.models import Application, Call, Program
from sori.programs.months import add_months, first_of
from sori.registry.models import Organisation, OrganisationKind

from .helpers import run_and_confirm


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def operator(db: Any) -> Organisation:
    return Organisation.objects.create(name="정보통신산업진흥원", kind=OrganisationKind.INSTITUTION)


@pytest.fixture
def program(staff: User, operator: Organisation) -> Program:
    return services.program_create(
        name="국가AI데이터센터 GPU 지원",
        kind="compute",
        operator=operator,
        actor=staff,
        slurm_cluster="gjaidc",
    )


@pytest.fixture
def call(program: Program, staff: User, today: dt.date) -> Call:
    return services.call_create(
        program=program,
        actor=staff,
        criteria=[("기술성", 40), ("사업성", 30), ("지역 기여", 30)],
        capacities=[("H100", 8, "h100"), ("A100", 16, "a100")],
        title="2026년 상반기 GPU 지원 공고",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=10),
        eligibility="광주 소재 AI기업",
        first_month=add_months(first_of(today), 1),
        months=24,
        term_months=12,
        max_renewals=1,
        renewal_requirements="사용률 50% 이상",
        renewal_min_usage=0.5,
        max_awards_per_organisation=None,
        newcomer_share=0.0,
        allow_partial=True,
        low_use_threshold=0.5,
        low_use_after_months=3,
        tranche_share=0.0,
    )


@pytest.fixture
def other_company(db: Any) -> Organisation:
    return Organisation.objects.create(name="㈜빛고을AI", kind=OrganisationKind.COMPANY)


@pytest.fixture
def reviewer(make_user: Callable[..., User]) -> User:
    return make_user("reviewer1", Role.STAFF)


@pytest.fixture
def reviewer2(make_user: Callable[..., User]) -> User:
    return make_user("reviewer2", Role.STAFF)


@pytest.fixture
def apply(call: Call, staff: User) -> Callable[..., Application]:
    """Submit an application through the service (defaults: 4 H100 for 12 months from the call's start)."""

    def make(organisation: Organisation, **values: Any) -> Application:
        fields = {
            "title": "제조 불량 검출 모델 학습",
            "resource": "H100",
            "amount": 4,
            "start_month": call.first_month,
            "months": 12,
            "summary": "금형 불량 이미지로 비전 모델을 학습합니다.",
            "expected_outcomes": "불량률 30% 감소",
        } | values
        return services.application_submit(call=call, organisation=organisation, actor=staff, **fields)

    return make


@pytest.fixture
def scored(reviewer: User, staff: User) -> Callable[..., Application]:
    """Assign ``reviewer`` and score every criterion ``score``."""

    def make(app: Application, score: int) -> Application:
        review = services.review_assign(application=app, reviewer=reviewer, actor=staff)
        criteria = {c.id: score for c in app.call.criteria.all()}
        services.review_submit(review=review, scores=criteria, comment="좋음", actor=reviewer)
        app.refresh_from_db()
        return app

    return make


@pytest.fixture
def past_call(program: Program, staff: User, today: dt.date) -> Call:
    """A call whose awards started four months ago (so low use can be judged)."""
    start = add_months(first_of(today), -4)
    return services.call_create(
        program=program,
        actor=staff,
        criteria=[("기술성", 100)],
        capacities=[("H100", 8, "h100")],
        title="2025년 하반기 GPU 지원 공고",
        opens_on=start - dt.timedelta(days=40),
        closes_on=start - dt.timedelta(days=20),
        eligibility="",
        first_month=start,
        months=24,
        term_months=12,
        max_renewals=1,
        renewal_requirements="사용률 50% 이상",
        renewal_min_usage=0.5,
        max_awards_per_organisation=None,
        newcomer_share=0.0,
        allow_partial=True,
        low_use_threshold=0.5,
        low_use_after_months=3,
        tranche_share=0.25,
    )


@pytest.fixture
def award_for(past_call: Call, staff: User, reviewer: User) -> Callable[..., Any]:
    """Return an award in ``past_call`` for an organisation: applied, reviewed, selected and confirmed."""

    def make(organisation: Organisation, amount: int = 4, title: str = "비전 모델 학습") -> Any:
        from sori.programs.models import Award

        app = services.application_submit(
            call=past_call,
            organisation=organisation,
            actor=staff,
            today=past_call.closes_on,
            title=title,
            resource="H100",
            amount=amount,
            start_month=past_call.first_month,
            months=12,
            summary="요약",
        )
        review = services.review_assign(application=app, reviewer=reviewer, actor=staff)
        services.review_submit(
            review=review, scores={c.id: 80 for c in past_call.criteria.all()}, comment="", actor=reviewer
        )
        run_and_confirm(past_call, staff)
        return Award.objects.get(application=app)

    return make
