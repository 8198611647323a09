"""Deliveries to a real HTTP server on loopback: signed, retried with back-off, never sent for a rollback."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from sori.feedback.models import MessageKind, MessageStatus, OutboxChannel, OutboxMessage
from sori.feedback.outbox import outbox_deliver_due
from sori.webhooks.models import WebhookDelivery
from sori.webhooks.services import webhook_delete, webhook_secret_rotate, webhook_set_active

from .conftest import Received, Receiver

pytestmark = pytest.mark.django_db(transaction=True)  # deliveries leave when the change commits

LATER = dt.timedelta(minutes=3)  # past the first back-off (1 min ± 20 %)


def verify(received: Received, secret: str) -> dict[str, Any]:
    """Check a delivery as a city system would (README), and return its JSON."""
    timestamp = received.headers["X-Sori-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + received.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(received.headers["X-Sori-Signature"], f"sha256={expected}")
    assert abs(time.time() - int(timestamp)) < 300
    return json.loads(received.body)


def webhook_messages() -> Any:
    return OutboxMessage.objects.filter(channel=OutboxChannel.WEBHOOK)


def test_an_answer_reaches_the_city_system_signed_with_the_json_and_no_personal_data(
    receiver: Receiver, subscribe, demand, answer, proposer
) -> None:
    # given: a city system subscribed to answers
    subscription = subscribe(receiver.url, ["demand.answered"])

    # when: the officer answers the demand
    disposition = answer(demand)

    # then: it received one POST, signed with its secret and stamped now
    [received] = receiver.received
    assert received.path == "/sori/hook"
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["X-Sori-Event"] == "demand.answered"
    body = verify(received, subscription.secret)
    # and the JSON names the event, the delivery and the demand with its answer and links
    message = webhook_messages().get()
    assert body["event"] == "demand.answered"
    assert body["delivery_id"] == received.headers["X-Sori-Delivery"] == message.message_id
    occurred = dt.datetime.fromisoformat(body["occurred_at"])
    assert occurred.tzinfo is not None and abs(timezone.now() - occurred) < dt.timedelta(minutes=1)
    assert body["data"]["demand"] == {
        "id": demand.id,
        "title": "GPU 사용기간 12개월 이상",
        "status": "answered",
        "outcome": "not_adopted",
        "department": {"id": demand.department_id, "name": "광주광역시 인공지능산업과"},
        "url": f"http://127.0.0.1:8000/staff/demands/{demand.id}/",
        "public_url": None,
    }
    assert body["data"]["answer"]["id"] == disposition.id and body["data"]["answer"]["revised"] is False
    text = received.body.decode()
    assert proposer.name not in text and proposer.email not in text and "officer" not in text
    # and the outbox row says it was sent once, to the URL, about the event
    assert (message.status, message.attempts, message.kind) == (MessageStatus.SENT, 1, MessageKind.WEBHOOK)
    assert message.to == receiver.url and message.subject.startswith("demand.answered")


def test_a_500_is_retried_with_back_off_and_the_second_attempt_succeeds(
    receiver: Receiver, subscribe, demand, answer
) -> None:
    # given: the city system fails its first answer
    subscription = subscribe(receiver.url, ["demand.answered"])
    receiver.answers = [500]

    # when: the answer is recorded
    answer(demand)

    # then: the first attempt is recorded as failed, the next one scheduled about a minute later
    message = webhook_messages().get()
    assert message.status == MessageStatus.RETRYING and message.attempts == 1
    assert message.last_error.startswith("HTTP 500")
    assert dt.timedelta(seconds=40) < message.next_attempt_at - timezone.now() < dt.timedelta(seconds=80)
    assert outbox_deliver_due().total == 0  # not due yet

    # when: the sweep runs after the back-off
    run = outbox_deliver_due(now=timezone.now() + LATER)

    # then: the second attempt succeeded with the same delivery id, signed again
    assert (run.sent, run.retrying) == (1, 0)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 2, "")
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["X-Sori-Delivery"] == second.headers["X-Sori-Delivery"] == message.message_id
    verify(second, subscription.secret)


def test_a_redirect_is_a_failed_attempt_not_followed(receiver: Receiver, subscribe, demand, answer) -> None:
    # given: the city system answers with a redirect
    subscribe(receiver.url, ["demand.answered"])
    receiver.answers = [302]
    # when: the answer is recorded
    answer(demand)
    # then: the redirect was not followed (a GET without the body) and the delivery waits for a retry
    assert len(receiver.received) == 1
    message = webhook_messages().get()
    assert message.status == MessageStatus.RETRYING and message.last_error.startswith("HTTP 302")


def test_nothing_is_delivered_when_the_answer_rolls_back(
    receiver: Receiver, subscribe, demand, answer
) -> None:
    # given: a subscriber
    subscribe(receiver.url, ["demand.answered"])

    # when: the transaction that recorded the answer rolls back
    with pytest.raises(RuntimeError), transaction.atomic():
        answer(demand)
        assert webhook_messages().count() == 1  # written inside it
        raise RuntimeError("the rest of the change failed")

    # then: no delivery was written or sent, now or by the sweep
    assert not webhook_messages().exists() and not WebhookDelivery.objects.exists()
    outbox_deliver_due(now=timezone.now() + LATER)
    assert receiver.received == []


def test_a_retry_after_rotation_is_signed_with_the_new_secret(
    receiver: Receiver, subscribe, demand, answer, admin_user
) -> None:
    # given: a delivery waiting for its retry
    subscription = subscribe(receiver.url, ["demand.answered"])
    receiver.answers = [503]
    answer(demand)
    old = subscription.secret

    # when: the secret is rotated and the retry goes out
    rotated = webhook_secret_rotate(subscription=subscription, actor=admin_user)
    outbox_deliver_due(now=timezone.now() + LATER)

    # then: the retry is signed with the new secret only
    assert rotated.secret != old
    verify(receiver.received[-1], rotated.secret)
    with pytest.raises(AssertionError):
        verify(receiver.received[-1], old)


@pytest.mark.parametrize("how", ["delete", "stop"])
def test_a_waiting_delivery_of_a_deleted_or_stopped_subscription_fails_at_once(
    how: str, receiver: Receiver, subscribe, demand, answer, admin_user
) -> None:
    # given: a delivery waiting for its retry
    subscription = subscribe(receiver.url, ["demand.answered"])
    receiver.answers = [500]
    answer(demand)
    message = webhook_messages().get()

    # when: the subscription is deleted (or stopped), then the sweep comes
    if how == "delete":
        webhook_delete(subscription=subscription, actor=admin_user)
    else:
        webhook_set_active(subscription=subscription, active=False, actor=admin_user)
    outbox_deliver_due(now=timezone.now() + LATER)

    # then: nothing more is posted, the outbox row failed for good and stays on the outbox page
    assert len(receiver.received) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.next_attempt_at is None
    assert ("삭제" if how == "delete" else "멈춰") in message.last_error
