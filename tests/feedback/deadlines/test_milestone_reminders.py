"""Reminders to the department in charge before and after a milestone's planned date, through the outbox."""

from __future__ import annotations

import datetime as dt

import pytest

from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.feedback import cli
from sori.feedback.milestone_reminders import milestone_reminders_send
from sori.feedback.models import MessageKind, MessageStatus, OutboxMessage
from sori.policy.milestone_services import milestone_complete, milestone_create
from sori.policy.models import Instrument
from sori.policy.services import disposition_decide
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def milestone(assigned, department, officer):
    department.email = "ai-industry@gwangju.example.kr"
    department.save()
    demand = assigned("소량 GPU 바우처 신설", department, on=D(2025, 11, 14), due=D(2025, 11, 28))
    answer = disposition_decide(
        demand=demand, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.BUDGET
    )
    return milestone_create(
        disposition=answer, title="2026년 본예산 편성", planned_date=D(2026, 3, 31), actor=officer
    )


def test_reminders_before_and_after_the_planned_date_once_a_day(
    milestone, other_officer, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        written = {
            day: milestone_reminders_send(today=day).written
            for day in (
                D(2026, 3, 23),
                D(2026, 3, 24),
                D(2026, 3, 25),
                D(2026, 4, 1),
                D(2026, 4, 1),
                D(2026, 4, 8),
            )
        }
        again = milestone_reminders_send(today=D(2026, 4, 1))
    # D-8: nothing; D-7: before (once); first day overdue; a week later
    assert written == {
        D(2026, 3, 23): 0,
        D(2026, 3, 24): 1,
        D(2026, 3, 25): 0,
        D(2026, 4, 1): 0,
        D(2026, 4, 8): 1,
    }
    assert (again.written, again.already) == (0, 1)
    messages = list(OutboxMessage.objects.filter(kind=MessageKind.MILESTONE).order_by("id"))
    assert [m.dedupe_key for m in messages] == [
        f"milestone:{milestone.id}:before:2026-03-31",
        f"milestone:{milestone.id}:overdue:2026-04-01",
        f"milestone:{milestone.id}:weekly:2026-04-08",
    ]
    assert all(m.status == MessageStatus.SENT for m in messages)
    # delivered to the department's officer and its own address, never the other department's
    assert mailoutbox[0].to == ["officer@example.kr", "ai-industry@gwangju.example.kr"]
    assert mailoutbox[0].subject == "[소리] 이행 예정일 D-7: 2026년 본예산 편성 — 소량 GPU 바우처 신설"
    assert mailoutbox[1].subject.startswith("[소리] 이행 예정일 1일 초과")
    assert "지연 사유와 새 예정일" in mailoutbox[1].body and "2026. 3. 31.(화)" in mailoutbox[1].body
    assert (
        f"/staff/demands/{milestone.disposition.demand_id}/milestones/{milestone.id}/" in mailoutbox[1].body
    )
    # and the demand's history says so
    assert (
        AuditRecord.objects.filter(action="milestone.remind", scope=ref(milestone.disposition.demand)).count()
        == 3
    )


def test_a_finished_milestone_is_not_reminded(milestone, officer) -> None:
    milestone_complete(milestone=milestone, actor=officer, note="본예산 통과")
    assert milestone_reminders_send(today=D(2026, 4, 1)).written == 0


def test_the_reminder_job_keeps_its_lines_and_adds_milestones(milestone, capsys) -> None:
    assert cli.remind(D(2026, 4, 1)) == 0
    out = capsys.readouterr().out
    assert "답변 기한 알림: 새로 작성" in out and "협약 이행 약속 알림: 새로 작성" in out
    assert "이행 예정일 알림: 새로 작성 1건, 이미 보냄 0건" in out
    assert "제안자 진행 상황 안내: 새로 작성" in out


def test_the_beat_task_writes_milestone_reminders(milestone) -> None:
    from sori.feedback.tasks import remind

    result = remind()
    assert set(result) >= {
        "written",
        "already",
        "no_address",
        "commitments",
        "milestones",
        "progress_notices",
    }
