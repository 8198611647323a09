"""The outbox page (every message, reminders included) and the retry button; who may open it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sori.feedback.models import MessageKind, MessageStatus, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.feedback.services import feedback_send

pytestmark = pytest.mark.django_db


def reminder(department, **fields) -> OutboxMessage:
    message = message_enqueue(
        kind=MessageKind.REMINDER,
        to=["officer@example.kr", "ai-industry@gwangju.example.kr"],
        subject="[소리] 답변 기한 3일 초과: GPU 사용기간",
        body="본문",
        organisation=department,
    )
    if fields:
        OutboxMessage.objects.filter(id=message.id).update(**fields)
        message.refresh_from_db()
    return message


def test_anonymous_goes_to_login_and_other_roles_are_refused(client, login, officer, company_user) -> None:
    for url in (reverse("feedback:outbox"), reverse("feedback:deadlines")):
        assert client.get(url).status_code == 302 and "/login" in client.get(url).url
        assert login(company_user).get(url).status_code == 403
    assert login(officer).get(reverse("feedback:outbox")).status_code == 403
    assert login(officer).get(reverse("feedback:deadlines")).status_code == 403
    assert login(officer).post(reverse("feedback:outbox_retry", args=[1])).status_code == 403


def test_outbox_shows_each_message_with_its_delivery_state(
    login, staff, admin_user, department, answered, proposer
) -> None:
    # given a feedback e-mail still queued (the test transaction never commits) and a reminder that failed
    feedback_send(actor=staff, person=proposer)
    failed = reminder(department, status=MessageStatus.RETRYING, attempts=2, last_error="Connection refused")
    # when staff open the outbox
    html = login(staff).get(reverse("feedback:outbox")).content.decode()
    # then each message shows its kind, state, attempts, error and Message-ID
    assert "제안자 회신" in html and "답변 기한 알림" in html
    assert "재시도 대기" in html and "Connection refused" in html and failed.message_id.strip("<>") in html
    assert "다시 보내기" in html and "1분 → 5분 → 30분 → 2시간 → 12시간" in html
    assert login(admin_user).get(reverse("feedback:outbox")).status_code == 200
    # and the filters and the export work
    only = login(staff).get(reverse("feedback:outbox"), {"kind": MessageKind.REMINDER})
    assert [m.kind for m in only.context["page"]] == [MessageKind.REMINDER]
    rows = list(
        load_workbook(
            io.BytesIO(login(staff).get(reverse("feedback:outbox"), {"format": "xlsx"}).content)
        ).active.values
    )
    assert rows[0][:5] == ("작성일시", "종류", "수신처", "제목", "상태")
    assert {r[4] for r in rows[1:]} == {"발송 대기", "재시도 대기"}


def test_retrying_a_failed_reminder_sends_it(
    login, staff, department, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    message = reminder(department, status=MessageStatus.FAILED, attempts=6, last_error="timed out")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(reverse("feedback:outbox_retry", args=[message.id]), follow=True)
    # (inside the test transaction the message leaves once the request commits)
    assert "다시 보내도록 발송 대기열에 넣었습니다" in response.content.decode()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 7)
    assert mailoutbox[0].extra_headers["Message-ID"] == message.message_id


def test_a_sent_message_cannot_be_sent_again(login, staff, department) -> None:
    message = reminder(department, status=MessageStatus.SENT)
    response = login(staff).post(reverse("feedback:outbox_retry", args=[message.id]), follow=True)
    assert "다시 보낼 수 있습니다" in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_outbox_query_count_does_not_grow(
    login, staff, department, answered, proposer, django_assert_num_queries
) -> None:
    feedback_send(actor=staff, person=proposer)
    for _ in range(5):
        reminder(department)
    client = login(staff)
    with django_assert_num_queries(6):  # 5, and the access record
        assert client.get(reverse("feedback:outbox")).status_code == 200
