"""Progress and transfer notices to proposers: once per slip, through the outbox, in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.notices import progress_notices_send
from sori.policy.milestone_services import milestone_create, milestone_delay
from sori.policy.models import Instrument, ReasonCode
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def asked(staff, meeting, department, proposer, second_proposer, letter_proposer):
    """A demand three people of three organisations asked for, assigned with a deadline."""
    ids = [
        services.proposal_record(text=text, actor=staff, person=who, engagement=meeting).id
        for text, who in (
            ("소량 GPU 바우처를 만들어 주세요.", proposer),
            ("작은 기업도 GPU를 쓰게 해 주세요.", second_proposer),
            ("뿌리기업도 GPU를 쓰게 해 주세요.", letter_proposer),
        )
    ]
    demand = services.demand_create(title="소량 GPU 바우처 신설", proposal_ids=ids, actor=staff)
    return services.demand_assign(
        demand=demand, department=department, actor=staff, answer_due=D(2025, 11, 28)
    )


def notices(kind: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=kind).order_by("id"))


def test_a_late_answer_tells_the_proposers_once_per_deadline(
    asked, mailoutbox, django_capture_on_commit_callbacks
):
    # when the job runs on the first day overdue, and again the next days
    with django_capture_on_commit_callbacks(execute=True):
        first = progress_notices_send(today=D(2025, 11, 29))
        later = [
            progress_notices_send(today=D(2025, 11, 29) + dt.timedelta(days=n)).written for n in range(1, 5)
        ]
    # then each organisation with an address heard once (광주뿌리기업협회 has none), then nothing more
    assert (first.written, first.demands, later) == (2, 1, [0, 0, 0, 0])
    assert sorted(m.to[0] for m in mailoutbox) == ["cho@itapps.example.kr", "daon@bitgoeul.example.kr"]
    mail = next(m for m in mailoutbox if m.to[0] == "cho@itapps.example.kr")
    assert mail.to == ["cho@itapps.example.kr", "contact@itapps.example.kr"]
    assert mail.subject == "[소리] 제안하신 내용의 진행 상황을 알려드립니다: 소량 GPU 바우처 신설"
    assert (
        "㈜아이티앱스 담당자님께" in mail.body
        and "검토가 답변 기한(2025. 11. 28.(금)) 안에 끝나지 않았습니다" in mail.body
    )
    assert "답변 예정일: 2025. 12. 13.(토)" in mail.body  # one more answer period (14 days) from the notice
    assert "김다온" not in mail.body and "빛고을" not in mail.body  # nothing about the other proposers
    # and the demand's history has it once, naming who could not be written to
    [record] = AuditRecord.objects.filter(action="progress.notify", scope=ref(asked))
    assert record.after["unreachable"] == ["광주뿌리기업협회"]


def test_a_deadline_set_again_and_missed_again_is_a_new_slip(asked, staff, department) -> None:
    progress_notices_send(today=D(2025, 11, 29))
    services.demand_assign(demand=asked, department=department, actor=staff, answer_due=D(2025, 12, 12))
    assert progress_notices_send(today=D(2025, 12, 5)).written == 0  # not late yet
    assert progress_notices_send(today=D(2025, 12, 13)).written == 2
    assert len(notices(MessageKind.PROGRESS)) == 4


def test_an_answered_demand_gets_no_progress_notice(asked, officer) -> None:
    disposition_decide(demand=asked, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.BUDGET)
    assert progress_notices_send(today=D(2025, 12, 29)).written == 0


def test_a_slipped_milestone_is_told_once_per_slip_with_reason_and_date(asked, officer, mailoutbox):
    answer = disposition_decide(
        demand=asked, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.BUDGET
    )
    milestone = milestone_create(
        disposition=answer, title="본예산 편성", planned_date=D(2026, 3, 31), actor=officer
    )
    # when it slips twice
    milestone = milestone_delay(
        milestone=milestone, actor=officer, reason="추경으로 넘어갔습니다.", new_planned_date=D(2026, 6, 30)
    )
    first = notices(MessageKind.PROGRESS)
    milestone_delay(
        milestone=milestone,
        actor=officer,
        reason="추경 심사가 늦어졌습니다.",
        new_planned_date=D(2026, 8, 31),
    )
    # then each slip went once to each reachable organisation, with its reason and new date
    assert len(first) == 2 and len(notices(MessageKind.PROGRESS)) == 4
    body = first[0].body
    assert "반영하는 일정이 늦어지게 되어" in body and "이행 단계: 본예산 편성" in body
    assert "사유: 추경으로 넘어갔습니다." in body and "새 예정일: 2026. 6. 30.(화)" in body
    assert {m.dedupe_key.split(":person")[0].split(":org")[0] for m in first} == {
        f"notice:milestone:{milestone.id}:1"
    }
    assert AuditRecord.objects.filter(action="progress.notify", scope=ref(asked)).count() == 2


def test_a_failed_delay_writes_no_notice(asked, officer) -> None:
    answer = disposition_decide(
        demand=asked, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.BUDGET
    )
    milestone = milestone_create(
        disposition=answer, title="본예산 편성", planned_date=D(2026, 3, 31), actor=officer
    )
    with pytest.raises(ValidationError):
        milestone_delay(milestone=milestone, actor=officer, reason="", new_planned_date=D(2026, 6, 30))
    assert notices(MessageKind.PROGRESS) == []


def test_a_transfer_names_the_body_once(asked, officer) -> None:
    # given the thread last served someone reading in English
    translation.activate("en")
    referral = {
        "outcome": Outcome.REFERRED,
        "reason_code": ReasonCode.OTHER_BODY,
        "reason": "GPU 배분 기준은 정보통신산업진흥원 소관입니다.",
        "limits": "시는 기간 연장을 공식 건의합니다.",
        "referred_to": "정보통신산업진흥원",
    }
    disposition_decide(demand=asked, actor=officer, **referral)
    # then a Korean transfer notice went to each reachable organisation, naming the body
    sent = notices(MessageKind.TRANSFER)
    assert len(sent) == 2
    assert sent[0].subject == "[소리] 제안하신 내용을 정보통신산업진흥원(으)로 이관했습니다"
    assert "이관 기관: 정보통신산업진흥원" in sent[0].body and "정보통신산업진흥원 소관입니다" in sent[0].body
    [record] = AuditRecord.objects.filter(action="transfer.notify", scope=ref(asked))
    assert record.after["referred_to"] == "정보통신산업진흥원"
    # and a reworded answer to the same body does not tell them again; a new body does
    disposition_decide(demand=asked, actor=officer, **{**referral, "limits": "건의 결과를 알려드리겠습니다."})
    assert len(notices(MessageKind.TRANSFER)) == 2
    disposition_decide(demand=asked, actor=officer, **{**referral, "referred_to": "과학기술정보통신부"})
    assert len(notices(MessageKind.TRANSFER)) == 4
