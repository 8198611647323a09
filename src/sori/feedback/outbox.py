"""The outbox (발송함): every message is a row first, then delivered with retries and back-off.

How a message travels:

1. A service writes an ``OutboxMessage`` in the same transaction as the decision that caused it
   (``message_enqueue``) and asks for its delivery once that transaction commits.
2. Delivery claims the row with one conditional ``UPDATE … WHERE status IN (queued, retrying)`` — on
   PostgreSQL the sweep first picks rows with ``SELECT … FOR UPDATE SKIP LOCKED`` so workers never wait on
   each other; SQLite serialises writers, and the conditional update alone decides who won. Only the winner
   sends.
3. The channel's sender hands it over (SMTP for e-mail, an HTTP POST for a webhook); the row is then marked
   ``sent`` exactly once, or the next attempt is scheduled after ``BACKOFF`` (1 min, 5 min, 30 min, 2 h, 12 h,
   each ±20 % jitter); after ``MAX_ATTEMPTS`` the message is ``failed`` and waits for a person
   ("다시 보내기"). A sender that raises ``Undeliverable`` fails the message at once.
4. ``outbox_deliver_due`` (the periodic sweep, ``sori outbox deliver``) delivers whatever is due: new rows
   whose first delivery never ran (a broker outage), retries whose time has come, and claims left behind by a
   crash.

What is not guaranteed, honestly: if the process dies after the SMTP server accepted a message but before the
row is marked ``sent``, the row stays ``sending``; after ``LEASE`` the sweep sends it again. That second copy
carries the same ``Message-ID`` header (fixed when the row was written), so mail systems and clients that
de-duplicate on Message-ID show it once — but delivery is at-least-once in that window (seconds), not
exactly-once. Everywhere else a message is sent once. (A webhook carries the same id as ``X-Sori-Delivery``.)

A notice about desk work (``DESK_KINDS``) to a staff member, officer or administrator who chose one digest a
day is written in the same transaction, as a ``held`` row of its own for that person, and is not delivered;
``sori.feedback.digests`` sends every held notice of a person in one message once a day.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.models import NoticeMode
from sori.core.user_services import DIGEST_ROLES
from sori.feedback.letters import feedback_letter_pdf
from sori.feedback.models import (
    DeliveryStatus,
    Feedback,
    MessageKind,
    MessageStatus,
    OutboxChannel,
    OutboxMessage,
)

log = logging.getLogger(__name__)

# Seconds to wait after the 1st, 2nd … failed attempt; one more attempt than waits, then a person looks.
BACKOFF: tuple[int, ...] = (60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600)
MAX_ATTEMPTS = len(BACKOFF) + 1
JITTER = 0.2
# A claim older than this belongs to a worker that died mid-send.
LEASE = dt.timedelta(minutes=10)
DELIVERABLE = (MessageStatus.QUEUED, MessageStatus.RETRYING)


def backoff_delay(attempts: int, *, rand: Callable[[], float] = random.random) -> dt.timedelta | None:
    """Return how long to wait after ``attempts`` failed attempts, or None when no attempt is left.

    ``attempts`` counts the attempts made so far (≥ 1). The wait is ``BACKOFF[attempts - 1]`` seconds times a
    factor in [1 − JITTER, 1 + JITTER) drawn from ``rand`` (uniform in [0, 1)), so messages that failed
    together do not all return to the server in the same second.
    """
    if attempts < 1:
        raise ValueError("attempts counts the attempts made, starting at 1")
    if attempts >= MAX_ATTEMPTS:
        return None
    factor = 1 - JITTER + 2 * JITTER * rand()
    return dt.timedelta(seconds=BACKOFF[attempts - 1] * factor)


# ----------------------------------------------------------------------------------------------------
# Senders: one per channel. SMS or KakaoTalk add a class with ``send`` and an entry in SENDERS; a later app
# registers its channel's sender with ``sender_register`` (feedback never imports it).


class Sender(Protocol):
    def send(self, message: OutboxMessage) -> None:
        """Hand the message over, or raise; returning means the other side accepted it."""


class Undeliverable(Exception):
    """Raised by a sender when no later attempt can succeed (the recipient is gone): the message fails now."""


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "제안자"


def feedback_attachments(feedback: Feedback) -> list[tuple[str, bytes, str]]:
    """Return the letter PDF attached to a feedback e-mail."""
    who = feedback.person.name if feedback.person is not None else str(feedback.organisation)
    return [(f"회신_{_safe_name(who)}.pdf", feedback_letter_pdf(feedback), "application/pdf")]


class EmailSender:
    """Send through Django's configured e-mail backend (SMTP in production, files by default)."""

    def send(self, message: OutboxMessage) -> None:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=message.recipients,
            headers={"Message-ID": message.message_id},
        )
        if message.feedback_id is not None:
            for name, content, mimetype in feedback_attachments(message.feedback):  # type: ignore[arg-type]
                email.attach(name, content, mimetype)
        email.send(fail_silently=False)


SENDERS: dict[str, Sender] = {OutboxChannel.EMAIL: EmailSender()}


def sender_register(channel: str, sender: Sender) -> None:
    """Deliver the messages of ``channel`` (an ``OutboxChannel``) with ``sender``; call from ``ready``."""
    if channel not in OutboxChannel.values:
        raise ValueError(f"unknown outbox channel {channel!r}")
    SENDERS[channel] = sender


# ----------------------------------------------------------------------------------------------------
# Writing


def new_message_id() -> str:
    """Return a globally unique Message-ID in the site's domain."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "sori.localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


# Work landing on someone's desk; these may wait for that person's daily digest. Mail to proposers, companies
# and applicants (replies, receipts, links, results), account links and webhooks never wait.
DESK_KINDS = frozenset(
    {
        MessageKind.ASSIGNMENT,
        MessageKind.ANSWERED,
        MessageKind.VOICES_ADDED,
        MessageKind.REMINDER,
        MessageKind.MILESTONE,
        MessageKind.COMMITMENT,
    }
)


def digest_readers() -> QuerySet[User]:
    """Return the active accounts whose desk notices wait for their daily digest."""
    return (
        User.objects.filter(is_active=True, profile__notice_mode=NoticeMode.DIGEST)
        .filter(Q(is_superuser=True) | Q(profile__role__in=DIGEST_ROLES))
        .exclude(email="")
    )


def _digest_holders(*, kind: str, channel: str, to: list[str]) -> dict[str, User]:
    """Return, by lower-cased address, the recipients among ``to`` whose copy waits for their digest."""
    if kind not in DESK_KINDS or channel != OutboxChannel.EMAIL or not to:
        return {}
    wanted = {a.lower() for a in to}
    return {u.email.lower(): u for u in digest_readers().order_by("id") if u.email.lower() in wanted}


def _schedule(message_id: int) -> None:
    from sori.feedback.tasks import deliver_message

    # robust: a broker that is down must not break the request; the periodic sweep delivers the row later.
    transaction.on_commit(lambda: deliver_message.delay(message_id), robust=True)


def message_enqueue(
    *,
    kind: str,
    to: Iterable[str],
    subject: str,
    body: str,
    channel: str = OutboxChannel.EMAIL,
    feedback: Feedback | None = None,
    demand: Any = None,
    organisation: Any = None,
    dedupe_key: str | None = None,
    message_id: str | None = None,
) -> OutboxMessage:
    """Write a message to the outbox and deliver it once the caller's transaction commits.

    Call it inside the service's transaction: if that rolls back, the message was never written. A message
    with a ``dedupe_key`` already in the outbox raises ``IntegrityError`` (the caller decides what it means).
    ``message_id`` (unique) is for a body that must name its own id; by default a Message-ID is made here.

    Recipients who read desk notices in a daily digest get a held copy each instead (see the module's
    docstring). The first row written carries ``dedupe_key`` and is returned: the message to everyone else
    when there is anyone else.
    """
    if channel not in SENDERS:
        raise ValueError(f"no sender for channel {channel!r}")
    # Header fields are one line: a line break in a demand title would make every attempt fail.
    addresses = [" ".join(a.split()) for a in to if a.strip()]
    holders = _digest_holders(kind=kind, channel=channel, to=addresses)
    rest = [a for a in addresses if a.lower() not in holders]
    common: dict[str, Any] = {
        "kind": kind,
        "channel": channel,
        "subject": " ".join(subject.split()),
        "body": body,
        "demand": demand,
        "organisation": organisation,
    }
    first: OutboxMessage | None = None
    with transaction.atomic():
        if rest or not holders:
            first = OutboxMessage.objects.create(
                **common,
                to=", ".join(rest),
                feedback=feedback,
                dedupe_key=dedupe_key,
                message_id=message_id or new_message_id(),
                next_attempt_at=timezone.now(),
            )
        for user in {u.id: u for u in holders.values()}.values():
            held = OutboxMessage.objects.create(
                **common,
                to=user.email,
                status=MessageStatus.HELD,
                held_for=user,
                dedupe_key=dedupe_key if first is None else None,
                message_id=new_message_id(),
            )
            first = first or held
    assert first is not None
    if first.status == MessageStatus.QUEUED:
        _schedule(first.id)
    return first


def held_release() -> int:
    """Queue for delivery now the held notices of people who no longer read a digest; return how many.

    Someone who switched back to immediate notices, lost their desk role or was deactivated gets what was
    held for them as ordinary messages, each once (the update re-checks the status row by row).
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(status=MessageStatus.HELD)
            .filter(Q(held_for__isnull=True) | ~Q(held_for__in=digest_readers()))
            .values_list("id", flat=True)
        )
        released = OutboxMessage.objects.filter(id__in=ids, status=MessageStatus.HELD).update(
            status=MessageStatus.QUEUED, next_attempt_at=now
        )
        for message_id in ids:
            _schedule(message_id)
    return released


@transaction.atomic
def message_requeue(*, message: OutboxMessage) -> OutboxMessage:
    """Queue a failed or waiting message for delivery now, once the transaction commits.

    The attempt count is kept, so a message that already used all its attempts gets exactly one more.
    """
    message = OutboxMessage.objects.select_for_update().get(id=message.id)
    if message.status not in (MessageStatus.FAILED, MessageStatus.RETRYING):
        raise ValidationError(_("발송에 실패했거나 재시도를 기다리는 메시지만 다시 보낼 수 있습니다."))
    message.status = MessageStatus.QUEUED
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "next_attempt_at"])
    _schedule(message.id)
    return message


# ----------------------------------------------------------------------------------------------------
# Delivering


def _due(now: dt.datetime) -> Q:
    return Q(status__in=DELIVERABLE, next_attempt_at__lte=now) | Q(
        status=MessageStatus.SENDING, claimed_at__lt=now - LEASE
    )


def _claim(ids: list[int], now: dt.datetime, stamp: dt.datetime) -> int:
    """Mark the messages among ``ids`` still due at ``now`` as taken at ``stamp``; return how many."""
    return OutboxMessage.objects.filter(_due(now), id__in=ids).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, claimed_at=stamp
    )


def _mirror(message: OutboxMessage, **fields: Any) -> None:
    """Copy the delivery state onto the feedback the message carries (same transaction)."""
    if message.feedback_id is not None:
        Feedback.objects.filter(id=message.feedback_id).update(**fields)


def _send_claimed(message_id: int, now: dt.datetime) -> OutboxMessage:
    message = OutboxMessage.objects.select_related("feedback__person", "feedback__organisation").get(
        id=message_id
    )
    try:
        SENDERS[message.channel].send(message)
    except Exception as exc:  # any failure of the other side is recorded and retried, never raised
        error = (str(exc) or type(exc).__name__)[:2000]
        delay = None if isinstance(exc, Undeliverable) else backoff_delay(message.attempts)
        log.warning("outbox message %s attempt %s failed: %s", message.id, message.attempts, error)
        with transaction.atomic():
            gave_up = delay is None
            OutboxMessage.objects.filter(id=message.id, status=MessageStatus.SENDING).update(
                status=MessageStatus.FAILED if gave_up else MessageStatus.RETRYING,
                next_attempt_at=None if delay is None else now + delay,
                last_error=error,
                claimed_at=None,
            )
            _mirror(
                message,
                status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.RETRYING,
                attempts=message.attempts,
                last_error=error,
            )
    else:
        sent_at = timezone.now()
        with transaction.atomic():
            OutboxMessage.objects.filter(id=message.id, status=MessageStatus.SENDING).update(
                status=MessageStatus.SENT,
                sent_at=sent_at,
                last_error="",
                claimed_at=None,
                next_attempt_at=None,
            )
            _mirror(
                message, status=DeliveryStatus.SENT, attempts=message.attempts, last_error="", sent_at=sent_at
            )
    message.refresh_from_db()
    return message


def message_deliver(*, message_id: int, now: dt.datetime | None = None) -> OutboxMessage:
    """Deliver one message if it is due and nobody else is delivering it; return its state afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = _claim([message_id], now, timezone.now())
    if not claimed:
        return OutboxMessage.objects.get(id=message_id)
    return _send_claimed(message_id, now)


@dataclass(frozen=True)
class DeliveryRun:
    """What one sweep did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.retrying + self.failed


def outbox_deliver_due(*, limit: int | None = None, now: dt.datetime | None = None) -> DeliveryRun:
    """Deliver every message that is due (oldest first, at most ``limit``) and count the outcomes."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(_due(now))
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)
        )
        ids = list(candidates[:limit] if limit else candidates)
        # The claim re-checks each row's state, so a row another worker took meanwhile is not taken again;
        # the stamp tells this worker's rows apart.
        stamp = timezone.now()
        _claim(ids, now, stamp)
        mine = list(
            OutboxMessage.objects.filter(id__in=ids, status=MessageStatus.SENDING, claimed_at=stamp)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)
        )
    counts = {MessageStatus.SENT: 0, MessageStatus.RETRYING: 0, MessageStatus.FAILED: 0}
    for message_id in mine:
        status = _send_claimed(message_id, now).status
        if status in counts:
            counts[MessageStatus(status)] += 1
    return DeliveryRun(
        sent=counts[MessageStatus.SENT],
        retrying=counts[MessageStatus.RETRYING],
        failed=counts[MessageStatus.FAILED],
    )


# ----------------------------------------------------------------------------------------------------
# For the staff pages


def outbox_messages(*, status: str = "", kind: str = "") -> QuerySet[OutboxMessage]:
    """Return outbox messages, newest first, with what they are about (no N+1)."""
    qs = OutboxMessage.objects.select_related("feedback__person", "feedback__organisation", "organisation")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def outbox_message_retry(*, message: OutboxMessage, actor: User) -> OutboxMessage:
    """Send a failed or retry-waiting message now; feedback goes through ``feedback_retry`` and its audit."""
    if message.feedback_id is not None:
        from sori.feedback.services import feedback_retry

        feedback_retry(feedback=message.feedback, actor=actor)  # type: ignore[arg-type]
        return OutboxMessage.objects.get(id=message.id)
    with transaction.atomic():
        before = {"status": message.status, "last_error": message.last_error[:200]}
        message = message_requeue(message=message)
        audit.record(
            actor=actor,
            action="outbox.retry",
            target=message,
            scope=message.demand,
            summary=_("%(to)s로 다시 보내기") % {"to": message.to[:200]},
            before=before,
            after={"status": MessageStatus.QUEUED},
        )
    return message
