"""The first-answer deadline (답변 기한) of a demand: how many days its department has, and how they count.

- **How many days**: the smallest of the ``answer_days`` of the series whose meetings voiced the demand, and
  of ``SORI_ANSWER_DAYS_BY_SOURCE[source]`` for proposals that came in by web or e-mail; when neither says,
  ``SORI_ANSWER_DAYS`` (14, the 민원처리법 period for a 건의).
- **How they count** (``SORI_ANSWER_DAY_KIND``): ``"calendar"`` (the default) adds calendar days to the day
  of assignment; ``"working"`` counts working days as 민원처리법 제19조 does for periods of six days or more —
  the day of assignment is day 1 when it is a working day; weekends and public holidays
  (``sori.core.workdays``) are not counted.
- **Overdue**: still awaiting the first answer on the day after ``answer_due``.

``demand_assign`` sets ``answer_due`` by this rule; the reminders, the staff home page and the answer-time
figures read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from sori.core.workdays import add_days
from sori.voices.models import Demand

CALENDAR, WORKING = "calendar", "working"


@dataclass(frozen=True)
class AnswerRule:
    days: int
    working: bool


def answer_rule_for(demand: Demand) -> AnswerRule:
    """Return how many days the department has for this demand's first answer, and how they count."""
    by_source: dict[str, int] = getattr(settings, "SORI_ANSWER_DAYS_BY_SOURCE", {}) or {}
    candidates: list[int] = []
    for proposal in demand.proposals.select_related("engagement__series"):
        if proposal.engagement is not None and proposal.engagement.series.answer_days:
            candidates.append(proposal.engagement.series.answer_days)
        elif proposal.source in by_source:
            candidates.append(int(by_source[proposal.source]))
    days = min(candidates) if candidates else int(settings.SORI_ANSWER_DAYS)
    return AnswerRule(days=days, working=answer_days_are_working())


def answer_days_are_working() -> bool:
    """Return whether deadlines count working days (``SORI_ANSWER_DAY_KIND = "working"``)."""
    return getattr(settings, "SORI_ANSWER_DAY_KIND", CALENDAR) == WORKING


def first_answer_due(*, demand: Demand, assigned_on: dt.date) -> dt.date:
    """Return the first-answer deadline of a demand assigned on ``assigned_on``."""
    rule = answer_rule_for(demand)
    return add_days(assigned_on, rule.days, working=rule.working)
