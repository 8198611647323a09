"""Remind coordinators of introductions that stalled: no step for ``SORI_INTRODUCTION_STALL_DAYS`` (30) days.

One reminder per stall: the outbox's dedupe key names the introduction and its last step, so a daily run
writes it once, and a new step followed by a new stall writes the next one. The coordinator is reminded at
their own address; an introduction nobody follows up (or whose coordinator has no address) goes to the
staff who manage programs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.roles import CAPABILITIES
from sori.feedback.deadlines import ReminderRun, ReminderSummary
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.programs.selectors_introductions import stall_days, stalled_introductions

__all__ = ["introduction_reminders_send", "stall_key"]


def stall_key(introduction: Any) -> str:
    """Return the outbox dedupe key of the reminder for the introduction's current stall."""
    return f"introduction:{introduction.id}:stalled:{introduction.last_step_id}"


def _programme_staff() -> list[str]:
    roles = CAPABILITIES["program.manage"]
    users = User.objects.filter(is_active=True).exclude(email="")
    users = users.filter(profile__role__in=roles) | users.filter(is_superuser=True)
    return sorted(set(users.values_list("email", flat=True)))


def _addresses(introduction: Any, fallback: list[str]) -> list[str]:
    coordinator = introduction.coordinator
    if coordinator is not None and coordinator.is_active and coordinator.email:
        return [coordinator.email]
    return fallback


def _remind_one(introduction: Any, addresses: list[str], today: dt.date, days: int) -> bool:
    """Write the reminder unless this stall already has one; return whether it was written."""
    key = stall_key(introduction)
    if OutboxMessage.objects.filter(dedupe_key=key).exists():
        return False
    coordinator = introduction.coordinator
    idle = (today - introduction.last_step_on).days
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 미드필더 연결 %(n)s일째 멈춤: %(firm)s → %(org)s") % {
            "n": idle,
            "firm": introduction.ai_firm.name[:60],
            "org": introduction.manufacturer.name[:60],
        }
        body = render_to_string(
            "programs/email/introduction_stalled.txt",
            {
                "introduction": introduction,
                "coordinator_name": (coordinator.get_full_name() or coordinator.get_username())
                if coordinator
                else _("사업 담당자"),
                "days": idle,
                "last_step_on": introduction.last_step_on,
                "url": settings.SORI_SITE_URL
                + reverse("programs:introduction_detail", args=[introduction.id]),
            },
        )
        summary = _("코디네이터에게 알림: %(subject)s") % {"subject": subject}
    try:
        with transaction.atomic():
            # The outbox has no kind of its own for these; they read as a progress notice (진행 상황 안내).
            message_enqueue(
                kind=MessageKind.PROGRESS,
                to=addresses,
                subject=subject,
                body=body,
                organisation=introduction.manufacturer,
                dedupe_key=key,
            )
            audit.record(
                actor=None,
                action="introduction.remind",
                target=introduction,
                summary=summary,
                after={"to": addresses, "idle_days": idle, "stall_days": days},
            )
    except IntegrityError:
        return False  # another run wrote it a moment ago
    return True


def introduction_reminders_send(*, today: dt.date | None = None) -> ReminderSummary:
    """Write a reminder for each stalled introduction not yet reminded of this stall; safe to run any time.

    Introductions with nobody to remind (no coordinator address, no programme staff address) are listed
    by name in the summary, not skipped silently.
    """
    today = today or timezone.localdate()
    days = stall_days()
    run = ReminderRun()
    fallback = _programme_staff()
    for introduction in stalled_introductions(today=today, days=days):
        addresses = _addresses(introduction, fallback)
        if not addresses:
            run.no_address.append(f"{introduction.ai_firm.name} → {introduction.manufacturer.name}")
            continue
        run.count(_remind_one(introduction, addresses, today, days))
    return run.summary()
