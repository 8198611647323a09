"""Reads of the midfielder service: introductions with their last step, stalled ones, per organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from sori.programs.models import Introduction
from sori.programs.models.introductions import ENDED_STAGES

# An open introduction with no step for this many days is stalled (SORI_INTRODUCTION_STALL_DAYS).
DEFAULT_STALL_DAYS = 30


def stall_days() -> int:
    """Return after how many days without a step an open introduction counts as stalled."""
    return int(getattr(settings, "SORI_INTRODUCTION_STALL_DAYS", DEFAULT_STALL_DAYS))


def introduction_list(*, stage: str = "", stalled: bool = False, today: dt.date | None = None) -> QuerySet:
    """Return introductions with both firms, the coordinator and ``last_step_on``; by stage, or stalled ones.

    One query whatever the number of rows.
    """
    qs = Introduction.objects.select_related("manufacturer", "ai_firm", "coordinator").annotate(
        last_step_on=Max("steps__date"), last_step_id=Max("steps__id")
    )
    if stage:
        qs = qs.filter(stage=stage)
    if stalled:
        qs = _stalled(qs, today=today)
    return qs


def _stalled(qs: QuerySet, *, today: dt.date | None, days: int | None = None) -> QuerySet:
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=stall_days() if days is None else days)
    return qs.exclude(stage__in=ENDED_STAGES).filter(last_step_on__lte=since)


def stalled_introductions(
    *, today: dt.date | None = None, days: int | None = None, coordinator: Any = None
) -> QuerySet:
    """Return open introductions with no step for ``days`` (default the setting) days, the longest idle first.

    ``coordinator`` narrows the list to the introductions a user follows up and those nobody does.
    """
    qs = _stalled(introduction_list(), today=today, days=days)
    if coordinator is not None:
        qs = qs.filter(Q(coordinator=coordinator) | Q(coordinator__isnull=True))
    return qs.order_by("last_step_on", "id")


def days_idle(introduction: Any, today: dt.date | None = None) -> int | None:
    """Return the days since the introduction's last step (``last_step_on`` annotated), or None."""
    last = getattr(introduction, "last_step_on", None)
    return ((today or timezone.localdate()) - last).days if last else None


def organisation_introductions(organisation_id: int) -> QuerySet:
    """Return the introductions an organisation is part of, as manufacturer or as AI firm, newest first."""
    return introduction_list().filter(Q(manufacturer_id=organisation_id) | Q(ai_firm_id=organisation_id))


def introduced_firm_ids(manufacturer_id: int) -> dict[int, Introduction]:
    """Return, by AI firm id, the open introduction of each firm already introduced to the manufacturer."""
    qs = Introduction.objects.filter(manufacturer_id=manufacturer_id).exclude(stage__in=ENDED_STAGES)
    return {i.ai_firm_id: i for i in qs}
