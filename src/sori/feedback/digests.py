"""The daily digest (하루 알림 모음): one message a day listing every notice held for a person.

``message_enqueue`` holds desk notices for people who chose the digest; ``digests_send`` (run by the
outbox sweep: ``sori outbox deliver`` and the ``sori.outbox.deliver_due`` task) first releases what is held
for people who no longer read a digest, then, from ``SORI_DIGEST_HOUR`` (site time) on, writes each reader's
digest for the day. The digest and the marking of the notices it lists are one transaction, and the
digest's dedupe key names the person and the day, so two sweeps never send it twice and a notice is either
held or in a digest. A notice held after that day's digest waits for the next day's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.feedback.models import MessageKind, MessageStatus, OutboxMessage
from sori.feedback.outbox import digest_readers, held_release, message_enqueue


@dataclass(frozen=True)
class DigestRun:
    """What one run did: digests written, the notices they list, held notices released as they were."""

    digests: int = 0
    items: int = 0
    released: int = 0


@dataclass(frozen=True)
class DigestItem:
    subject: str
    link: str


def _link(body: str) -> str:
    """Return the first address on this site in a notice's body: the page to act on (every notice has one)."""
    found = re.search(re.escape(settings.SORI_SITE_URL) + r"\S*", body)
    return found.group(0) if found else ""


def _digest_one(user: User, day: dt.date) -> int:
    """Write ``user``'s digest for ``day`` unless it exists; return how many notices it lists."""
    key = f"digest:{user.id}:{day.isoformat()}"
    if OutboxMessage.objects.filter(dedupe_key=key).exists():
        return 0
    try:
        with transaction.atomic():
            held = list(
                OutboxMessage.objects.select_for_update()
                .filter(status=MessageStatus.HELD, held_for=user)
                .order_by("created_at", "id")
            )
            if not held:
                return 0
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("[소리] 오늘의 알림 %(n)s건") % {"n": len(held)}
                body = render_to_string(
                    "feedback/email/digest.txt",
                    {
                        "name": user.get_full_name() or user.get_username(),
                        "day": day,
                        "items": [DigestItem(subject=m.subject, link=_link(m.body)) for m in held],
                        "settings_url": settings.SORI_SITE_URL + reverse("accounts:notices"),
                    },
                )
            digest = message_enqueue(
                kind=MessageKind.DIGEST, to=[user.email], subject=subject, body=body, dedupe_key=key
            )
            marked = OutboxMessage.objects.filter(
                id__in=[m.id for m in held], status=MessageStatus.HELD
            ).update(status=MessageStatus.DIGESTED, digest=digest)
            if marked != len(held):
                raise IntegrityError("held notices changed while the digest was written")
    except IntegrityError:
        return 0  # another sweep wrote today's digest a moment ago; it listed these
    return len(held)


def digests_send(*, now: dt.datetime | None = None) -> DigestRun:
    """Release what no longer waits, then write today's digests if the digest hour has come."""
    now = now or timezone.now()
    released = held_release()
    local = timezone.localtime(now)
    if local.hour < settings.SORI_DIGEST_HOUR:
        return DigestRun(released=released)
    waiting = OutboxMessage.objects.filter(status=MessageStatus.HELD).values("held_for")
    digests = items = 0
    for user in digest_readers().filter(id__in=waiting).order_by("id"):
        listed = _digest_one(user, local.date())
        digests += bool(listed)
        items += listed
    return DigestRun(digests=digests, items=items, released=released)
