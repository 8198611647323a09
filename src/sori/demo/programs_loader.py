"""Load the programs demo (``programs.json``) through the programs services.

A GPU program at the national AI data center: two resource pools (H100, A100) with a capacity timeline; a call
that started four months ago with ~36 reviewed applications, one conflict of interest, one optimiser run
confirmed into awards, four months of Slurm usage (one award under-used, one job dated before its award's
start kept apart), a renewal request, a renewal refused on low usage and one approved as an exception with
its reason; an open call drawing on the same pools; a demonstration-site program with sites; and the AI needs
and capabilities matching uses. Organisations are reused by name; rows naming an unknown one are
skipped.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from sori.programs import services
from sori.programs.models import Application, Award, Call, Program
from sori.programs.months import HOURS_PER_UNIT_MONTH, add_months, first_of
from sori.programs.services.rules import follow_up_breaches
from sori.registry.models import Organisation
from sori.registry.services import organisation_create, organisation_find, organisation_update

_CALL_DEFAULTS = {
    "renewal_min_usage": 0.5,
    "allow_partial": True,
    "low_use_threshold": 0.5,
    "low_use_after_months": 3,
}


def programs_data() -> dict[str, Any]:
    """Return the shipped programs demo data."""
    text = resources.files("sori.demo").joinpath("programs.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _org(name: str | None) -> Organisation | None:
    return organisation_find(name=name) if name else None


def _program(spec: dict[str, Any], actor: User) -> Program:
    return services.program_create(
        name=spec["name"],
        kind=spec["kind"],
        operator=_org(spec.get("operator")),
        actor=actor,
        description=spec.get("description", ""),
        slurm_cluster=spec.get("slurm_cluster", ""),
    )


def _pools(spec: dict[str, Any], actor: User, today: dt.date) -> None:
    """Create the operator's pools and their capacity timelines (months relative to ``today``)."""
    operator = spec.get("pool_operator")
    if operator and _org(operator["name"]) is None:
        organisation_create(name=operator["name"], kind=operator["kind"], actor=actor)
    for pool in spec.get("pools", []):
        (first, units, reason), *later = pool["capacity"]
        created = services.pool_create(
            name=pool["name"],
            resource=pool["resource"],
            units_per_month=units,
            from_month=add_months(first_of(today), first),
            operator=_org(pool.get("operator")),
            reason=reason,
            actor=actor,
        )
        for offset, units, reason in later:
            services.pool_capacity_set(
                pool=created,
                from_month=add_months(first_of(today), offset),
                units=units,
                reason=reason,
                actor=actor,
            )


def _call(
    program: Program, spec: dict[str, Any], actor: User, *, first: dt.date, opens: dt.date, closes: dt.date
) -> Call:
    return services.call_create(
        program=program,
        actor=actor,
        criteria=[tuple(c) for c in spec["criteria"]],
        capacities=[tuple(c) for c in spec["capacities"]],
        title=spec["title"],
        opens_on=opens,
        closes_on=closes,
        eligibility=spec.get("eligibility", ""),
        first_month=first,
        months=spec["months"],
        term_months=spec["term_months"],
        max_renewals=spec["max_renewals"],
        renewal_requirements=spec.get("renewal_requirements", ""),
        max_awards_per_organisation=spec.get("max_awards_per_organisation"),
        newcomer_share=spec.get("newcomer_share", 0.0),
        tranche_share=spec.get("tranche_share", 0.0),
        **_CALL_DEFAULTS,
    )


def _scores(call: Call, base: float, offset: int) -> dict[int, int]:
    # criteria scores around the row's score, different per criterion and reviewer, always 0..100
    return {
        c.id: max(0, min(100, round(base + ((i * 7 + offset * 5) % 9) - 4)))
        for i, c in enumerate(call.criteria.all())
    }


def _sacct(
    awards: list[Award], shares: dict[str, float], today: dt.date, early: dict[str, Any] | None = None
) -> bytes:
    lines = ["JobID|JobName|Account|User|Partition|AllocTRES|Elapsed|Start|End|State|ExitCode"]
    job = 70001
    for award in awards:
        share = shares.get(award.organisation.name, 0.7)
        month = award.start_month
        while month < first_of(today):
            units = award.units_in(month)
            seconds = int(units * HOURS_PER_UNIT_MONTH * share * 3600 / max(units, 1))
            d, rest = divmod(seconds, 86400)
            h, rest = divmod(rest, 3600)
            start = dt.datetime.combine(month.replace(day=2), dt.time(9, 0))
            end = start + dt.timedelta(seconds=seconds)
            gres = award.resource.lower()
            lines.append(
                f"{job}|train|{award.slurm_account}|user{award.id}|{gres}|cpu=32,gres/gpu:{gres}={units},"
                f"gres/gpu={units},node=1|{d}-{h:02d}:{rest // 60:02d}:{rest % 60:02d}|"
                f"{start:%Y-%m-%dT%H:%M:%S}|"
                f"{end:%Y-%m-%dT%H:%M:%S}|COMPLETED|0:0"
            )
            job += 1
            month = add_months(month, 1)
    # a connection test run before the award started: imported, but kept apart until staff decide
    for award in awards:
        if early and award.organisation.name == early["organisation"]:
            start = dt.datetime.combine(add_months(award.start_month, -1).replace(day=25), dt.time(14, 0))
            end = start + dt.timedelta(hours=early["hours"])
            gres, units = award.resource.lower(), early["gpus"]
            lines.append(
                f"{job}|conntest|{award.slurm_account}|user{award.id}|{gres}|cpu=8,gres/gpu:{gres}={units},"
                f"gres/gpu={units},node=1|{early['hours']:02d}:00:00|{start:%Y-%m-%dT%H:%M:%S}|"
                f"{end:%Y-%m-%dT%H:%M:%S}|COMPLETED|0:0"
            )
    return ("\n".join(lines) + "\n").encode()


def _renewal_reviewed(spec: dict[str, Any], award: Award, actor: User, today: dt.date) -> Application:
    renewal = services.follow_up_submit(
        award=award,
        request_type="renewal",
        actor=actor,
        today=today,
        months=spec["months"],
        summary=spec["summary"],
        **{
            k: spec.get(k, "")
            for k in ("outcome_products", "outcome_customers", "outcome_papers", "outcome_references")
        },
    )
    services.short_review_submit(
        application=renewal, actor=actor, usage_score=30, outcome_score=80, recommend=True, today=today
    )
    return renewal


def _renewals_decided(compute: dict[str, Any], call: Call, actor: User, today: dt.date) -> None:
    """Decide two renewals under the call's rules: one refused on low usage, one approved as an exception."""
    refused = compute.get("renewal_refused")
    award = (
        Award.objects.filter(organisation=_org(refused["organisation"]), call=call).first()
        if refused
        else None
    )
    if refused and award is not None:
        renewal = _renewal_reviewed(refused, award, actor, today)
        breaches = follow_up_breaches(application=renewal, award=award, units=renewal.amount, today=today)
        services.follow_up_decide(
            application=renewal,
            actor=actor,
            approve=False,
            amount=None,
            reason="; ".join(b.text for b in breaches) or "연장 규칙 미달",
            today=today,
        )
    excepted = compute.get("renewal_exception")
    award = (
        Award.objects.filter(organisation=_org(excepted["organisation"]), call=call).first()
        if excepted
        else None
    )
    if excepted and award is not None:
        renewal = _renewal_reviewed(excepted, award, actor, today)
        services.follow_up_decide(
            application=renewal,
            actor=actor,
            approve=True,
            amount=renewal.amount,
            reason=excepted["decision_reason"],
            exception_reason=excepted["exception_reason"],
            today=today,
        )


def _profiles(data: dict[str, Any], actor: User) -> None:
    for field in ("ai_needs", "ai_capabilities"):
        for name, text in data.get(field, {}).items():
            org = _org(name)
            if org is not None and not getattr(org, field):
                organisation_update(organisation=org, actor=actor, **{field: text})


@transaction.atomic
def programs_demo_load(*, today: dt.date, actor: User) -> str:
    """Create the demo programs, calls, applications, reviews, a selection, awards, usage and sites."""
    data = programs_data()
    _profiles(data["profiles"], actor)
    compute = data["compute"]
    program = _program(compute["program"], actor)
    _pools(compute, actor, today)
    past = compute["past_call"]
    first = add_months(first_of(today), -past["months_ago"])
    call = _call(
        program,
        past,
        actor,
        first=first,
        opens=first - dt.timedelta(days=45),
        closes=first - dt.timedelta(days=21),
    )
    reviewers = [actor, User.objects.filter(username="staff-han").first() or actor]
    reviewers = list(dict.fromkeys(reviewers))
    conflict = compute.get("conflict", {})
    for row in compute["applications"]:
        org = _org(row["organisation"])
        if org is None:
            continue
        app = services.application_submit(
            call=call,
            organisation=org,
            actor=actor,
            today=call.closes_on,
            title=row["title"],
            resource=row["resource"],
            amount=row["amount"],
            min_amount=row.get("min_amount"),
            start_month=first,
            months=row["months"],
            summary=row["summary"],
            expected_outcomes=row.get("expected_outcomes", ""),
        )
        for n, reviewer in enumerate(reviewers):
            review = services.review_assign(application=app, reviewer=reviewer, actor=actor)
            if row["organisation"] == conflict.get("organisation") and reviewer.username == conflict.get(
                "reviewer"
            ):
                services.review_declare_conflict(review=review, reason=conflict["reason"], actor=reviewer)
            else:
                services.review_submit(
                    review=review, scores=_scores(call, row["score"], n), comment="", actor=reviewer
                )
    run = services.selection_request(call=call, actor=actor)
    run = services.selection_execute(run_id=run.id)
    awards = services.selection_confirm(run=run, actor=actor)
    for award in awards:
        services.award_set_slurm(
            award=award, account=award.slurm_account or "", users=f"user{award.id}", actor=actor
        )
    services.usage_import(
        program=program,
        filename="sacct-demo.txt",
        data=_sacct(awards, compute["usage_share"], today, compute.get("usage_outside_term")),
        format="sacct",
        actor=actor,
        today=today,
    )
    renewal = compute.get("renewal")
    org = _org(renewal["organisation"]) if renewal else None
    renewed = Award.objects.filter(organisation=org, call=call).first() if org else None
    if renewed is not None:
        user = User.objects.filter(username=renewal["user"]).first() or actor
        services.progress_report_submit(award=renewed, text="1차 모델 완성, 현장 2곳 시범 적용", actor=user)
        services.follow_up_submit(
            award=renewed,
            request_type="renewal",
            actor=user,
            months=renewal["months"],
            summary=renewal["summary"],
            **{
                k: renewal[k]
                for k in ("outcome_products", "outcome_customers", "outcome_papers", "outcome_references")
            },
        )
    _renewals_decided(compute, call, actor, today)
    spec = compute["open_call"]
    open_call = _call(
        program,
        spec,
        actor,
        first=add_months(first_of(today), 2),
        opens=today + dt.timedelta(days=spec["opens"]),
        closes=today + dt.timedelta(days=spec["closes"]),
    )
    for row in compute.get("open_applications", []):
        org = _org(row["organisation"])
        if org is not None:
            services.application_submit(
                call=open_call,
                organisation=org,
                actor=actor,
                today=today,
                title=row["title"],
                resource=row["resource"],
                amount=row["amount"],
                min_amount=row.get("min_amount"),
                start_month=open_call.first_month,
                months=row["months"],
                summary=row["summary"],
                expected_outcomes=row.get("expected_outcomes", ""),
            )
    sites = data["sites"]
    site_program = _program(sites["program"], actor)
    for s in sites["sites"]:
        services.site_create(
            actor=actor,
            program=site_program,
            name=s["name"],
            kind=s["kind"],
            owner=_org(s.get("owner")),
            place=s["place"],
            testable=s["testable"],
            available_from=today + dt.timedelta(days=s["from"]),
            available_until=today + dt.timedelta(days=s["until"]),
            capacity=s["capacity"],
        )
    return (
        f"지원사업 {Program.objects.count()}개, 신청 {Application.objects.count()}건, "
        f"협약 {Award.objects.count()}건, 실증 공간 {len(sites['sites'])}곳"
    )
