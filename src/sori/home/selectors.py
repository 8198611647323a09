"""The staff home page is a to-do list: what is waiting, for whom, and how late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sori.feedback.selectors import feedback_owed
from sori.policy.approval_services import approvals_waiting_count
from sori.policy.selectors import overdue_milestones
from sori.programs.selectors_introductions import stalled_introductions
from sori.registry.selectors import overdue_commitments
from sori.voices.models import Demand, Moderation, Proposal, Stage


@dataclass(frozen=True)
class Todo:
    """Counts and short lists for the staff home page."""

    pending_moderation: int
    ungrouped: int
    unassigned: QuerySet[Demand]
    overdue: QuerySet[Demand]
    due_this_week: QuerySet[Demand]
    feedback_owed: int
    # MOU commitments (office, jobs, investment …) past their target date and not yet kept.
    overdue_commitments: Any = ()
    # Milestones of answers past their planned date and neither done nor stopped.
    overdue_milestones: Any = ()
    # Introductions (미드필더 연결) the user coordinates, or nobody does, with no step for a while.
    stalled_introductions: Any = ()
    # Answers waiting for the user's approval (결재) as a department's approver or deputy.
    approvals_waiting: int = 0


def awaiting_answer(today: dt.date | None = None) -> QuerySet[Demand]:
    """Return demands assigned to a department and not yet answered, oldest deadline first."""
    return (
        Demand.objects.filter(stage=Stage.ASSIGNED)
        .select_related("department", "theme")
        .order_by("answer_due", "id")
    )


def overdue_demands(today: dt.date | None = None) -> QuerySet[Demand]:
    """Return unanswered demands whose first-answer deadline has passed.

    ``answer_due`` is set by ``sori.voices.deadlines`` (series, channel, calendar or working days), the same
    rule the reminders and the answer-time figures use: overdue from the day after it.
    """
    today = today or timezone.localdate()
    return awaiting_answer().filter(answer_due__lt=today)


def staff_todo(today: dt.date | None = None, user: Any = None) -> Todo:
    today = today or timezone.localdate()
    week_end = today + dt.timedelta(days=7)
    return Todo(
        pending_moderation=Proposal.objects.filter(moderation=Moderation.PENDING).count(),
        ungrouped=Proposal.objects.filter(moderation=Moderation.ACCEPTED, demand__isnull=True).count(),
        unassigned=Demand.objects.filter(stage=Stage.OPEN).select_related("theme").order_by("created_at"),
        overdue=overdue_demands(today),
        due_this_week=awaiting_answer().filter(answer_due__gte=today, answer_due__lte=week_end),
        feedback_owed=len(feedback_owed()),
        overdue_commitments=overdue_commitments(today, awake=True),
        overdue_milestones=list(overdue_milestones(today=today)),
        stalled_introductions=list(stalled_introductions(today=today, coordinator=user)) if user else [],
        approvals_waiting=approvals_waiting_count(user) if user else 0,
    )
