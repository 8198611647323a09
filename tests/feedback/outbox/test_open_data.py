"""Open data of the public tracker: the Atom feed of new decisions, and no personal data anywhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from sori.policy.models import ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Person
from sori.voices import services
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published(staff, officer, meeting, department, proposer, shy_company):
    """Two published demands, one answered 'not adopted', asked for by named people with contacts."""
    officer.first_name = "정미나"
    officer.save()
    citizen = Person.objects.create(
        name="김시민", email="citizen@example.kr", phone="010-9876-5432", contact_consent=True
    )
    shy = Person.objects.create(name="이비공", organisation=shy_company, email="shy@quiet.example.kr")
    ids = [
        services.proposal_record(text=t, actor=staff, person=p, engagement=meeting).id
        for t, p in (
            ("GPU 사용기간을 12개월 이상으로 해 주세요. 연락: 010-1111-2222", proposer),
            ("재선정 대신 연장 심사를 해 주세요.", citizen),
            ("저희도 같은 의견입니다.", shy),
        )
    ]
    answered = services.demand_create(
        title="GPU 사용기간 12개월 이상·연장 허용", proposal_ids=ids[:2], actor=staff
    )
    answered = services.demand_assign(demand=answered, department=department, actor=staff)
    disposition_decide(
        demand=answered,
        actor=officer,
        outcome=Outcome.NOT_ADOPTED,
        reason_code=ReasonCode.NATIONAL_LAW,
        reason="GPU 배분 기간은 국가AI데이터센터 운영 지침으로 정해져 시가 바꿀 수 없습니다.",
        limits="시는 12개월 이상 사용을 중앙부처에 건의합니다.",
        instrument="law_revision",
    )
    services.demand_publish(demand=answered, published=True, actor=staff)
    waiting = services.demand_create(title="소량 GPU 바우처 신설", proposal_ids=ids[2:], actor=staff)
    services.demand_publish(demand=waiting, published=True, actor=staff)
    hidden = services.demand_create(
        title="비공개 수요",
        proposal_ids=[services.proposal_record(text="비공개", actor=staff).id],
        actor=staff,
    )
    return answered, hidden


PERSONAL = (
    "조춘호",
    "cho@itapps.example.kr",
    "김시민",
    "citizen@example.kr",
    "010-9876-5432",
    "010-1111-2222",
    "이비공",
    "shy@quiet.example.kr",
    "㈜조용한AI",
    "정미나",
    "officer@example.kr",
)


def test_the_feed_lists_new_decisions_with_their_reasons(client, published) -> None:
    answered, _hidden = published
    response = client.get("/tracker/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1  # only decisions: the unanswered demand has none, the unpublished one is hidden
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == "[반영 곤란] GPU 사용기간 12개월 이상·연장 허용"
    summary = entry.findtext(f"{ATOM}summary") or ""
    assert "국가AI데이터센터 운영 지침" in summary and "중앙부처에 건의" in summary
    assert "법 개정 건의" in summary and "광주광역시 인공지능산업과" in summary
    link = entry.find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith(reverse("public:demand", args=[answered.id]))
    assert entry.find(f"{ATOM}author") is None
    assert root.findtext(f"{ATOM}title") == "소리 — 정책 수요 처리결과"


def test_no_personal_data_in_csv_json_or_feed(client, published) -> None:
    documents = {
        "csv": client.get("/tracker/", {"format": "csv"}).content.decode("utf-8-sig"),
        "json": client.get("/tracker/", {"format": "json"}).content.decode(),
        "atom": client.get("/tracker/feed.atom").content.decode(),
    }
    assert "GPU 사용기간 12개월 이상" in documents["csv"] and "GPU 사용기간 12개월 이상" in documents["json"]
    for name, text in documents.items():
        for private in PERSONAL:
            assert private not in text, f"{private} in {name}"
        assert "비공개 수요" not in text
        assert "연장 심사를 해 주세요" not in text  # a proposal's own words are never published
