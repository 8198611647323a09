"""Figures the committee reports (성과): trainees completed, placements, introductions, PoCs and contracts.

Each function counts over an optional period (``date_from``, ``date_to``, both inclusive; either may be
left open) by the date the thing happened, in one query, and reads nothing but the programs' tables.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, Q

from sori.programs.models import Introduction, IntroductionStage, Placement, Trainee, TraineeStatus
from sori.programs.models.introductions import POC_OR_LATER

__all__ = ["contracts_signed", "introductions", "placements", "pocs_started", "trainees_completed"]


def _within(field: str, date_from: dt.date | None, date_to: dt.date | None) -> Q:
    q = Q(**{f"{field}__isnull": False})
    if date_from is not None:
        q &= Q(**{f"{field}__gte": date_from})
    if date_to is not None:
        q &= Q(**{f"{field}__lte": date_to})
    return q


def trainees_completed(*, date_from: dt.date | None = None, date_to: dt.date | None = None) -> int:
    """Return how many trainees completed a course (수료) in the period, by their completion date."""
    qs = Trainee.objects.filter(status=TraineeStatus.COMPLETED)
    return qs.filter(_within("completed_on", date_from, date_to)).count()


def placements(*, date_from: dt.date | None = None, date_to: dt.date | None = None) -> int:
    """Return how many placements (채용·인턴·프로젝트) of trainees in firms started in the period."""
    return Placement.objects.filter(_within("starts_on", date_from, date_to)).count()


def introductions(*, date_from: dt.date | None = None, date_to: dt.date | None = None) -> int:
    """Return how many AI firms were introduced to manufacturers (소개) in the period."""
    return Introduction.objects.filter(_within("introduced_on", date_from, date_to)).count()


def pocs_started(*, date_from: dt.date | None = None, date_to: dt.date | None = None) -> int:
    """Return how many introductions reached 실증/PoC or beyond, by the date of the first such step.

    An introduction that went from meeting straight to contract counts: a contract is beyond a PoC.
    Introductions stopped later still count, as the PoC did start.
    """
    qs = Introduction.objects.annotate(poc_on=Min("steps__date", filter=Q(steps__stage__in=POC_OR_LATER)))
    return qs.filter(_within("poc_on", date_from, date_to)).count()


def contracts_signed(*, date_from: dt.date | None = None, date_to: dt.date | None = None) -> int:
    """Return how many introductions reached a contract (계약), by the date of the contract step."""
    qs = Introduction.objects.annotate(
        contract_on=Min("steps__date", filter=Q(steps__stage=IntroductionStage.CONTRACT))
    )
    return qs.filter(_within("contract_on", date_from, date_to)).count()
