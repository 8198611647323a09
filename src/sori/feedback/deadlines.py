"""Deadline reminders to departments, and how long answers take (답변 소요일).

The deadline itself is set by the rule in ``sori.voices.deadlines``. Reminders go to the department's officers
(and its own address): once when ``SORI_REMIND_DAYS_BEFORE`` (3) days or fewer are left, on the first day
overdue, then every 7 days — each written at most once per (demand, kind, day), whatever the number of runs.

The pure functions (``reminder_for``, ``nearest_rank``, ``median``) take dates and numbers; the rest reads
the database.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.roles import Role
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.voices.models import Demand, Stage

# ----------------------------------------------------------------------------------------------------
# Pure arithmetic


@dataclass(frozen=True)
class Reminder:
    """A reminder to write: its kind and the day that makes it unique (with the demand)."""

    kind: str  # "before", "overdue" or "weekly"
    day: dt.date


def reminder_for(*, due: dt.date, today: dt.date, before_days: int = 3) -> Reminder | None:
    """Return the reminder due ``today`` for a deadline, or None.

    Before the deadline: one reminder keyed on the deadline itself, from ``before_days`` days ahead to the day
    (a run missed on D-3 still reminds on D-2). After: "overdue" keyed on the first overdue day, then
    "weekly" keyed on the start of each following week, so a daily run writes one per week.
    """
    if today <= due:
        return Reminder("before", due) if (due - today).days <= before_days else None
    late = (today - due).days  # 1 on the first overdue day
    week = (late - 1) // 7
    if week == 0:
        return Reminder("overdue", due + dt.timedelta(days=1))
    return Reminder("weekly", due + dt.timedelta(days=1 + 7 * week))


def nearest_rank(values: Sequence[float], q: float) -> float | None:
    """Return the ``q``-quantile (0 < q ≤ 1) by the nearest-rank method, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(1, math.ceil(q * len(ordered))) - 1])


def median(values: Sequence[float]) -> float | None:
    """Return the median (the mean of the two middle values for an even count), or None."""
    if not values:
        return None
    ordered, n = sorted(values), len(values)
    mid = n // 2
    return float(ordered[mid]) if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


# ----------------------------------------------------------------------------------------------------
# Reminders


@dataclass(frozen=True)
class ReminderSummary:
    written: int = 0
    already: int = 0
    no_address: tuple[str, ...] = ()


def department_addresses(department: Any) -> list[str]:
    """Return the e-mail addresses of the department's active officers and the department's own address."""
    from django.contrib.auth.models import User

    officers = User.objects.filter(
        is_active=True, profile__role=Role.OFFICER, profile__organisation=department
    ).exclude(email="")
    addresses = [u.email for u in officers.order_by("id")]
    if department.email:
        addresses.append(department.email)
    return list(dict.fromkeys(addresses))


class ReminderRun:
    """One run of reminders: each department's addresses read once, what was written counted."""

    def __init__(self) -> None:
        self.written = self.already = 0
        self.no_address: list[str] = []
        self._addresses: dict[int, list[str]] = {}

    def addresses(self, department: Any) -> list[str]:
        """Return where the department is reminded; one without any is listed, not skipped silently."""
        if department.id not in self._addresses:
            self._addresses[department.id] = department_addresses(department)
        found = self._addresses[department.id]
        if not found and department.name not in self.no_address:
            self.no_address.append(department.name)
        return found

    def count(self, wrote: bool) -> None:
        """Count a reminder written now, or one an earlier run already wrote."""
        if wrote:
            self.written += 1
        else:
            self.already += 1

    def summary(self) -> ReminderSummary:
        return ReminderSummary(written=self.written, already=self.already, no_address=tuple(self.no_address))


def _subject(demand: Demand, reminder: Reminder, today: dt.date) -> str:
    due = demand.answer_due
    assert due is not None
    if reminder.kind == "before":
        left = (due - today).days
        label = _("오늘까지") if left == 0 else _("D-%(n)s") % {"n": left}
        return _("[소리] 답변 기한 %(label)s: %(title)s") % {"label": label, "title": demand.title[:120]}
    return _("[소리] 답변 기한 %(n)s일 초과: %(title)s") % {
        "n": (today - due).days,
        "title": demand.title[:120],
    }


def _remind_one(demand: Demand, reminder: Reminder, today: dt.date, addresses: list[str]) -> bool:
    """Write one reminder unless it exists; return whether it was written.

    Written in the site's language (Korean) even when sent from a request of someone using the English
    switch: departments read Korean, and the audit trail keeps one language.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _remind_one_in_language(demand, reminder, today, addresses)


def _remind_one_in_language(demand: Demand, reminder: Reminder, today: dt.date, addresses: list[str]) -> bool:
    key = f"deadline:{demand.id}:{reminder.kind}:{reminder.day.isoformat()}"
    if OutboxMessage.objects.filter(dedupe_key=key).exists():
        return False
    subject = _subject(demand, reminder, today)
    body = render_to_string(
        "feedback/email/reminder.txt",
        {
            "demand": demand,
            "kind": reminder.kind,
            "today": today,
            "late_days": (today - demand.answer_due).days if demand.answer_due else 0,
            "left_days": (demand.answer_due - today).days if demand.answer_due else 0,
            "url": settings.SORI_SITE_URL + reverse("voices:demand_detail", args=[demand.id]),
        },
    )
    try:
        with transaction.atomic():
            message_enqueue(
                kind=MessageKind.REMINDER,
                to=addresses,
                subject=subject,
                body=body,
                demand=demand,
                organisation=demand.department,
                dedupe_key=key,
            )
            audit.record(
                actor=None,
                action="deadline.remind",
                target=demand,
                summary=_("%(department)s에 알림: %(subject)s")
                % {"department": demand.department, "subject": subject},
                after={"to": addresses, "reminder": reminder.kind},
            )
    except IntegrityError:
        return False  # another run wrote it a moment ago
    return True


def deadline_reminders_send(*, today: dt.date | None = None) -> ReminderSummary:
    """Write today's reminders for demands awaiting their first answer; safe to run any number of times.

    Each reminder is written at most once per (demand, kind, day) — the outbox's ``dedupe_key`` holds it —
    and delivered like any other message. Departments without any address are listed, not skipped silently.
    """
    today = today or timezone.localdate()
    before_days = int(getattr(settings, "SORI_REMIND_DAYS_BEFORE", 3))
    run = ReminderRun()
    demands = (
        Demand.objects.filter(stage=Stage.ASSIGNED, answer_due__isnull=False, department__isnull=False)
        .select_related("department")
        .order_by("answer_due", "id")
    )
    for demand in demands:
        reminder = reminder_for(due=demand.answer_due, today=today, before_days=before_days)  # type: ignore[arg-type]
        if reminder is None:
            continue
        if addresses := run.addresses(demand.department):
            run.count(_remind_one(demand, reminder, today, addresses))
    return run.summary()


# ----------------------------------------------------------------------------------------------------
# Time to answer


@dataclass(frozen=True)
class DepartmentStats:
    """Time-to-answer figures of one department (or of all: ``department_id`` None).

    Days are calendar days from assignment to the first disposition. ``within_deadline`` counts answers made
    on or before ``answer_due``; ``share_within_deadline`` is that over ``answered`` (None with no answers).
    """

    department: str
    department_id: int | None
    assigned: int
    answered: int
    waiting: int
    overdue: int
    median_days: float | None
    p90_days: float | None
    within_deadline: int

    @property
    def share_within_deadline(self) -> float | None:
        return self.within_deadline / self.answered if self.answered else None


@dataclass(frozen=True)
class AnswerStats:
    """Time-to-answer figures for demands assigned between ``date_from`` and ``date_to`` (inclusive)."""

    date_from: dt.date | None
    date_to: dt.date | None
    overall: DepartmentStats
    departments: tuple[DepartmentStats, ...] = field(default_factory=tuple)


def _stats(name: str, dept_id: int | None, rows: list[tuple[Any, ...]], today: dt.date) -> DepartmentStats:
    durations: list[float] = []
    within = waiting = overdue = 0
    for assigned_on, due, first_at in rows:
        if first_at is None:
            waiting += 1
            overdue += 1 if due is not None and due < today else 0
            continue
        answered_on = timezone.localdate(first_at)
        durations.append(max(0, (answered_on - assigned_on).days))
        within += 1 if due is None or answered_on <= due else 0
    return DepartmentStats(
        department=name,
        department_id=dept_id,
        assigned=len(rows),
        answered=len(durations),
        waiting=waiting,
        overdue=overdue,
        median_days=median(durations),
        p90_days=nearest_rank(durations, 0.9),
        within_deadline=within,
    )


def answer_time_stats(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, today: dt.date | None = None
) -> AnswerStats:
    """Return median and 90th-percentile days to the first answer and the share answered on time.

    Counts demands sent to a department (``assigned_at`` set, merged ones left out) whose assignment falls in
    the period, by department and overall, departments by name. A demand answered without being assigned is
    not counted: it had no deadline. One query.
    """
    today = today or timezone.localdate()
    qs = Demand.objects.filter(assigned_at__isnull=False, department__isnull=False).exclude(
        stage=Stage.MERGED
    )
    rows = qs.annotate(first_at=Min("dispositions__decided_at")).values_list(
        "department_id", "department__name", "assigned_at", "answer_due", "first_at"
    )
    by_dept: dict[tuple[str, int], list[tuple[Any, ...]]] = defaultdict(list)
    everything: list[tuple[Any, ...]] = []
    for dept_id, dept_name, assigned_at, due, first_at in rows:
        assigned_on = timezone.localdate(assigned_at)
        if (date_from and assigned_on < date_from) or (date_to and assigned_on > date_to):
            continue
        row = (assigned_on, due, first_at)
        by_dept[(dept_name, dept_id)].append(row)
        everything.append(row)
    return AnswerStats(
        date_from=date_from,
        date_to=date_to,
        overall=_stats(str(_("전체")), None, everything, today),
        departments=tuple(_stats(n, i, r, today) for (n, i), r in sorted(by_dept.items())),
    )
