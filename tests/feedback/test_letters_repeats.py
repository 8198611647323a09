"""A letter tells the proposer when their demand was raised before and what the city answered then."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from sori.engagement.models import Engagement, Series
from sori.feedback.letters import letter_for_owed, letter_pdf
from sori.feedback.models import Channel, Feedback
from sori.feedback.services import compose, feedback_send, owed_for
from sori.policy.models import Instrument, ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, Person
from sori.voices import services
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome

REASON = "규제자유특구 지정은 중소벤처기업부 소관이라 중장기로 검토합니다."
SENTENCE = f"이 요구는 2020년에도 제기되었고, 당시 '중장기 검토'로 답했습니다: {REASON}"


def _compact(text: str) -> str:
    return "".join(text.split())


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\f".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.fixture
def repeated(
    staff: User, officer: User, meeting: Engagement, department: Organisation, proposer: Person
) -> Demand:
    """This year's data-zone demand from ㈜아이티앱스, answered, repeating the 2020 committee's."""
    committee = Engagement.objects.create(
        series=Series.objects.create(title="인공지능 중심도시 광주 만들기 추진위원회"),
        round=4,
        title="제4차 추진위원회 회의",
        starts_at=timezone.make_aware(dt.datetime(2020, 6, 2, 14, 0)),
    )
    old = services.proposal_record(
        text="데이터 규제자유특구를 지정해 주세요.",
        actor=staff,
        engagement=committee,
        received_at=committee.starts_at,
    )
    y2020 = services.demand_create(title="데이터 규제자유특구 지정", proposal_ids=[old.id], actor=staff)
    services.demand_assign(demand=y2020, department=department, actor=staff)
    disposition_decide(
        demand=y2020,
        actor=officer,
        outcome=Outcome.LONG_TERM,
        reason_code=ReasonCode.UNDER_STUDY,
        reason=REASON,
        limits="시는 지정 신청과 건의를 할 수 있습니다.",
    )
    new = services.proposal_record(
        text="데이터 규제자유지역 지정을 다시 요청합니다.", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(title="데이터 규제자유지역 지정", proposal_ids=[new.id], actor=staff)
    services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(
        demand=demand, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.LAW_REVISION
    )
    services.repeat_confirm(demand=demand, earlier=y2020, actor=staff)
    return demand


def test_the_letter_pdf_says_the_demand_was_raised_before_and_how_it_was_answered(
    repeated: Demand, company: Organisation
) -> None:
    # given: what ㈜아이티앱스 is owed
    owed = owed_for(organisation=company)
    assert owed is not None
    letter = letter_for_owed(owed)

    # when: the letter is printed
    text = _compact(_pdf_text(letter_pdf(letter)))

    # then: under the demand, the earlier year and answer, with its reason
    [item] = letter.items
    assert [a.sentence for a in item.earlier] == [SENTENCE]
    assert _compact(SENTENCE) in text
    assert text.index(_compact("데이터 규제자유지역 지정")) < text.index(_compact(SENTENCE))


def test_the_email_says_it_too_and_keeps_it_in_what_was_sent(
    login: Any, staff: User, repeated: Demand, company: Organisation
) -> None:
    owed = owed_for(organisation=company)
    assert owed is not None
    _subject, body = compose(owed)
    assert SENTENCE in body
    assert body.index("정책 수요: 데이터 규제자유지역 지정") < body.index(SENTENCE) < body.index("처리 결과:")

    # when: staff send it; the printable copy of what was sent reads the same
    feedback_send(actor=staff, organisation=company, channel=Channel.EMAIL)
    sent = Feedback.objects.get()
    assert SENTENCE in sent.body
    page = login(staff).get(reverse("feedback:letter", args=[sent.id])).content.decode()
    assert "이 요구는 2020년에도 제기되었고" in page


def test_a_demand_never_raised_before_says_nothing_of_it(
    staff: User,
    officer: User,
    meeting: Engagement,
    department: Organisation,
    company: Organisation,
    proposer: Person,
) -> None:
    p = services.proposal_record(
        text="AI 바우처를 늘려 주세요.", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(title="AI 바우처 확대", proposal_ids=[p.id], actor=staff)
    services.demand_assign(demand=demand, department=department, actor=staff)
    disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.BUDGET)
    owed = owed_for(organisation=company)
    assert owed is not None
    assert "에도 제기되었" not in compose(owed)[1]
    assert letter_for_owed(owed).items[0].earlier == ()
