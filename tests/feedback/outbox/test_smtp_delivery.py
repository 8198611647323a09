"""Feedback e-mails through a real SMTP server on loopback: delivered once, kept when the server is down."""

from __future__ import annotations

import datetime as dt
import email.header
from email.message import Message

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sori.feedback import cli
from sori.feedback.models import DeliveryStatus, Feedback, MessageKind, MessageStatus, OutboxMessage
from sori.feedback.outbox import LEASE, MAX_ATTEMPTS, message_deliver, message_enqueue, outbox_deliver_due
from sori.feedback.services import feedback_send

pytestmark = pytest.mark.django_db(
    transaction=True
)  # messages leave when the sending commits, as in production

MINUTE = dt.timedelta(minutes=1)


def body_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def attachments_of(message: Message) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for part in message.walk():
        name = part.get_filename()
        if name:
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            found[str(email.header.make_header(email.header.decode_header(name)))] = payload
    return found


def test_feedback_reaches_the_server_once_with_the_korean_answer_and_the_letter(
    smtp, fake_letter, staff, answered, proposer
) -> None:
    # when staff send the proposer's organisation its feedback
    feedback = feedback_send(actor=staff, person=proposer)
    # then the SMTP server received exactly one message for the organisation's contact people and its own
    # address, in Korean, with the letter attached
    [received] = smtp.messages
    assert received["To"] == "cho@itapps.example.kr, contact@itapps.example.kr"
    assert str(email.header.make_header(email.header.decode_header(received["Subject"]))) == (
        "[소리] 제안하신 내용의 처리 결과를 알려드립니다"
    )
    body = body_of(received)
    assert "㈜아이티앱스 담당자님께" in body and "정보통신산업진흥원 운영 지침" in body
    assert "조춘호 님이 주신 의견" in body  # each proposal with who said it
    assert attachments_of(received) == {"회신_㈜아이티앱스.pdf": fake_letter}
    # and the row says so, with the Message-ID the server saw
    message = OutboxMessage.objects.get(feedback=feedback)
    assert received["Message-ID"] == message.message_id
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 1, "")
    feedback.refresh_from_db()
    assert (feedback.status, feedback.attempts) == (DeliveryStatus.SENT, 1) and feedback.sent_at


def test_server_down_then_back_loses_nothing_and_sends_nothing_twice(
    smtp, fake_letter, clock, staff, answered, proposer, capsys
) -> None:
    # given the mail server is down when the feedback is sent
    smtp.stop()
    before = timezone.now()
    feedback = feedback_send(actor=staff, person=proposer)
    # then the message waits with the error recorded and its next attempt about a minute later
    message = OutboxMessage.objects.get(feedback=feedback)
    assert message.status == MessageStatus.RETRYING and message.attempts == 1
    assert message.last_error
    assert before + 0.8 * MINUTE <= message.next_attempt_at <= timezone.now() + 1.2 * MINUTE
    feedback.refresh_from_db()
    assert feedback.status == DeliveryStatus.RETRYING and feedback.last_error == message.last_error
    # and a sweep before that time does nothing
    assert cli.deliver() == 0
    assert "보냄 0건" in capsys.readouterr().out

    # when the server is back and the sweep runs after the wait
    smtp.start()
    clock(2 * MINUTE)
    assert cli.deliver(limit=10) == 0
    # then the message is delivered, once
    assert "보냄 1건" in capsys.readouterr().out
    assert len(smtp.messages) == 1 and smtp.messages[0]["Message-ID"] == message.message_id
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 2, "")
    feedback.refresh_from_db()
    assert (feedback.status, feedback.attempts, feedback.last_error) == (DeliveryStatus.SENT, 2, "")

    # when the sweep runs again, later
    clock(15 * 60 * MINUTE)
    assert cli.deliver() == 0
    # then nothing is sent twice
    assert "보냄 0건" in capsys.readouterr().out
    assert len(smtp.messages) == 1


def test_a_message_already_sent_or_being_sent_is_not_sent_again(smtp, staff, answered, proposer) -> None:
    # given a delivered message
    feedback = feedback_send(actor=staff, person=proposer)
    message = OutboxMessage.objects.get(feedback=feedback)
    # when its delivery task runs again (a duplicated task, a second worker)
    again = message_deliver(message_id=message.id)
    # then nothing more leaves
    assert again.status == MessageStatus.SENT and again.attempts == 1
    assert len(smtp.messages) == 1
    # and a message another worker is sending right now is not taken either
    OutboxMessage.objects.filter(id=message.id).update(
        status=MessageStatus.SENDING, claimed_at=timezone.now()
    )
    assert outbox_deliver_due().total == 0
    assert len(smtp.messages) == 1


def test_a_crash_after_the_server_accepted_resends_with_the_same_message_id(
    smtp, clock, staff, answered, proposer
) -> None:
    """The documented at-least-once window: a worker died between SMTP accept and marking the row sent."""
    # given a message the server accepted, whose row still says "sending" (the worker died)
    feedback = feedback_send(actor=staff, person=proposer)
    message = OutboxMessage.objects.get(feedback=feedback)
    OutboxMessage.objects.filter(id=message.id).update(
        status=MessageStatus.SENDING, claimed_at=timezone.now(), sent_at=None
    )
    # when the lease has not run out, nothing is resent
    assert outbox_deliver_due().total == 0
    # but once it has, the sweep sends it again — with the same Message-ID, so mail systems show it once
    clock(LEASE + MINUTE)
    assert outbox_deliver_due().sent == 1
    assert [m["Message-ID"] for m in smtp.messages] == [message.message_id, message.message_id]


def test_after_the_last_attempt_the_message_waits_for_a_person(
    smtp, clock, staff, answered, proposer, login
) -> None:
    # given a server that stays down through every retry
    smtp.stop()
    feedback = feedback_send(actor=staff, person=proposer)
    for _attempt in range(MAX_ATTEMPTS - 1):
        clock(15 * 60 * MINUTE)  # longer than the longest wait (12 h + 20 %)
        outbox_deliver_due()
    message = OutboxMessage.objects.get(feedback=feedback)
    assert (message.status, message.attempts, message.next_attempt_at) == (
        MessageStatus.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    feedback.refresh_from_db()
    assert feedback.status == DeliveryStatus.FAILED
    # and no sweep touches it again
    clock(15 * 60 * MINUTE)
    assert outbox_deliver_due().total == 0
    client = login(staff)
    page = client.get(reverse("feedback:sent"), {"status": DeliveryStatus.FAILED}).content.decode()
    assert "발송 실패" in page and "다시 보내기" in page
    # when the server is back and staff press "다시 보내기"
    smtp.start()
    response = client.post(reverse("feedback:retry", args=[feedback.id]), follow=True)
    # then it is delivered once
    assert "cho@itapps.example.kr, contact@itapps.example.kr로 다시 보냈습니다." in response.content.decode()
    assert len(smtp.messages) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, MAX_ATTEMPTS + 1)


def test_a_broker_outage_leaves_the_message_for_the_sweep(
    smtp, staff, answered, proposer, monkeypatch
) -> None:
    from sori.feedback import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis에 연결할 수 없습니다")

    # given the broker is down when the decision commits
    monkeypatch.setattr(tasks.deliver_message, "delay", broker_down)
    feedback = feedback_send(actor=staff, person=proposer)
    # then the sending still succeeded and the message waits in the outbox
    message = OutboxMessage.objects.get(feedback=feedback)
    assert message.status == MessageStatus.QUEUED and smtp.messages == []
    # and the periodic sweep delivers it
    assert outbox_deliver_due().sent == 1
    assert len(smtp.messages) == 1


def test_a_rolled_back_decision_writes_no_message(smtp, staff, answered, proposer) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        feedback_send(actor=staff, person=proposer)
        raise RuntimeError("the surrounding work failed")
    assert not OutboxMessage.objects.exists() and not Feedback.objects.exists()
    assert smtp.messages == [] and mail.outbox == []


def test_a_row_locked_by_another_worker_is_skipped_not_waited_for(smtp, monkeypatch) -> None:
    """PostgreSQL: the sweep skips rows another worker holds (FOR UPDATE SKIP LOCKED) and sends the rest."""
    import threading

    from django.db import connection, connections

    from sori.feedback import tasks
    from sori.feedback.models import MessageKind
    from sori.feedback.outbox import message_enqueue

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the conditional claim is tested above")
    # given two due messages whose first delivery never ran (the broker was down)
    with monkeypatch.context() as m:
        m.setattr(tasks.deliver_message, "delay", lambda *a: (_ for _ in ()).throw(ConnectionError("down")))
        held, _free = (
            message_enqueue(
                kind=MessageKind.REMINDER, to=[f"o{n}@example.kr"], subject=f"알림 {n}", body="본문"
            )
            for n in range(2)
        )
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        with transaction.atomic():
            OutboxMessage.objects.select_for_update().get(id=held.id)
            locked.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    locked.wait(10)
    try:
        # when this worker sweeps while the other holds the first row
        run = outbox_deliver_due()
    finally:
        release.set()
        thread.join()
    # then it sent the free one at once and left the held one
    assert run.sent == 1 and [m["To"] for m in smtp.messages] == ["o1@example.kr"]
    assert OutboxMessage.objects.get(id=held.id).status == MessageStatus.QUEUED


def test_a_line_break_in_a_subject_does_not_stop_delivery(smtp) -> None:
    # given a message whose subject carries a demand title typed over two lines
    with transaction.atomic():
        message = message_enqueue(
            kind=MessageKind.REMINDER,
            to=["ai@gwangju.example.kr"],
            subject="[소리] 답변 기한 알림: GPU 사용기간\n12개월로 연장",
            body="기한이 다가옵니다.",
        )
    # when it is delivered
    message.refresh_from_db()
    # then it reaches the server with the title on one line
    assert message.status == MessageStatus.SENT
    (received,) = smtp.messages
    subject = str(email.header.make_header(email.header.decode_header(received["Subject"])))
    assert subject == "[소리] 답변 기한 알림: GPU 사용기간 12개월로 연장"
