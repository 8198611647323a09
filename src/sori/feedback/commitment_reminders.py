"""Remind staff of MOU commitments (office, jobs, investment …) that passed their target date."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.core.roles import Role
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.registry.services import commitment_reminded, commitment_reminders_due


def reminder_addresses() -> list[str]:
    """Return who follows MOUs up: ``SORI_MOU_REMINDER_TO`` if set, else the committee staff's e-mails."""
    explicit = [a.strip() for a in getattr(settings, "SORI_MOU_REMINDER_TO", "").split(",") if a.strip()]
    if explicit:
        return explicit
    from django.contrib.auth.models import User

    emails = User.objects.filter(is_active=True, profile__role=Role.STAFF).exclude(email="")
    return sorted(set(emails.values_list("email", flat=True)))


def commitment_reminders_send(*, today: dt.date | None = None) -> int:
    """Write one reminder per overdue commitment due a reminder (every 30 days at most); return how many.

    Safe to run any number of times a day: each reminder has a dedupe key per commitment and day, and the
    commitment is marked reminded in the same transaction as its message.
    """
    today = today or timezone.localdate()
    addresses = reminder_addresses()
    if not addresses:
        return 0
    written = 0
    for due in commitment_reminders_due(today):
        item = due.commitment
        key = f"commitment:{item.id}:{today.isoformat()}"
        if OutboxMessage.objects.filter(dedupe_key=key).exists():
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[소리] 협약 이행 약속 %(days)s일 경과: %(item)s") % {
                "days": due.days_over,
                "item": item,
            }
            body = render_to_string(
                "feedback/email/commitment_reminder.txt",
                {
                    "item": item,
                    "days_over": due.days_over,
                    "url": settings.SORI_SITE_URL + reverse("registry:mou_detail", args=[item.mou_id]),
                },
            )
        try:
            with transaction.atomic():
                message_enqueue(
                    kind=MessageKind.COMMITMENT,
                    to=addresses,
                    subject=subject,
                    body=body,
                    organisation=item.organisation,
                    dedupe_key=key,
                )
                commitment_reminded(commitments=[item], on=today)
        except IntegrityError:
            continue  # another run wrote it a moment ago
        written += 1
    return written
