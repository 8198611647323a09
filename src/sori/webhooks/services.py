"""Every write of the webhooks: subscriptions (create, rotate the secret, stop or resume, delete, test) and
the deliveries each event writes to the outbox, in the transaction of the change that caused it.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.feedback.models import MessageKind, OutboxChannel
from sori.feedback.outbox import message_enqueue
from sori.webhooks.models import SUBSCRIBABLE, WebhookDelivery, WebhookEvent, WebhookSubscription
from sori.webhooks.payloads import envelope, ping

SECRET_BYTES = 32


def new_secret() -> str:
    """Return a fresh signing secret: 32 random bytes as 64 hexadecimal characters."""
    return secrets.token_hex(SECRET_BYTES)


def _events(events: Iterable[str]) -> list[str]:
    chosen = sorted(set(events))
    unknown = [e for e in chosen if e not in {str(s) for s in SUBSCRIBABLE}]
    if unknown:
        raise ValidationError({"events": _("알 수 없는 이벤트입니다: %(e)s") % {"e": ", ".join(unknown)}})
    if not chosen:
        raise ValidationError({"events": _("받을 이벤트를 하나 이상 고르세요.")})
    return chosen


@transaction.atomic
def webhook_create(
    *, name: str, url: str, events: Iterable[str], actor: User, submission_key: str | None = None
) -> WebhookSubscription:
    """Subscribe a city system at ``url`` (http or https only) to ``events``, with a new secret.

    The secret is on the returned row, to be shown once; it is never written to the audit trail. A repeated
    ``submission_key`` returns the subscription the first submission made.
    """
    if earlier := submission_claim(key=submission_key, action="webhook.create", model=WebhookSubscription):
        return earlier[0]
    subscription = WebhookSubscription(
        name=name.strip(),
        url=url.strip(),
        events=_events(events),
        secret=new_secret(),
        secret_set_at=timezone.now(),
        created_by=actor,
    )
    subscription.full_clean()
    subscription.save()
    audit.record(
        actor=actor,
        action="webhook.create",
        target=subscription,
        summary=f"{subscription.name}: {subscription.url}"[:200],
        after={"name": subscription.name, "url": subscription.url, "events": subscription.events},
    )
    submission_complete(key=submission_key, targets=[subscription])
    return subscription


@transaction.atomic
def webhook_secret_rotate(*, subscription: WebhookSubscription, actor: User) -> WebhookSubscription:
    """Replace the secret; every delivery from now on, retries included, is signed with the new one."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.secret = new_secret()
    subscription.secret_set_at = timezone.now()
    subscription.save(update_fields=["secret", "secret_set_at"])
    audit.record(
        actor=actor,
        action="webhook.rotate",
        target=subscription,
        summary=_("%(name)s의 서명 비밀값을 새로 발급") % {"name": subscription.name},
    )
    return subscription


@transaction.atomic
def webhook_set_active(
    *, subscription: WebhookSubscription, active: bool, actor: User
) -> WebhookSubscription:
    """Stop or resume a subscription; a stopped one gets no new deliveries, and its waiting ones fail."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.active == active:
        return subscription
    subscription.active = active
    subscription.save(update_fields=["active"])
    audit.record(
        actor=actor,
        action="webhook.resume" if active else "webhook.stop",
        target=subscription,
        summary=subscription.name,
        before={"active": not active},
        after={"active": active},
    )
    return subscription


@transaction.atomic
def webhook_delete(*, subscription: WebhookSubscription, actor: User) -> None:
    """Delete a subscription; its outbox messages stay on the outbox page, and waiting ones are not sent."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    audit.record(
        actor=actor,
        action="webhook.delete",
        target=subscription,
        summary=f"{subscription.name}: {subscription.url}"[:200],
        before={"name": subscription.name, "url": subscription.url, "events": subscription.events},
    )
    subscription.delete()


def _deliver(*, subscription: WebhookSubscription, event: str, data: dict[str, Any]) -> WebhookDelivery:
    delivery_id = str(uuid.uuid4())
    message = message_enqueue(
        kind=MessageKind.WEBHOOK,
        channel=OutboxChannel.WEBHOOK,
        to=[subscription.url],
        subject=f"{event} · {subscription.name}",
        body=envelope(event=event, delivery_id=delivery_id, occurred_at=timezone.now(), data=data),
        message_id=delivery_id,
    )
    return WebhookDelivery.objects.create(message=message, subscription=subscription, event=event)


def webhook_event_enqueue(*, event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Write one delivery of ``event`` for each active subscription to it, in the caller's transaction.

    Call from the event's hook, inside the transaction of the change: if that rolls back, nothing is sent.
    """
    with transaction.atomic():
        wanted = [s for s in WebhookSubscription.objects.filter(active=True) if event in s.events]
        return [_deliver(subscription=s, event=event, data=data) for s in wanted]


@transaction.atomic
def webhook_ping(*, subscription: WebhookSubscription, actor: User) -> WebhookDelivery:
    """Send the test event ``ping`` to one active subscription, through the outbox like any other."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if not subscription.active:
        raise ValidationError(_("사용을 멈춘 구독에는 시험 이벤트를 보낼 수 없습니다. 먼저 다시 사용하세요."))
    delivery = _deliver(
        subscription=subscription,
        event=WebhookEvent.PING,
        data=ping(subscription_id=subscription.id, name=subscription.name),
    )
    audit.record(
        actor=actor,
        action="webhook.ping",
        target=subscription,
        summary=_("%(name)s에 시험 이벤트 보내기") % {"name": subscription.name},
        after={"delivery": delivery.message.message_id},
    )
    return delivery
