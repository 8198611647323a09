"""Remind the department in charge of the milestones of its answers: before and after the planned date.

Before: once, from ``SORI_MILESTONE_REMIND_DAYS_BEFORE`` (7) days ahead to the day. After: on the first day
overdue, then weekly — the same arithmetic as the first-answer reminders (``deadlines.reminder_for``), each
written at most once per (milestone, kind, day) through the outbox's dedupe key.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.core import audit
from sori.feedback.deadlines import Reminder, ReminderRun, ReminderSummary, reminder_for
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.policy.models import Milestone
from sori.policy.selectors import open_milestones


def _subject(milestone: Milestone, reminder: Reminder, today: dt.date) -> str:
    title = f"{milestone.title[:80]} — {milestone.disposition.demand.title[:60]}"
    if reminder.kind == "before":
        left = (milestone.planned_date - today).days
        label = _("오늘까지") if left == 0 else _("D-%(n)s") % {"n": left}
        return _("[소리] 이행 예정일 %(label)s: %(title)s") % {"label": label, "title": title}
    return _("[소리] 이행 예정일 %(n)s일 초과: %(title)s") % {
        "n": (today - milestone.planned_date).days,
        "title": title,
    }


def _remind_one(milestone: Milestone, reminder: Reminder, today: dt.date, addresses: list[str]) -> bool:
    """Write one reminder unless it exists; return whether it was written (in the site's language)."""
    key = f"milestone:{milestone.id}:{reminder.kind}:{reminder.day.isoformat()}"
    if OutboxMessage.objects.filter(dedupe_key=key).exists():
        return False
    demand = milestone.disposition.demand
    department = milestone.disposition.department or demand.department
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subject(milestone, reminder, today)
        body = render_to_string(
            "feedback/email/milestone_reminder.txt",
            {
                "milestone": milestone,
                "demand": demand,
                "department": department,
                "kind": reminder.kind,
                "left_days": (milestone.planned_date - today).days,
                "late_days": (today - milestone.planned_date).days,
                "url": settings.SORI_SITE_URL
                + reverse("policy:milestone_update", args=[demand.id, milestone.id]),
            },
        )
        summary = _("%(department)s에 알림: %(subject)s") % {"department": department, "subject": subject}
    try:
        with transaction.atomic():
            message_enqueue(
                kind=MessageKind.MILESTONE,
                to=addresses,
                subject=subject,
                body=body,
                demand=demand,
                organisation=department,
                dedupe_key=key,
            )
            audit.record(
                actor=None,
                action="milestone.remind",
                target=milestone,
                scope=demand,
                summary=summary,
                after={"to": addresses, "reminder": reminder.kind},
            )
    except IntegrityError:
        return False  # another run wrote it a moment ago
    return True


def milestone_reminders_send(*, today: dt.date | None = None) -> ReminderSummary:
    """Write today's reminders for open milestones of current answers; safe to run any number of times."""
    today = today or timezone.localdate()
    before_days = int(getattr(settings, "SORI_MILESTONE_REMIND_DAYS_BEFORE", 7))
    run = ReminderRun()
    for milestone in open_milestones().filter(planned_date__lte=today + dt.timedelta(days=before_days)):
        reminder = reminder_for(due=milestone.planned_date, today=today, before_days=before_days)
        department = milestone.disposition.department or milestone.disposition.demand.department
        if reminder is None or department is None:
            continue
        if addresses := run.addresses(department):
            run.count(_remind_one(milestone, reminder, today, addresses))
    return run.summary()
