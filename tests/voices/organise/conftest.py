"""A small world for the organise screen: an earlier committee's GPU demand, this year's waiting proposals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sori.engagement.models import Engagement, Series
from sori.voices import services, text_index
from sori.voices.models import Demand, Proposal, Theme

WAITING = [
    "㈜광주AI: GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요",
    "㈜아이티앱스: 국가AI데이터센터 GPU 사용기간 12개월 이상 연장과 갱신을 허용해 주세요",
    "(주)엑스알에이아이: GPU 사용기간이 6개월이라 너무 짧습니다. 12개월 이상으로 늘려 주세요",
    "㈜제조로봇: 제조업 현장 AI 교육 과정을 만들어 주세요",
    "㈜뿌리테크: 제조 중소기업 대상 AI 교육과 컨설팅을 지원해 주세요",
    "㈜데이터랩: 데이터 규제자유지역을 지정해 주세요",
]


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Any:
    text_index.clear()
    yield
    text_index.clear()


@pytest.fixture
def themes(db: Any) -> dict[str, Theme]:
    rows = [
        ("compute", "컴퓨팅·GPU"),
        ("talent", "인재·교육"),
        ("data", "데이터"),
        ("manufacturing", "제조 AX"),
    ]
    return {code: Theme.objects.create(code=code, name=name) for code, name in rows}


@pytest.fixture
def earlier_gpu_demand(staff: User, themes: dict[str, Theme]) -> Demand:
    """The 2020 committee's demand about GPU terms, in another series and another year."""
    committee = Series.objects.create(title="인공지능 중심도시 광주 만들기 추진위원회")
    meeting = Engagement.objects.create(
        series=committee,
        round=4,
        title="제4차 추진위원회 회의",
        starts_at=timezone.make_aware(dt.datetime(2020, 6, 2, 14, 0)),
    )
    said = [
        services.proposal_record(text=t, actor=staff, engagement=meeting)
        for t in ("GPU 컴퓨팅 자원 사용기간을 늘려 주세요", "GPU 사용기간 연장이 필요합니다")
    ]
    demand = services.demand_create(
        title="GPU 컴퓨팅 자원 사용기간 연장",
        proposal_ids=[p.id for p in said],
        actor=staff,
        theme=themes["compute"],
    )
    Demand.objects.filter(id=demand.id).update(created_at=timezone.make_aware(dt.datetime(2020, 6, 30)))
    demand.refresh_from_db()
    return demand


@pytest.fixture
def waiting(staff: User, meeting: Engagement) -> list[Proposal]:
    """This year's proposals, recorded through fast entry, none grouped yet."""
    return services.proposals_record_lines(raw="\n".join(WAITING), actor=staff, engagement=meeting)
