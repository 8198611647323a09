"""Reminders to the responsible department: before the deadline, on the first day overdue, then weekly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from sori.core.audit import ref
from sori.core.models import AuditRecord
from sori.feedback import cli
from sori.feedback.deadlines import deadline_reminders_send
from sori.feedback.models import MessageKind, MessageStatus, OutboxMessage

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def late(assigned, department, officer):
    department.email = "ai-industry@gwangju.example.kr"
    department.save()
    return assigned("소량 GPU 바우처 신설", department, on=D(2025, 11, 14), due=D(2025, 11, 28))


def test_overdue_department_is_reminded_once_a_day_at_most(
    late, other_officer, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # when the reminders run twice on the first day overdue
    with django_capture_on_commit_callbacks(execute=True):
        first = deadline_reminders_send(today=D(2025, 11, 29))
        second = deadline_reminders_send(today=D(2025, 11, 29))
    # then one message went to the department's officer and its own address, not to the other department
    assert (first.written, second.written, second.already) == (1, 0, 1)
    [mail] = mailoutbox
    assert mail.to == ["officer@example.kr", "ai-industry@gwangju.example.kr"]
    assert mail.subject == "[소리] 답변 기한 1일 초과: 소량 GPU 바우처 신설"
    assert "광주광역시 인공지능산업과 담당자님께" in mail.body and "1일 지났습니다" in mail.body
    assert f"/staff/demands/{late.id}/" in mail.body and "2025. 11. 28.(금)" in mail.body
    message = OutboxMessage.objects.get(kind=MessageKind.REMINDER)
    assert (message.kind, message.status, message.demand_id) == (
        MessageKind.REMINDER,
        MessageStatus.SENT,
        late.id,
    )
    # and the demand's history says the department was reminded
    assert AuditRecord.objects.filter(action="deadline.remind", scope=ref(late)).count() == 1


def test_overdue_reminders_repeat_weekly(late) -> None:
    written = [
        deadline_reminders_send(today=D(2025, 11, 28) + dt.timedelta(days=n)).written for n in range(1, 17)
    ]
    # days 1 (overdue), 8 and 15 (weekly)
    assert [n + 1 for n, w in enumerate(written) if w] == [1, 8, 15]
    assert OutboxMessage.objects.filter(kind=MessageKind.REMINDER).count() == 3


def test_a_reminder_is_written_in_korean_when_sent_from_an_english_request(
    late, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given the thread last served someone who switched the site to English
    translation.activate("en")
    # when the reminders run in it (in-process tasks run in the request's thread)
    with django_capture_on_commit_callbacks(execute=True):
        deadline_reminders_send(today=D(2025, 11, 29))
    # then the department still reads Korean, and so does the audit trail
    [mail] = mailoutbox
    assert mail.subject == "[소리] 답변 기한 1일 초과: 소량 GPU 바우처 신설"
    assert "담당자님께" in mail.body
    assert AuditRecord.objects.get(action="deadline.remind").summary.endswith("에 알림: " + mail.subject)


def test_one_reminder_before_the_deadline(late, mailoutbox, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_reminders_send(today=D(2025, 11, 24)).written == 0  # D-4: not yet
        assert deadline_reminders_send(today=D(2025, 11, 25)).written == 1  # D-3
        assert deadline_reminders_send(today=D(2025, 11, 26)).written == 0  # already told
    assert mailoutbox[0].subject == "[소리] 답변 기한 D-3: 소량 GPU 바우처 신설"
    assert "3일 남았습니다" in mailoutbox[0].body


def test_answered_demands_and_departments_without_address(assigned, department, other_department) -> None:
    # given one answered demand (no reminder) and one overdue in a department nobody can be written to
    assigned("답변한 수요", department, on=D(2025, 11, 3), due=D(2025, 11, 17), answered=D(2025, 11, 10))
    assigned("주소 없는 부서 수요", other_department, on=D(2025, 11, 3), due=D(2025, 11, 17))
    summary = deadline_reminders_send(today=D(2025, 11, 20))
    assert summary.written == 0 and summary.no_address == ("광주광역시 기업육성과",)
    assert not OutboxMessage.objects.exists()


def test_the_command_writes_reminders_and_names_departments_without_address(
    late, assigned, other_department, capsys
) -> None:
    assigned("주소 없는 부서 수요", other_department, on=D(2025, 11, 3), due=D(2025, 11, 17))
    assert cli.remind(D(2025, 11, 29)) == 0
    out = capsys.readouterr().out
    assert "새로 작성 1건" in out and "광주광역시 기업육성과" in out and "이메일을 등록해 주세요" in out
