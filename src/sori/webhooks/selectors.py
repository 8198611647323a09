"""Reads for the webhooks pages."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from sori.feedback.models import OutboxMessage
from sori.webhooks.models import WebhookDelivery, WebhookSubscription


def webhook_subscriptions() -> list[WebhookSubscription]:
    """Return every subscription with ``last_message``, its latest outbox message or None (2 queries)."""
    latest = WebhookDelivery.objects.filter(subscription=OuterRef("pk")).order_by("-id").values("message")[:1]
    subscriptions: list[WebhookSubscription] = list(
        WebhookSubscription.objects.select_related("created_by").annotate(last_message_id=Subquery(latest))
    )
    ids = [s.last_message_id for s in subscriptions if s.last_message_id is not None]  # type: ignore[attr-defined]
    messages = OutboxMessage.objects.in_bulk(ids)
    for s in subscriptions:
        s.last_message = messages.get(s.last_message_id)  # type: ignore[attr-defined]
    return subscriptions
