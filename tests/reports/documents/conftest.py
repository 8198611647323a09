# ruff: noqa: E501 — the article texts are quoted as printed, one 항 or 호 per line
"""A small committee world built through the services, and helpers to read PDFs back (pypdfium2)."""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from sori.engagement.models import AgendaItem, Engagement
from sori.policy.models import Instrument, ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices import services
from sori.voices.models import Demand, Theme
from sori.voices.outcomes import Outcome

TODAY = dt.date(2025, 11, 28)


def pdf_text(data: bytes) -> str:
    """Return the text of every page of a PDF, pages separated by form feeds."""
    pdf = pdfium.PdfDocument(data)
    try:
        return "\f".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def pdf_pages(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def dark_share(data: bytes, page: int = 0, save_as: str = "") -> float:
    """Render a page to an image and return the share of dark pixels (0 for a blank page)."""
    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[page].render(scale=1.5).to_pil().convert("L")
    finally:
        pdf.close()
    if save_as:
        image.save(save_as)
    pixels = list(image.tobytes())
    return sum(1 for v in pixels if v < 128) / len(pixels)


def compact(text: str) -> str:
    """Return text without whitespace: PDF text extraction may break lines anywhere."""
    return "".join(text.split())


@pytest.fixture
def pdf() -> types.SimpleNamespace:
    """Return the PDF readers: ``text``, ``pages``, ``dark_share`` and ``compact``."""
    return types.SimpleNamespace(text=pdf_text, pages=pdf_pages, dark_share=dark_share, compact=compact)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@dataclass
class World:
    gpu: Demand
    testbed: Demand
    talent: Demand
    datazone: Demand
    open_demand: Demand
    round1: Engagement
    round2: Engagement
    proposer: Person


def _record(staff: Any, text: str, who: Person | Organisation, meeting: Engagement, day: dt.date) -> int:
    kwargs = {"person": who} if isinstance(who, Person) else {"organisation": who}
    at = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 7, 45))
    return services.proposal_record(text=text, actor=staff, engagement=meeting, received_at=at, **kwargs).id


@pytest.fixture
def world(staff, officer, department, other_department, series, meeting, proposer, shy_company) -> World:
    """Four answered or assigned demands from two breakfast meetings, built through the services.

    Hand-computed figures (all periods): 10 proposals accepted, 6 organisations, 1 not grouped; 5 demands:
    3 answered (1 partly adopted, 1 adopted, 1 not adopted), 1 assigned and overdue by 9 days, 1 open.
    Needs law or an ordinance: GPU (ordinance) and data zone (law revision, national law) = 2.
    """
    compute = Theme.objects.create(code="compute", name="컴퓨팅·GPU", order=1)
    testbed_theme = Theme.objects.create(code="testbed", name="실증·테스트베드", order=2)
    talent_theme = Theme.objects.create(code="talent", name="인재", order=3)
    mk = Organisation.objects.create
    bit = mk(name="㈜빛고을데이터", kind=OrganisationKind.COMPANY, public_name_consent=True)
    root = mk(name="광주뿌리기업협회", kind=OrganisationKind.INSTITUTION, public_name_consent=True)
    media = mk(name="㈜무등콘텐츠AI", kind=OrganisationKind.COMPANY, public_name_consent=True)
    lab = mk(name="광주과학기술원 AI연구소", kind=OrganisationKind.INSTITUTION, public_name_consent=True)
    round1 = meeting
    round1.theme = "GPU·컴퓨팅 자원"
    round1.save()
    AgendaItem.objects.create(
        engagement=round1,
        order=1,
        presenter="조춘호",
        presenter_organisation=proposer.organisation,
        topic="국가AI데이터센터 GPU 활용 경험과 과제",
    )
    AgendaItem.objects.create(
        engagement=round1, order=2, presenter="김다온", presenter_organisation=bit, topic="제조 데이터 표준화"
    )
    round2 = Engagement.objects.create(
        series=series,
        round=2,
        title="제2차 AI기업 조찬간담회",
        theme="실증과 인재",
        starts_at=timezone.make_aware(dt.datetime(2025, 11, 14, 7, 30)),
        place="광주광역시의회 대회의실",
        attendee_count=64,
    )
    d1 = dt.date(2025, 11, 11)
    d2 = dt.date(2025, 11, 14)
    gpu_ids = [
        _record(staff, "GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요.", proposer, round1, d1),
        _record(staff, "GPU 재선정 대신 연장 심사를 해 주세요.", bit, round1, d1),
        _record(staff, "뿌리기업도 GPU를 쓸 수 있게 해 주세요.", root, round1, d1),
        _record(staff, "GPU 배분 기간이 짧아 학습이 끊깁니다.", shy_company, round1, d1),
    ]
    testbed_ids = [
        _record(staff, "공공기관 공간제공형 실증은 문턱이 높습니다.", media, round2, d2),
        _record(staff, "콘텐츠 AI 기업도 레퍼런스를 쌓을 실증이 필요합니다.", proposer, round2, d2),
    ]
    talent_ids = [_record(staff, "AI사관학교 수료생을 기업 맞춤형으로 연계해 주세요.", lab, round2, d2)]
    zone_ids = [_record(staff, "데이터 규제자유지역을 지정해 주세요.", bit, round1, d1)]
    _record(staff, "수도권 이전 기업과 지역 기업의 상생 방안이 필요합니다.", root, round2, d2)  # not grouped

    gpu = services.demand_create(
        title="GPU 사용기간 12개월 이상·연장 허용", proposal_ids=gpu_ids, actor=staff, theme=compute
    )
    testbed = services.demand_create(
        title="실증 공간제공형 참여 문턱 낮추기", proposal_ids=testbed_ids, actor=staff, theme=testbed_theme
    )
    talent = services.demand_create(
        title="AI사관학교 기업 맞춤형 인재 연계", proposal_ids=talent_ids, actor=staff, theme=talent_theme
    )
    zone = services.demand_create(
        title="데이터 규제자유지역 지정", proposal_ids=zone_ids, actor=staff, theme=compute
    )
    open_ids = [_record(staff, "AI 바우처 정산 서류를 줄여 주세요.", media, round2, d2)]
    open_demand = services.demand_create(title="AI 바우처 정산 간소화", proposal_ids=open_ids, actor=staff)

    for d in (gpu, talent, zone):
        services.demand_assign(demand=d, department=department, actor=staff)
    services.demand_assign(
        demand=testbed, department=other_department, actor=staff, answer_due=TODAY - dt.timedelta(days=9)
    )
    disposition_decide(
        demand=gpu,
        actor=officer,
        outcome=Outcome.PARTLY_ADOPTED,
        reason_code=ReasonCode.BUDGET,
        reason="12개월 배분은 조례 개정과 예산 확보가 함께 필요합니다.",
        limits="2026년 상반기까지는 6개월 배분 후 연장 심사로 운영합니다.",
        instrument=Instrument.ORDINANCE,
        due_date=dt.date(2026, 6, 30),
    )
    disposition_decide(
        demand=talent,
        actor=officer,
        outcome=Outcome.ADOPTED,
        instrument=Instrument.PROGRAM_RULE,
        due_date=dt.date(2026, 3, 1),
    )
    disposition_decide(
        demand=zone,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="규제자유특구 지정은 「규제자유특구 및 지역특화발전특구에 관한 규제특례법」에 따라 중소벤처기업부가 합니다.",
        limits="시는 지정 신청과 법 개정 건의를 할 수 있습니다.",
        instrument=Instrument.LAW_REVISION,
    )
    return World(
        gpu=Demand.objects.get(id=gpu.id),
        testbed=Demand.objects.get(id=testbed.id),
        talent=Demand.objects.get(id=talent.id),
        datazone=Demand.objects.get(id=zone.id),
        open_demand=open_demand,
        round1=round1,
        round2=round2,
        proposer=proposer,
    )


@pytest.fixture
def article() -> tuple[str, str]:
    """Return a plausible 광주광역시 조례 article (현행) and its revision (개정안)."""
    return CURRENT_ARTICLE, PROPOSED_ARTICLE


CURRENT_ARTICLE = """제7조(컴퓨팅 자원 지원) ① 시장은 인공지능 기업의 연구개발을 위하여 국가AI데이터센터의 그래픽처리장치(GPU) 등 컴퓨팅 자원을 6개월의 범위에서 지원할 수 있다.
② 제1항에 따른 지원 대상은 다음 각 호의 어느 하나에 해당하는 기업으로 한다.
1. 광주광역시에 본사 또는 주된 사무소를 둔 인공지능 기업
2. 광주광역시에 연구소를 둔 기업으로서 시장이 인정하는 기업
③ 지원 기간이 끝난 기업은 새로 선정 절차를 거쳐 다시 지원받을 수 있다.
④ 그 밖에 지원에 필요한 사항은 규칙으로 정한다."""

PROPOSED_ARTICLE = """제7조(컴퓨팅 자원 지원) ① 시장은 인공지능 기업의 연구개발을 위하여 국가AI데이터센터의 그래픽처리장치(GPU) 등 컴퓨팅 자원을 12개월의 범위에서 지원할 수 있다.
② 제1항에 따른 지원 대상은 다음 각 호의 어느 하나에 해당하는 기업으로 한다.
1. 광주광역시에 본사 또는 주된 사무소를 둔 인공지능 기업
2. 광주광역시에 연구소를 둔 기업
3. 인공지능 기술을 도입하려는 광주광역시 소재 제조기업 및 뿌리기업
③ 지원 기간이 끝난 기업은 성과 평가를 거쳐 지원 기간을 연장할 수 있다.
④ 그 밖에 지원에 필요한 사항은 규칙으로 정한다."""
