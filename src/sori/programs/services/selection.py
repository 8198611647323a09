"""Selection: build the optimiser's input from a call, run it (a task), keep reasons, override, confirm."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.alloc import Application as AllocApplication
from sori.alloc import (
    InputError,
    Rules,
    SelectionProblem,
    check_problem,
    problem_from_json,
    problem_to_json,
    solve,
)
from sori.core import audit, hooks
from sori.core.submissions import submission_claim, submission_complete
from sori.programs import events
from sori.programs.explain import held_reason, ineligible_reason, reasons
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    AwardStatus,
    Call,
    RequestType,
    Review,
    RuleCode,
    RuleException,
    RunStatus,
    SelectionLine,
    SelectionRun,
)
from sori.programs.models.pools import capacity_in
from sori.programs.months import add_months, months_between
from sori.programs.occupancy import capacity_rows, held_by_month, live_awards, pending_by_month
from sori.programs.services.capacity import pools_lock, shortfall, shortfall_text, units_used
from sori.programs.services.rules import Breach, eligibility_breach, exceptions_record, run_breaches
from sori.programs.services.selection_notices import decision_notices_enqueue
from sori.programs.workflow import check_application, check_run
from sori.registry.models import organisation_key

TIME_LIMIT_S = 10.0


def _candidates(call: Call) -> list[Application]:
    return list(
        Application.objects.filter(
            call=call, request_type=RequestType.NEW, status=ApplicationStatus.SUBMITTED
        )
        .select_related("organisation")
        .order_by("id")
    )


def pool_months(call: Call) -> dict[str, dict[str, Any]]:
    """Return, per resource of ``call``, its pool and each month of the call's window as the optimiser sees.

    ``capacity`` is the pool's, ``held`` what live awards of every call on the pool hold, ``pending`` what
    other calls' unconfirmed runs and undecided follow-ups ask, and ``free`` what this call may still give:
    capacity − held − pending, and no more than the call's own cap (when set) minus its own awards.
    """
    caps = list(call.capacities.select_related("pool").order_by("resource"))
    ids = [c.pool_id for c in caps]
    span = [add_months(call.first_month, i) for i in range(call.months)]
    rows = capacity_rows(ids)
    held = held_by_month(live_awards(ids))
    pending = pending_by_month(ids, exclude_call_id=call.id)
    out: dict[str, dict[str, Any]] = {}
    for cap in caps:
        capacity = [capacity_in(rows[cap.pool_id], m) for m in span]
        taken = [held[cap.pool_id][m] for m in span]
        asked = [pending[cap.pool_id][m] for m in span]
        free = [max(0, c - h - p) for c, h, p in zip(capacity, taken, asked, strict=True)]
        if cap.units_per_month is not None:
            own = units_used(call=call, resource=cap.resource, months=span)
            free = [min(f, max(0, cap.units_per_month - own[m])) for f, m in zip(free, span, strict=True)]
        out[cap.resource] = {
            "pool_id": cap.pool_id,
            "pool": cap.pool.name,
            "capacity": capacity,
            "held": taken,
            "pending": asked,
            "free": free,
        }
    return out


class SelectionInput(NamedTuple):
    problem: SelectionProblem
    applications: list[Application]
    held: dict[str, list[int]]
    pools: dict[str, dict[str, Any]]
    ineligible: dict[str, str]


def selection_problem(call: Call) -> SelectionInput:
    """Return the optimiser's input for ``call``; raise ValidationError listing every blocking application.

    Capacity per month is what the resource's pool still has free (see :func:`pool_months`): awards of every
    call on the pool and other runs and follow-ups still pending are taken off first.
    """
    apps = _candidates(call)
    errors: list[str] = []
    if not apps:
        errors.append(_("선정할 신청이 없습니다."))
    pending = Review.objects.filter(
        application__in=apps, conflict=False, submitted_at__isnull=True
    ).select_related("application__organisation")
    for review in pending:
        errors.append(
            _("%(org)s '%(t)s': 배정된 평가위원 %(who)s의 평가가 아직 없습니다.")
            % {
                "org": review.application.organisation.name,
                "t": review.application.title,
                "who": review.reviewer.get_full_name() or review.reviewer.username,
            }
        )
    for app in apps:
        if app.score is None:
            errors.append(
                _(
                    "%(org)s '%(t)s': 집계되는 평가가 없습니다"
                    "(이해충돌로 제외된 평가는 세지 않습니다). 평가위원을 더 배정하세요."
                )
                % {"org": app.organisation.name, "t": app.title}
            )
        start = months_between(call.first_month, app.start_month)
        if start < 0 or start + app.months > call.months:
            errors.append(
                _("%(org)s '%(t)s': 신청 기간 %(p)s이 공고의 지원 기간 %(w)s을 벗어납니다.")
                % {
                    "org": app.organisation.name,
                    "t": app.title,
                    "p": app.period_label,
                    "w": call.window_label,
                }
            )
    pools = pool_months(call)
    for app in apps:
        if app.resource not in pools:
            errors.append(
                _("%(org)s '%(t)s': 자원 '%(r)s'이(가) 공고에 없습니다.")
                % {"org": app.organisation.name, "t": app.title, "r": app.resource}
            )
    if errors:
        raise ValidationError(errors)
    capacity = {resource: tuple(p["free"]) for resource, p in pools.items()}
    # An organisation the call's eligibility does not admit is kept out and its line says why, unless an
    # exception was approved for the application (on a line of an earlier run).
    excepted = set(
        RuleException.objects.filter(application__in=apps, rule=RuleCode.ELIGIBILITY).values_list(
            "application_id", flat=True
        )
    )
    ineligible: dict[str, str] = {}
    for a in apps:
        breach = eligibility_breach(call, a.organisation)
        if breach is not None and a.id not in excepted:
            ineligible[str(a.id)] = breach.text
    # An application whose minimum no longer fits beside the live awards (of this or another call on the same
    # pool) in some month cannot be granted at all; it is kept out of the optimiser and its line says why.
    held: dict[str, list[int]] = {}
    for a in apps:
        start = months_between(call.first_month, a.start_month)
        least = a.min_amount if call.allow_partial and a.min_amount else a.amount
        short = [m for m in range(start, start + a.months) if capacity[a.resource][m] < least]
        if short and str(a.id) not in ineligible:
            held[str(a.id)] = short
    awarded_orgs = set(
        Award.objects.filter(call__program=call.program).values_list("organisation_id", flat=True)
    )
    problem = SelectionProblem(
        months=call.months,
        capacity=capacity,
        applications=tuple(
            AllocApplication(
                id=str(a.id),
                organisation=a.organisation.name,
                score=float(a.score or 0),
                resource=a.resource,
                amount=a.amount,
                start=months_between(call.first_month, a.start_month),
                months=a.months,
                min_amount=a.min_amount,
                first_time=a.organisation_id not in awarded_orgs,
            )
            for a in apps
            if str(a.id) not in held and str(a.id) not in ineligible
        ),
        rules=Rules(
            max_awards_per_organisation=call.max_awards_per_organisation,
            newcomer_share=call.newcomer_share,
            allow_partial=call.allow_partial,
        ),
        time_limit_s=TIME_LIMIT_S,
        first_month=f"{call.first_month:%Y-%m}",
    )
    issues = check_problem(problem)
    if issues:
        raise ValidationError([str(i) for i in issues])
    return SelectionInput(problem, apps, held, pools, ineligible)


@transaction.atomic
def selection_request(*, call: Call, actor: User, submission_key: str | None = None) -> SelectionRun:
    """Check the call and queue an optimiser run; the run itself is a task (in-process by default)."""
    if earlier := submission_claim(key=submission_key, action="selection.request", model=SelectionRun):
        return earlier[0]
    problem, apps, held, pools, ineligible = selection_problem(call)
    run = SelectionRun.objects.create(
        call=call,
        problem=problem_to_json(problem),
        result={"held": held, "pools": pools, "ineligible": ineligible},
        created_by=actor,
    )
    submission_complete(key=submission_key, targets=[run])
    audit.record(
        actor=actor,
        action="selection.request",
        target=run,
        scope=call,
        summary=_("선정 실행 요청: 신청 %(n)s건") % {"n": len(apps)},
    )
    from sori.programs.tasks import run_selection

    transaction.on_commit(lambda: run_selection.delay(run.id))
    return run


@transaction.atomic
def selection_execute(*, run_id: int) -> SelectionRun:
    """Solve a queued run and store its figures and one line per application; a finished run is left alone."""
    run = SelectionRun.objects.select_for_update().select_related("call").get(pk=run_id)
    # Only a queued run is solved: the task may be delivered twice, and done → done is an override's move.
    if run.status != RunStatus.QUEUED:
        return run
    try:
        problem = problem_from_json(run.problem)
        result = solve(problem)
    except InputError as error:
        run.status, run.message, run.finished_at = RunStatus.FAILED, str(error), timezone.now()
        run.save()
        return run
    held: dict[str, list[int]] = run.result.get("held", {})
    pools: dict[str, dict[str, Any]] = run.result.get("pools", {})
    ineligible: dict[str, str] = run.result.get("ineligible", {})
    ids = [int(a.id) for a in problem.applications] + [int(i) for i in held] + [int(i) for i in ineligible]
    apps = {str(a.id): a for a in Application.objects.filter(pk__in=ids)}
    first = run.call.first_month
    pool_names = {resource: str(p.get("pool", "")) for resource, p in pools.items() if p.get("pool")}
    scores = sorted((float(a.score or 0) for a in apps.values()), reverse=True)

    def rank(app_id: str) -> int:
        # rank among every candidate of the call, held ones included (ties share a rank)
        return 1 + sum(1 for s in scores if s > float(apps[app_id].score or 0))

    lines = []
    for award in result.awards:
        award = replace(award, rank=rank(award.application_id))
        app = apps[award.application_id]
        lines.append(
            SelectionLine(
                run=run,
                application=app,
                score=float(app.score or 0),
                rank=award.rank,
                requested=award.requested,
                optimised=award.awarded,
                greedy=result.baseline.awarded.get(award.application_id, 0),
                final=award.awarded,
                reasons=reasons(award, first, pool_names, run.call.allow_partial),
            )
        )
    for app_id, months in held.items():
        app = apps[app_id]
        lines.append(
            SelectionLine(
                run=run,
                application=app,
                score=float(app.score or 0),
                rank=rank(app_id),
                requested=app.amount,
                optimised=0,
                greedy=0,
                final=0,
                reasons=[held_reason(app.resource, months, first, pools.get(app.resource, {}).get("pool"))],
            )
        )
    for app_id, text in ineligible.items():
        app = apps[app_id]
        lines.append(
            SelectionLine(
                run=run,
                application=app,
                score=float(app.score or 0),
                rank=rank(app_id),
                requested=app.amount,
                optimised=0,
                greedy=0,
                final=0,
                reasons=[ineligible_reason(text)],
            )
        )
    SelectionLine.objects.bulk_create(lines)
    run.status = RunStatus.DONE
    run.solver_status = result.status.value
    run.objective, run.best_bound, run.gap = result.objective, result.best_bound, result.gap
    grants = {a.application_id: a.awarded for a in result.awards}
    run.wall_time_s = result.wall_time_s
    run.utilisation, by_pool = pool_utilisation(problem, pools, grants)
    run.baseline_objective = result.baseline.objective
    run.baseline_utilisation, _by_pool = pool_utilisation(problem, pools, dict(result.baseline.awarded))
    run.message = result.message
    run.result = {
        "held": held,
        "pools": pools,
        "ineligible": ineligible,
        "explanation_method": result.explanation_method,
        "by_resource": by_pool,
        "share_of_free": result.utilisation,
    }
    run.finished_at = timezone.now()
    run.save()
    audit.record(
        actor=None,
        action="selection.done",
        target=run,
        scope=run.call,
        summary=_("선정 계산 완료: %(s)s, 목적값 %(o).1f") % {"s": run.solver_status, "o": run.objective},
    )
    return run


def pool_utilisation(
    problem: SelectionProblem, pools: dict[str, dict[str, Any]], grants: dict[str, int]
) -> tuple[float, dict[str, float]]:
    """Return the pools' booked share after ``grants``: (held + granted) unit-months over capacity unit-months
    across the call's window, overall and per resource (the pools' capacity, not what was left free)."""
    booked: dict[str, list[int]] = {r: list(p["held"]) for r, p in pools.items()}
    for app in problem.applications:
        units = grants.get(app.id, 0)
        if units and app.resource in booked:
            for m in app.month_range():
                booked[app.resource][m] += units
    per: dict[str, float] = {}
    total_booked = total_capacity = 0
    for resource, p in pools.items():
        cap = sum(p["capacity"])
        used = sum(min(b, c) for b, c in zip(booked[resource], p["capacity"], strict=True))
        per[resource] = used / cap if cap else 0.0
        total_booked, total_capacity = total_booked + used, total_capacity + cap
    return (total_booked / total_capacity if total_capacity else 0.0), per


def _pending_units(run: SelectionRun, resource: str, exclude_line: int | None) -> dict:
    pending: dict = {}
    lines = run.lines.select_related("application")
    if exclude_line is not None:
        lines = lines.exclude(pk=exclude_line)
    for line in lines:
        app = line.application
        if app.resource != resource or not line.final:
            continue
        for i in range(app.months):
            m = add_months(app.start_month, i)
            pending[m] = pending.get(m, 0) + line.final
    return pending


@transaction.atomic
def selection_override(
    *, line: SelectionLine, final: int, reason: str, actor: User, exception_reason: str = ""
) -> SelectionLine:
    """Change one application's grant before the run is confirmed; the reason is required and audited.

    A grant that does not fit the pool is refused unless ``exception_reason`` is given: then it is recorded
    as a capacity exception on the line and the grant stands.
    """
    run = line.run
    check_run(run, RunStatus.DONE)
    if not reason.strip():
        raise ValidationError(_("조정 사유를 적어 주세요 — 조정하지 않았습니다."))
    if not 0 <= final <= line.requested:
        raise ValidationError(_("배정량은 0에서 신청량 %(n)s 사이여야 합니다.") % {"n": line.requested})
    app = line.application
    short = None
    if final:
        short = shortfall(
            call=run.call,
            resource=app.resource,
            start=app.start_month,
            months=app.months,
            extra=final,
            pending=_pending_units(run, app.resource, line.pk),
        )
        if short is not None and not exception_reason.strip():
            raise ValidationError(
                shortfall_text(short)
                + " "
                + _(
                    "배정량을 줄이거나, 용량을 넘겨 배정하려면 예외 승인 사유를 적어 다시 하세요 — "
                    "조정하지 않았습니다."
                )
            )
    before = line.final
    line.final, line.override_reason = final, reason.strip()
    line.save()
    if short is not None:
        exceptions_record(
            breaches=[
                Breach(
                    RuleCode.CAPACITY,
                    shortfall_text(short),
                    pool=short.pool,
                    first_month=app.start_month,
                    months=app.months,
                    units=final,
                )
            ],
            reason=exception_reason,
            actor=actor,
            application=app,
            line=line,
        )
    audit.record(
        actor=actor,
        action="selection.override",
        target=line.application,
        scope=run.call,
        summary=_("배정량 조정 %(a)s → %(b)s: %(r)s") % {"a": before, "b": final, "r": reason},
        before={"final": before},
        after={"final": final, "reason": reason},
    )
    return line


def slurm_account_for(application: Application) -> str:
    return f"sori_c{application.call_id}a{application.id}"


def _decision(line: SelectionLine) -> ApplicationStatus:
    if not line.final:
        return ApplicationStatus.NOT_SELECTED
    return ApplicationStatus.SELECTED if line.final >= line.application.amount else ApplicationStatus.PARTLY


@transaction.atomic
def selection_confirm(*, run: SelectionRun, actor: User) -> list[Award]:
    """Turn a run's final grants into awards with terms; refuse everything if one grant cannot stand."""
    call = run.call
    pools = {c.resource: c.pool for c in call.capacities.select_related("pool")}
    # Another selection or renewal on the same pools may be confirming right now: wait for it, then count it.
    pools_lock(p.pk for p in pools.values())
    run.refresh_from_db(fields=["status"])
    check_run(run, RunStatus.CONFIRMED)
    lines = list(run.lines.select_related("application__organisation"))
    errors = []
    for line in lines:
        app = line.application
        if line.final and Award.objects.filter(application=app).exists():
            errors.append(_("%(t)s: 이미 협약이 있습니다.") % {"t": app.title})
        try:
            check_application(app, _decision(line))
        except ValidationError as error:
            errors.extend(error.messages)
        if line.final:
            key = organisation_key(app.title)
            for other in Award.objects.filter(organisation=app.organisation, status=AwardStatus.ACTIVE):
                if (
                    organisation_key(other.application.title) == key
                    and other.start_month <= app.end_month
                    and app.start_month <= other.end_month
                ):
                    errors.append(
                        _("%(org)s '%(t)s': 같은 과제의 협약(%(p)s)과 기간이 겹칩니다.")
                        % {"org": app.organisation.name, "t": app.title, "p": other.term_label}
                    )
    if errors:
        raise ValidationError(errors)
    # Every rule a line breaks needs an exception approved on the line; capacity is counted in rank order.
    breaches = run_breaches(run)
    excepted = set(RuleException.objects.filter(line__run=run).values_list("line_id", "rule"))
    line_of = {line.application_id: line.id for line in lines}
    for app_id in RuleException.objects.filter(
        application_id__in=line_of, rule=RuleCode.ELIGIBILITY
    ).values_list("application_id", flat=True):
        excepted.add((line_of[app_id], RuleCode.ELIGIBILITY))
    unexcepted = []
    for line in lines:
        for breach in breaches.get(line.id, []):
            if (line.id, breach.rule) not in excepted:
                app = line.application
                unexcepted.append(f"{app.organisation.name} '{app.title}': {breach.label}")
    if unexcepted:
        raise ValidationError(
            [
                *unexcepted,
                _(
                    "규칙에 맞지 않는 배정이 있어 확정하지 않았습니다. 배정량을 조정하거나, "
                    "이 선정을 계산한 뒤 같은 풀에 다른 협약이 생겨 용량이 모자라면 "
                    "공고에서 선정을 다시 실행한 뒤 확정하세요. "
                    "규칙의 예외로 확정하려면 그 신청 줄에서 '예외 승인'에 사유를 적은 뒤 다시 확정하세요."
                ),
            ]
        )
    awards = []
    for line in lines:
        app = line.application
        app.status, app.awarded_amount, app.recommended_amount = _decision(line), line.final, line.optimised
        app.save(update_fields=["status", "awarded_amount", "recommended_amount", "updated_at"])
    for line in lines:
        app = line.application
        if line.final:
            award = Award.objects.create(
                application=app,
                call=call,
                organisation=app.organisation,
                resource=app.resource,
                pool=pools[app.resource],
                amount=line.final,
                start_month=app.start_month,
                months=app.months,
                tranche_share=call.tranche_share,
                slurm_account=slurm_account_for(app),
            )
            RuleException.objects.filter(
                Q(line=line) | Q(application=app, rule=RuleCode.ELIGIBILITY, award__isnull=True)
            ).update(award=award)
            awards.append(award)
    run.status = RunStatus.CONFIRMED
    run.save(update_fields=["status"])
    decision_notices_enqueue(run=run)
    audit.record(
        actor=actor,
        action="selection.confirm",
        target=run,
        scope=call,
        summary=_("선정 확정: 협약 %(n)s건") % {"n": len(awards)},
    )
    for award in awards:
        hooks.fire(events.AWARD_CONFIRMED, award=award, actor=actor)
    return awards
