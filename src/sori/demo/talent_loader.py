"""Load the talent and midfielder demo (``talent.json``) through the programs services.

A talent program with two cohorts (AI사관학교 6기, finished: nine completed, one dropped out with a reason,
two not selected; 제조기업 AI 실무과정 1기, under way), local firms' talent needs, placements (one outside
Gwangju, so the local placement rate is not 100 %), and five introductions of AI firms to manufacturers at
different stages, one stopped with its reason and one stalled. Organisations are found by name; rows naming
an unknown one are skipped. Days are relative to ``today``.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from sori.programs.models import Cohort, Introduction, Placement, TalentNeed, Trainee
from sori.programs.services import introductions as midfielder
from sori.programs.services import talent
from sori.programs.services.calls import program_create
from sori.registry.models import Organisation
from sori.registry.services import organisation_find


def talent_data() -> dict[str, Any]:
    """Return the shipped talent and midfielder demo data."""
    text = resources.files("sori.demo").joinpath("talent.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _org(name: str | None) -> Organisation | None:
    return organisation_find(name=name) if name else None


def _cohort(spec: dict[str, Any], program: Any, actor: User, today: dt.date) -> dict[str, Trainee]:
    """Open the cohort and take each trainee as far as the data says; return them by name."""

    def day(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    cohort = talent.cohort_create(
        name=spec["name"],
        course_kind=spec["course_kind"],
        seats=spec["seats"],
        starts_on=day(spec["starts"]),
        ends_on=day(spec["ends"]),
        program=program,
        operator=_org(spec.get("operator")),
        description=spec.get("description", ""),
        actor=actor,
    )
    applied, selected = day(spec["starts"] - 45), day(spec["starts"] - 14)
    trainees: dict[str, Trainee] = {}
    for row in spec["trainees"]:
        trainee = talent.trainee_add(
            cohort=cohort, name=row["name"], contact=row.get("contact", ""), applied_on=applied, actor=actor
        )
        status = row["status"]
        if status in ("selected", "completed", "dropped"):
            trainee = talent.trainee_select(trainee=trainee, actor=actor, on=selected)
            if row.get("attendance") is not None:
                trainee = talent.trainee_attendance(trainee=trainee, rate=row["attendance"], actor=actor)
        if status == "completed":
            trainee = talent.trainee_complete(trainee=trainee, actor=actor, on=day(spec["ends"]))
        elif status == "dropped":
            trainee = talent.trainee_drop(
                trainee=trainee, reason=row["reason"], actor=actor, on=day(row.get("dropped", spec["ends"]))
            )
        trainees[trainee.name] = trainee
    return trainees


def _introduction(spec: dict[str, Any], actor: User, today: dt.date) -> None:
    manufacturer, firm = _org(spec["manufacturer"]), _org(spec["ai_firm"])
    if manufacturer is None or firm is None:
        return
    coordinator = User.objects.filter(username=spec.get("coordinator", "")).first() or actor
    first, *later = spec["steps"]
    introduction = midfielder.introduction_create(
        manufacturer=manufacturer,
        ai_firm=firm,
        need=spec.get("need", ""),
        coordinator=coordinator,
        introduced_on=today + dt.timedelta(days=first["date"]),
        note=first.get("note", ""),
        match_score=spec.get("score"),
        actor=coordinator,
    )
    for step in later:
        midfielder.introduction_advance(
            introduction=introduction,
            stage=step["stage"],
            date=today + dt.timedelta(days=step["date"]),
            note=step.get("note", ""),
            actor=coordinator,
        )
    if stop := spec.get("stop"):
        midfielder.introduction_stop(
            introduction=introduction,
            reason=stop["reason"],
            date=today + dt.timedelta(days=stop["date"]),
            actor=coordinator,
        )


@transaction.atomic
def talent_demo_load(*, today: dt.date, actor: User) -> str:
    """Create the demo talent program, cohorts, trainees, needs, placements and introductions."""
    data = talent_data()
    spec = data["program"]
    program = program_create(
        name=spec["name"],
        kind=spec["kind"],
        operator=_org(spec.get("operator")),
        description=spec.get("description", ""),
        actor=actor,
    )
    trainees: dict[str, Trainee] = {}
    for cohort in data["cohorts"]:
        trainees |= _cohort(cohort, program, actor, today)
    needs: dict[str, TalentNeed] = {}
    for row in data["needs"]:
        org = _org(row["organisation"])
        if org is None:
            continue
        need = talent.need_post(
            organisation=org,
            kind=row["kind"],
            title=row["title"],
            description=row.get("description", ""),
            count=row.get("count", 1),
            posted_on=today + dt.timedelta(days=row["posted"]),
            actor=actor,
        )
        needs[row["key"]] = need
    for row in data["placements"]:
        org, trainee = _org(row["organisation"]), trainees.get(row["trainee"])
        if org is None or trainee is None:
            continue
        talent.placement_record(
            trainee=trainee,
            organisation=org,
            need=needs.get(row.get("need") or ""),
            kind=row["kind"],
            starts_on=today + dt.timedelta(days=row["starts"]),
            note=row.get("note", ""),
            actor=actor,
        )
    # Needs closed once filled: after their placements, so the placements could answer them.
    for row in data["needs"]:
        if row.get("closed") is not None and row["key"] in needs:
            talent.need_close(
                need=needs[row["key"]], actor=actor, on=today + dt.timedelta(days=row["closed"])
            )
    for spec in data["introductions"]:
        _introduction(spec, actor, today)
    return (
        f"교육 기수 {Cohort.objects.count()}개, 교육생 {Trainee.objects.count()}명, "
        f"인재 배치 {Placement.objects.count()}건, 미드필더 연결 {Introduction.objects.count()}건"
    )
