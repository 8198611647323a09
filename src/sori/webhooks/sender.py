"""The outbox's sender for the ``webhook`` channel: one signed HTTP POST per delivery.

The receiving system checks ``X-Sori-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the
subscription's secret, of ``"{X-Sori-Timestamp}.{body}"`` (the raw body bytes). The timestamp is the time of
this attempt in Unix seconds, so a receiver can refuse old replays; ``X-Sori-Delivery`` stays the same on
every attempt, so it can also refuse a delivery it has already taken. Anything but a 2xx answer, a redirect
included, is a failed attempt that the outbox retries with back-off.
"""

from __future__ import annotations

import hashlib
import hmac
import urllib.error
import urllib.request
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sori.feedback.models import OutboxMessage
from sori.feedback.outbox import Undeliverable
from sori.webhooks.models import WebhookDelivery

# Seconds to wait for the other side to connect and answer; a slow system is retried later, not waited on.
TIMEOUT = 10
USER_AGENT = "Sori-Webhook/1"


def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """Return the ``X-Sori-Signature`` value for ``body`` sent at ``timestamp`` (Unix seconds, as text)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would follow a redirect of a POST as a GET without the body; a redirect is an answer to fix.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class WebhookSender:
    """POST the message's JSON body, signed with its subscription's current secret."""

    def send(self, message: OutboxMessage) -> None:
        link = WebhookDelivery.objects.select_related("subscription").filter(message=message).first()
        if link is None:
            raise Undeliverable(_("구독이 삭제되어 보내지 않았습니다."))
        subscription = link.subscription
        if not subscription.active:
            raise Undeliverable(_("구독의 사용을 멈춰 보내지 않았습니다."))
        body = message.body.encode()
        timestamp = str(int(timezone.now().timestamp()))
        request = urllib.request.Request(
            subscription.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-Sori-Event": link.event,
                "X-Sori-Delivery": message.message_id,
                "X-Sori-Timestamp": timestamp,
                "X-Sori-Signature": signature(secret=subscription.secret, timestamp=timestamp, body=body),
            },
        )
        try:
            with _opener.open(request, timeout=TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"HTTP {error.code} {error.reason}") from None
        if not 200 <= status < 300:
            raise RuntimeError(f"HTTP {status}")
