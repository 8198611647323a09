"""New voices joining an answered demand: shown on the demand page and in the inbox, the department asked,
and cleared by confirming the answer (답변 유지) or by a new answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sori.core.models import AuditRecord
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.selectors import feedback_owed
from sori.feedback.services import feedback_send
from sori.policy.models import AnswerConfirmation, ReasonCode
from sori.policy.selectors import inbox_demands, new_voices
from sori.policy.services import answer_confirm, disposition_decide
from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices import services
from sori.voices.models import Demand, Proposal
from sori.voices.outcomes import Outcome
from sori.voices.services.demands import grouping_undo


@pytest.fixture
def late_proposer(db: Any) -> Person:
    org = Organisation.objects.create(name="㈜늦은목소리", kind=OrganisationKind.COMPANY)
    return Person.objects.create(
        name="박늦음", organisation=org, email="late@voice.example.kr", contact_consent=True
    )


def _voice(staff: Any, meeting: Any, text: str, person: Person | None = None) -> Proposal:
    return services.proposal_record(text=text, actor=staff, person=person, engagement=meeting)


def _add(demand: Demand, staff: Any, *proposals: Proposal) -> None:
    services.demand_add_proposals(demand=demand, proposal_ids=[p.id for p in proposals], actor=staff)


def _page(client: Any, demand: Demand) -> str:
    return client.get(reverse("voices:demand_detail", args=[demand.id])).content.decode()


def test_the_section_shows_exactly_the_voices_added_after_the_answer(
    login, staff, officer, meeting, answered_demand, late_proposer
) -> None:
    # given: an answered demand, and a voice already waiting to be grouped when it was answered
    first = answered_demand.proposals.get()
    late = _voice(staff, meeting, "GPU 갱신 심사를 간소화해 주세요", late_proposer)
    also = _voice(staff, meeting, "12개월 이상 사용을 보장해 주세요")
    # when: staff add them after the answer
    _add(answered_demand, staff, late, also)
    # then: the staff page lists exactly those two under the new-voices heading
    page = _page(login(staff), answered_demand)
    section = page.split('id="new-voices"')[1].split("</section>")[0]
    assert "답변 이후 새 목소리 2건" in section
    assert late.text in section and also.text in section
    assert first.text not in section
    voices = new_voices(answered_demand)
    assert voices is not None and [p.id for p in voices.proposals] == [late.id, also.id]
    # and: the department's inbox marks the demand
    inbox = login(officer).get(reverse("policy:inbox")).content.decode()
    assert "답변 이후 새 목소리 2건" in inbox
    (row,) = inbox_demands(department=answered_demand.department, answered=True)
    assert row.new_voice_count == 2


def test_re_adding_a_voice_already_in_the_demand_does_not_make_it_new(staff, answered_demand) -> None:
    first = answered_demand.proposals.get()
    _add(answered_demand, staff, first)
    voices = new_voices(answered_demand)
    assert voices is not None and voices.proposals == []


def test_a_voice_merged_in_is_new_and_undo_takes_it_back(staff, meeting, answered_demand) -> None:
    other = services.demand_create(
        title="GPU 재선발 폐지", proposal_ids=[_voice(staff, meeting, "재선발 대신 갱신으로").id], actor=staff
    )
    services.demand_merge(target=answered_demand, others=[other], actor=staff)
    voices = new_voices(answered_demand)
    assert voices is not None and [p.text for p in voices.proposals] == ["재선발 대신 갱신으로"]
    grouping_undo(actor=staff)
    voices = new_voices(answered_demand)
    assert voices is not None and voices.proposals == []
    assert Proposal.objects.get(text="재선발 대신 갱신으로").demand_id == other.id


def test_the_department_gets_one_notice_a_day(staff, officer, meeting, department, answered_demand) -> None:
    department.email = "ai@gwangju.go.kr"
    department.save()
    # when: staff add two voices, one at a time, the same day
    _add(answered_demand, staff, _voice(staff, meeting, "첫 늦은 제안"))
    _add(answered_demand, staff, _voice(staff, meeting, "둘째 늦은 제안"))
    # then: the department's officer and address get one notice, with the page to answer on
    (notice,) = OutboxMessage.objects.filter(kind=MessageKind.VOICES_ADDED)
    assert notice.to == f"{officer.email}, ai@gwangju.go.kr"
    assert "GPU 12개월" in notice.subject
    assert "첫 늦은 제안" in notice.body and "중장기 검토" in notice.body
    assert reverse("policy:decide", args=[answered_demand.id]) in notice.body


def test_voices_added_before_any_answer_ask_nothing(staff, meeting, department) -> None:
    demand = services.demand_create(
        title="실증", proposal_ids=[_voice(staff, meeting, "실증 공간").id], actor=staff
    )
    services.demand_assign(demand=demand, department=department, actor=staff)
    _add(demand, staff, _voice(staff, meeting, "실증 레퍼런스"))
    assert not OutboxMessage.objects.filter(kind=MessageKind.VOICES_ADDED).exists()


def test_confirming_the_answer_clears_the_section_and_is_on_the_trail(
    login, staff, officer, meeting, answered_demand
) -> None:
    late = _voice(staff, meeting, "갱신 심사 간소화")
    _add(answered_demand, staff, late)
    client = login(officer)
    decide = client.get(reverse("policy:decide", args=[answered_demand.id])).content.decode()
    assert "답변 이후 새 목소리 1건" in decide and "data-confirm" in decide.split('id="new-voices"')[1]
    # when: the officer keeps the answer, with a note
    response = client.post(
        reverse("policy:confirm_answer", args=[answered_demand.id]),
        {"note": "새 제안도 같은 국가 지침 사항입니다.", "seen": [late.id]},
    )
    assert response.status_code == 302
    # then: the confirmation is kept with who and why, and the section and the marker are gone
    (confirmation,) = AnswerConfirmation.objects.all()
    assert (
        confirmation.confirmed_by == officer and confirmation.note == "새 제안도 같은 국가 지침 사항입니다."
    )
    page = _page(login(staff), answered_demand)
    assert 'id="new-voices"' not in page
    assert "답변 유지 확인" in page.split("변경 기록")[1]
    (row,) = inbox_demands(department=answered_demand.department, answered=True)
    assert not row.new_voice_count
    # and: a voice added after the confirmation is new again
    _add(answered_demand, staff, _voice(staff, meeting, "또 다른 제안"))
    voices = new_voices(answered_demand)
    assert voices is not None and [p.text for p in voices.proposals] == ["또 다른 제안"]


def test_a_voice_added_while_reading_is_not_confirmed_unseen(
    staff, officer, meeting, answered_demand
) -> None:
    seen = _voice(staff, meeting, "읽은 제안")
    _add(answered_demand, staff, seen)
    _add(answered_demand, staff, _voice(staff, meeting, "그 사이 들어온 제안"))
    with pytest.raises(ValidationError):
        answer_confirm(demand=answered_demand, actor=officer, seen_ids=[seen.id])
    assert not AnswerConfirmation.objects.exists()


def test_a_new_answer_clears_the_section_too(login, staff, officer, meeting, answered_demand) -> None:
    _add(answered_demand, staff, _voice(staff, meeting, "갱신 심사 간소화"))
    disposition_decide(
        demand=answered_demand,
        actor=officer,
        outcome=Outcome.PARTLY_ADOPTED,
        reason_code=ReasonCode.BUDGET,
        reason="내년 예산에 일부 반영합니다.",
        limits="12개월 보장은 국가 지침 사항입니다.",
    )
    assert 'id="new-voices"' not in _page(login(staff), answered_demand)
    voices = new_voices(answered_demand)
    assert voices is not None and voices.proposals == []


def test_an_officer_of_another_department_cannot_confirm(
    login, staff, other_officer, meeting, answered_demand
) -> None:
    _add(answered_demand, staff, _voice(staff, meeting, "갱신 심사 간소화"))
    url = reverse("policy:confirm_answer", args=[answered_demand.id])
    assert login(other_officer).post(url, {"note": "남의 답변"}).status_code == 403
    assert not AnswerConfirmation.objects.exists()
    assert not AuditRecord.objects.filter(action="answer.confirm").exists()
    # and: the page never offers them the way to it
    assert 'id="new-voices"' in _page(login(staff), answered_demand)


def test_confirming_with_nothing_new_saves_nothing(staff, answered_demand) -> None:
    with pytest.raises(ValidationError):
        answer_confirm(demand=answered_demand, actor=staff)
    assert not AnswerConfirmation.objects.exists()


def test_new_proposers_are_owed_the_standing_answer(
    staff, meeting, answered_demand, proposer, late_proposer
) -> None:
    # given: the first proposer has been told the answer
    feedback_send(actor=staff, person=proposer)
    assert feedback_owed() == []
    # when: a new voice joins the answered demand
    late = _voice(staff, meeting, "갱신 심사 간소화", late_proposer)
    _add(answered_demand, staff, late)
    # then: only its proposer is owed, and owed the answer that stands
    (owed,) = feedback_owed()
    assert owed.organisation == late_proposer.organisation
    ((proposal, disposition),) = owed.items
    assert proposal == late and disposition == answered_demand.dispositions.get()
    assert disposition.outcome == Outcome.LONG_TERM
