"""Writes to meeting series, including the rounds a series is planned with."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.engagement.models import Engagement, Series
from sori.registry.models import Organisation, OrganisationKind
from sori.registry.services import organisation_get_or_create

MAX_ROUNDS = 100
_LEADING_YEAR = re.compile(r"^\s*\d{4}\s*년?\s*")


@dataclass(frozen=True)
class RoundPlan:
    """Rounds to create with a series: ``count`` meetings on ``weekdays`` (0 = Monday) from ``first_date``."""

    count: int
    first_date: dt.date
    weekdays: frozenset[int]
    time: dt.time
    place: str = ""


def round_dates(*, first_date: dt.date, weekdays: frozenset[int], count: int) -> list[dt.date]:
    """Return ``count`` dates on ``weekdays``, the first on or after ``first_date``.

    With no weekdays the rounds are weekly on ``first_date``'s weekday. Tuesdays and Fridays from 2025-11-11,
    six rounds, give 11-11, 11-14, 11-18, 11-21, 11-25 and 11-28.
    """
    days = weekdays or frozenset({first_date.weekday()})
    dates: list[dt.date] = []
    day = first_date
    while len(dates) < count:
        if day.weekday() in days:
            dates.append(day)
        day += dt.timedelta(days=1)
    return dates


def round_title(series_title: str, number: int) -> str:
    """Return "제1차 AI기업 조찬간담회" for round 1 of "2025 AI기업 조찬간담회" (the year is dropped)."""
    base = _LEADING_YEAR.sub("", series_title).strip() or series_title.strip()
    return _("제%(round)s차 %(title)s") % {"round": number, "title": base}


def _host(name: str, actor: User) -> Organisation | None:
    if not name.strip():
        return None
    org, _created = organisation_get_or_create(name=name, actor=actor, kind=OrganisationKind.COMMITTEE)
    return org


def _check_title(title: str, exclude: int | None = None) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("제목을 입력해 주세요.")})
    others = Series.objects.filter(title=title)
    if exclude is not None:
        others = others.exclude(id=exclude)
    if others.exists():
        raise ValidationError({"title": _("같은 제목의 시리즈가 이미 있습니다. 다른 제목을 적어 주세요.")})
    return title


@transaction.atomic
def series_create(
    *,
    title: str,
    actor: User,
    host_name: str = "",
    description: str = "",
    answer_days: int | None = None,
    rounds: RoundPlan | None = None,
    submission_key: str | None = None,
) -> Series:
    """Create a series and, with ``rounds``, its meetings numbered 1..N in one go.

    A repeated ``submission_key`` returns the series the first submission created.
    """
    if earlier := submission_claim(key=submission_key, action="series.create", model=Series):
        return earlier[0]
    title = _check_title(title)
    if rounds is not None and not 1 <= rounds.count <= MAX_ROUNDS:
        raise ValidationError(
            {"round_count": _("회차 수는 1에서 %(max)s 사이로 적어 주세요.") % {"max": MAX_ROUNDS}}
        )
    series = Series.objects.create(
        title=title,
        host=_host(host_name, actor),
        description=description.strip(),
        answer_days=answer_days,
    )
    submission_complete(key=submission_key, targets=[series])
    audit.record(
        actor=actor,
        action="series.create",
        target=series,
        summary=series.title,
        after={"title": series.title, "host": series.host, "answer_days": answer_days},
    )
    if rounds is not None:
        for number, day in enumerate(
            round_dates(first_date=rounds.first_date, weekdays=rounds.weekdays, count=rounds.count), start=1
        ):
            meeting = Engagement.objects.create(
                series=series,
                round=number,
                title=round_title(series.title, number),
                starts_at=timezone.make_aware(dt.datetime.combine(day, rounds.time)),
                place=rounds.place.strip(),
            )
            audit.record(
                actor=actor,
                action="engagement.create",
                target=meeting,
                scope=series,
                summary=meeting.title,
                after={"round": number, "starts_at": meeting.starts_at, "place": meeting.place},
            )
    return series


@transaction.atomic
def series_update(
    *,
    series: Series,
    actor: User,
    title: str,
    host_name: str = "",
    description: str = "",
    answer_days: int | None,
) -> Series:
    """Change a series' title, host, description or first-answer deadline; audit what changed."""
    series = Series.objects.select_for_update().get(pk=series.pk)
    before = {
        "title": series.title,
        "host": series.host,
        "description": series.description,
        "answer_days": series.answer_days,
    }
    series.title = _check_title(title, exclude=series.pk)
    series.host = _host(host_name, actor)
    series.description = description.strip()
    series.answer_days = answer_days
    series.save()
    after = {
        "title": series.title,
        "host": series.host,
        "description": series.description,
        "answer_days": series.answer_days,
    }
    audit.record(
        actor=actor, action="series.update", target=series, summary=series.title, before=before, after=after
    )
    return series
