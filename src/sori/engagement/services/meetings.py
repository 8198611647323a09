"""Writes to meetings: their details and minutes, agenda (발제) and attendance (참석)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.submissions import submission_claim, submission_complete
from sori.engagement.models import AgendaItem, Attendance, Engagement, Series
from sori.registry.models import Organisation, Person
from sori.registry.services import organisation_get_or_create, person_create

EDITABLE = ("round", "title", "theme", "starts_at", "place", "attendee_count", "minutes")


def _check_round(series: Series, number: int, exclude: int | None = None) -> None:
    taken = Engagement.objects.filter(series=series, round=number)
    if exclude is not None:
        taken = taken.exclude(id=exclude)
    if taken.exists():
        raise ValidationError(
            {
                "round": _("이 시리즈에 %(round)s차 간담회가 이미 있습니다. 다른 차수를 적어 주세요.")
                % {"round": number}
            }
        )


def next_round(series: Series) -> int:
    """Return the round number after the series' last meeting (1 for a new series)."""
    return (series.engagements.aggregate(last=Max("round"))["last"] or 0) + 1


@transaction.atomic
def engagement_create(
    *,
    series: Series,
    round: int,
    title: str,
    starts_at: dt.datetime,
    actor: User,
    theme: str = "",
    place: str = "",
    attendee_count: int | None = None,
    minutes: str = "",
    submission_key: str | None = None,
) -> Engagement:
    """Create a meeting of ``series``; its round number must be free in the series.

    A repeated ``submission_key`` returns the meeting the first submission created.
    """
    if earlier := submission_claim(key=submission_key, action="engagement.create", model=Engagement):
        return earlier[0]
    _check_round(series, round)
    meeting = Engagement.objects.create(
        series=series,
        round=round,
        title=title.strip(),
        theme=theme.strip(),
        starts_at=starts_at,
        place=place.strip(),
        attendee_count=attendee_count,
        minutes=minutes.strip(),
    )
    submission_complete(key=submission_key, targets=[meeting])
    audit.record(
        actor=actor,
        action="engagement.create",
        target=meeting,
        scope=series,
        summary=meeting.title,
        after={f: getattr(meeting, f) for f in EDITABLE if f != "minutes"},
    )
    return meeting


@transaction.atomic
def engagement_update(*, engagement: Engagement, actor: User, **fields: Any) -> Engagement:
    """Change any of a meeting's ``EDITABLE`` fields; audit the fields that changed."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    meeting = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if "round" in fields:
        _check_round(meeting.series, fields["round"], exclude=meeting.pk)
    before, after = {}, {}
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(meeting, name) != value:
            before[name], after[name] = getattr(meeting, name), value
            setattr(meeting, name, value)
    if after:
        meeting.save(update_fields=list(after))
        audit.record(
            actor=actor,
            action="engagement.update",
            target=meeting,
            scope=meeting,
            summary=meeting.title,
            before={k: (v[:200] if k == "minutes" else v) for k, v in before.items()},
            after={k: (v[:200] if k == "minutes" else v) for k, v in after.items()},
        )
    return meeting


def _organisation(name: str, actor: User) -> Organisation | None:
    if not name.strip():
        return None
    org, _created = organisation_get_or_create(name=name, actor=actor)
    return org


@transaction.atomic
def agenda_item_add(
    *, engagement: Engagement, presenter: str, topic: str, actor: User, presenter_organisation_name: str = ""
) -> AgendaItem:
    """Add a presentation at the end of a meeting's agenda; an unknown presenting body is registered."""
    if not presenter.strip() or not topic.strip():
        raise ValidationError(_("발제자와 주제를 모두 적어 주세요."))
    last = engagement.agenda.aggregate(last=Max("order"))["last"]
    item = AgendaItem.objects.create(
        engagement=engagement,
        order=0 if last is None else last + 1,
        presenter=presenter.strip(),
        presenter_organisation=_organisation(presenter_organisation_name, actor),
        topic=topic.strip(),
    )
    audit.record(
        actor=actor,
        action="agenda.add",
        target=item,
        scope=engagement,
        summary=str(item)[:200],
        after={"presenter": item.presenter, "organisation": item.presenter_organisation, "topic": item.topic},
    )
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: User) -> None:
    """Remove a presentation from its meeting's agenda."""
    audit.record(
        actor=actor,
        action="agenda.remove",
        target=item,
        scope=item.engagement,
        summary=str(item)[:200],
        before={"presenter": item.presenter, "topic": item.topic},
    )
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int, actor: User) -> None:
    """Move a presentation ``offset`` places up (negative) or down; the agenda is renumbered 0..n-1."""
    items = list(AgendaItem.objects.select_for_update().filter(engagement_id=item.engagement_id))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    target = max(0, min(len(items) - 1, index + offset))
    if target == index:
        return
    items.insert(target, items.pop(index))
    for order, it in enumerate(items):
        if it.order != order:
            it.order = order
            it.save(update_fields=["order"])
    audit.record(
        actor=actor,
        action="agenda.move",
        target=item,
        scope=item.engagement,
        summary=str(item)[:200],
        before={"position": index + 1},
        after={"position": target + 1},
    )


@dataclass(frozen=True)
class Attendee:
    """A typed attendee: "이름, 소속, 직위" (소속 and 직위 optional)."""

    line: int
    name: str
    organisation: str
    role: str


_SEPARATORS = re.compile(r"\s*[,，\t/]\s*")


def parse_attendees(raw: str) -> list[Attendee]:
    """Return an attendee per non-empty line of "이름, 소속, 직위"; raise ValidationError naming bad lines."""
    attendees, errors = [], []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in _SEPARATORS.split(line.strip())]
        name, org, role = ([*parts, "", ""])[:3]
        if not name:
            errors.append(
                _("%(line)s행: 이름이 비어 있습니다. '이름, 소속, 직위' 순서로 적어 주세요.")
                % {"line": number}
            )
        elif len(name) > 100 or len(org) > 200 or len(role) > 100:
            errors.append(
                _("%(line)s행: 너무 깁니다. 이름·직위는 100자, 소속은 200자까지입니다.") % {"line": number}
            )
        else:
            attendees.append(Attendee(number, name, org, ", ".join(parts[2:]) if len(parts) > 3 else role))
    if errors:
        raise ValidationError(errors)
    return attendees


def _person_for(attendee: Attendee, actor: User) -> Person:
    org = _organisation(attendee.organisation, actor)
    found = Person.objects.filter(name=attendee.name, organisation=org).order_by("id").first()
    if found is not None:
        return found
    return person_create(name=attendee.name, actor=actor, organisation=org, role=attendee.role)


@transaction.atomic
def attendance_add(
    *, engagement: Engagement, actor: User, people: Sequence[Person] = (), typed: str = ""
) -> list[Attendance]:
    """Record who attended: existing ``people`` and typed lines of "이름, 소속, 직위" (new ones are created).

    A person already recorded as attending is skipped. All or nothing: a bad typed line saves no one.
    """
    everyone = list(people) + [_person_for(a, actor) for a in parse_attendees(typed)]
    if not everyone:
        raise ValidationError(_("참석자를 고르거나 '이름, 소속, 직위'로 적어 주세요."))
    present = set(engagement.attendances.values_list("person_id", flat=True))
    added = []
    for person in everyone:
        if person.pk in present:
            continue
        present.add(person.pk)
        attendance = Attendance.objects.create(engagement=engagement, person=person)
        audit.record(
            actor=actor,
            action="attendance.add",
            target=attendance,
            scope=engagement,
            summary=str(person)[:200],
        )
        added.append(attendance)
    return added


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor: User) -> None:
    """Remove a person from a meeting's attendance (the person stays in the registry)."""
    audit.record(
        actor=actor,
        action="attendance.remove",
        target=attendance,
        scope=attendance.engagement,
        summary=str(attendance.person)[:200],
    )
    attendance.delete()
