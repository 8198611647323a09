"""A small world for the voices pages: proposals from a meeting, a web submission waiting, and demands."""

from __future__ import annotations

import pytest

from sori.voices import services
from sori.voices.models import Demand, Proposal


@pytest.fixture
def voiced(staff, meeting, company):
    """Four proposals from round 1: two companies on GPU terms, one on demonstrations, one anonymous."""
    return services.proposals_record_lines(
        raw="㈜아이티앱스: GPU 사용기간을 최소 12개월로 늘려 주세요\n"
        "(주)엑스알에이아이: GPU 지원을 재선발 대신 갱신으로 해 주세요\n"
        "(주)엑스알에이아이: 실증사업 공간제공형은 접근이 어렵습니다\n"
        "AI사관학교에서 기업 맞춤형 인재를 길러 주세요",
        actor=staff,
        engagement=meeting,
    )


@pytest.fixture
def gpu_demand(staff, voiced) -> Demand:
    """A demand two organisations asked for (three proposals, one organisation twice)."""
    return services.demand_create(
        title="GPU 사용기간 연장과 갱신 허용",
        proposal_ids=[voiced[0].id, voiced[1].id, voiced[2].id],
        actor=staff,
    )


@pytest.fixture
def web_submission(db) -> Proposal:
    return services.proposal_submit_public(
        name="김시민",
        email="citizen@example.kr",
        text="AI 교육을 시민에게도 열어 주세요",
        consent=True,
        organisation_name="광주시민모임",
    )
