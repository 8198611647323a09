"""Selection: checks, the greedy baseline and the CP-SAT optimiser.

The model, per application i with grant g_i (units per month) and award flag y_i:

* g_i = amount_i · y_i (all or nothing), or min_i · y_i ≤ g_i ≤ amount_i · y_i (partial allowed);
* Σ g_i over applications using resource r in month m ≤ capacity[r][m];
* Σ g_i over *returning* applicants using r in m ≤ capacity[r][m] − reserve[r][m] (newcomer share);
* Σ y_i per organisation ≤ max, and ≥ min(min, applications it made);
* maximise Σ round(100 · score_i) · months_i · g_i  (value = score × unit-months granted).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from sori.alloc._cpsat import SCORE_SCALE, build, weight
from sori.alloc._errors import InputError, Issue
from sori.alloc._explain import EXPLANATION_METHOD, explain
from sori.alloc._model import (
    Application,
    Award,
    Baseline,
    SelectionProblem,
    SelectionResult,
    SolveStatus,
    newcomer_reserve,
)

_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_problem(problem: SelectionProblem) -> list[Issue]:
    """Return every inconsistency in ``problem`` (empty when it can be solved)."""
    issues: list[Issue] = []
    if problem.months < 1:
        issues.append(Issue("months", "must be at least 1 (the number of months in the call's horizon)"))
    if problem.first_month is not None and not _MONTH_RE.match(problem.first_month):
        issues.append(Issue("first_month", f"must look like 2026-01; got {problem.first_month!r}"))
    for resource, caps in problem.capacity.items():
        if len(caps) != problem.months:
            issues.append(
                Issue(
                    f"capacity.{resource}", f"needs one value per month ({problem.months}); got {len(caps)}"
                )
            )
        if any(c < 0 for c in caps):
            issues.append(Issue(f"capacity.{resource}", "capacity cannot be negative"))
    rules = problem.rules
    if not 0 <= rules.newcomer_share <= 1:
        issues.append(Issue("rules.newcomer_share", "must be between 0 and 1 (e.g. 0.2 for 20%)"))
    if rules.max_awards_per_organisation is not None and rules.max_awards_per_organisation < 1:
        issues.append(
            Issue("rules.max_awards_per_organisation", "must be at least 1, or omitted for no limit")
        )
    if rules.min_awards_per_organisation < 0:
        issues.append(Issue("rules.min_awards_per_organisation", "cannot be negative"))
    if (
        rules.max_awards_per_organisation is not None
        and rules.min_awards_per_organisation > rules.max_awards_per_organisation
    ):
        issues.append(Issue("rules.min_awards_per_organisation", "cannot exceed max_awards_per_organisation"))
    if problem.time_limit_s <= 0:
        issues.append(Issue("time_limit_s", "must be positive (seconds)"))
    seen: dict[str, int] = {}
    for index, app in enumerate(problem.applications):
        issues.extend(_check_application(problem, index, app, seen))
    return issues


def _check_application(
    problem: SelectionProblem, index: int, app: Application, seen: dict[str, int]
) -> list[Issue]:
    where = f"applications[{index}]"
    issues: list[Issue] = []
    if app.id in seen:
        issues.append(Issue(f"{where}.id", f"{app.id!r} is already used by applications[{seen[app.id]}]"))
    seen.setdefault(app.id, index)
    if app.resource not in problem.capacity:
        known = ", ".join(sorted(problem.capacity)) or "none"
        issues.append(
            Issue(f"{where}.resource", f"{app.resource!r} has no capacity; known resources: {known}")
        )
    if app.score < 0:
        issues.append(Issue(f"{where}.score", "must be zero or more (higher is better)"))
    if app.amount < 1:
        issues.append(Issue(f"{where}.amount", "must be at least 1 unit per month"))
    if app.min_amount is not None and not 1 <= app.min_amount <= app.amount:
        issues.append(
            Issue(f"{where}.min_amount", f"must be between 1 and amount ({app.amount}), or omitted")
        )
    if app.months < 1:
        issues.append(Issue(f"{where}.months", "must be at least 1"))
    if app.start < 0 or app.end > problem.months:
        issues.append(
            Issue(
                f"{where}.start",
                f"months {app.start}..{app.end - 1} fall outside the call's window 0..{problem.months - 1}; "
                "move the start or shorten the request",
            )
        )
    elif not issues and app.resource in problem.capacity:
        caps = problem.capacity[app.resource]
        need = problem.minimum_grant(app)
        over = [m for m in app.month_range() if m < len(caps) and caps[m] < need]
        if over:
            field = "min_amount" if problem.partial_allowed(app) else "amount"
            issues.append(
                Issue(
                    f"{where}.{field}",
                    f"asks at least {need} {app.resource} per month but capacity in "
                    f"{problem.month_label(over[0])} is {caps[over[0]]}; "
                    "lower the request or allow a partial grant (min_amount)",
                )
            )
    return issues


def value_of(problem: SelectionProblem, grants: dict[str, int]) -> float:
    """Return Σ score × grant × months for ``grants`` (application id → units per month)."""
    return sum(weight(a) * grants.get(a.id, 0) for a in problem.applications) / SCORE_SCALE


def utilisation(problem: SelectionProblem, grants: dict[str, int]) -> tuple[float, dict[str, float]]:
    """Return granted unit-months over capacity unit-months, overall and per resource."""
    used: dict[str, int] = defaultdict(int)
    for app in problem.applications:
        used[app.resource] += grants.get(app.id, 0) * app.months
    per: dict[str, float] = {}
    for resource, caps in problem.capacity.items():
        total = sum(caps)
        per[resource] = used[resource] / total if total else 0.0
    all_cap = sum(sum(c) for c in problem.capacity.values())
    return (sum(used.values()) / all_cap if all_cap else 0.0), per


def greedy(problem: SelectionProblem) -> dict[str, int]:
    """Return a greedy-by-score selection: best score first, as much as still fits, else nothing.

    It respects capacity, the newcomer reserve and the organisation maximum, not the organisation minimum.
    """
    reserve = newcomer_reserve(problem)
    used: dict[tuple[str, int], int] = defaultdict(int)
    used_returning: dict[tuple[str, int], int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    limit = problem.rules.max_awards_per_organisation
    grants: dict[str, int] = {}
    for app in sorted(problem.applications, key=lambda a: (-a.score, a.id)):
        grants[app.id] = 0
        if limit is not None and count[app.organisation] >= limit:
            continue
        caps = problem.capacity[app.resource]
        free = app.amount
        for m in app.month_range():
            key = (app.resource, m)
            free = min(free, caps[m] - used[key])
            if not app.first_time:
                free = min(free, caps[m] - reserve.get(key, 0) - used_returning[key])
        if free < problem.minimum_grant(app):
            continue
        grants[app.id] = free
        count[app.organisation] += 1
        for m in app.month_range():
            used[(app.resource, m)] += free
            if not app.first_time:
                used_returning[(app.resource, m)] += free
    return grants


def solve(problem: SelectionProblem) -> SelectionResult:
    """Choose awards maximising Σ score × granted unit-months under the call's rules.

    Raise :class:`InputError` when the problem is inconsistent. The greedy baseline is computed on the same
    input, reported beside the result and given to CP-SAT as a hint. Not-fully-granted applications carry the
    constraints that bind them (see :data:`EXPLANATION_METHOD`).
    """
    issues = check_problem(problem)
    if issues:
        raise InputError(issues)
    started = time.perf_counter()
    base_grants = greedy(problem)
    base_util, _ = utilisation(problem, base_grants)
    baseline = Baseline(value_of(problem, base_grants), base_util, base_grants)

    reserve = newcomer_reserve(problem)
    built = build(problem, reserve)
    model, grant, flag = built.model, built.grant, built.flag
    for app in problem.applications:
        g = grant[app.id]
        if problem.partial_allowed(app) and isinstance(g, cp_model.IntVar):
            model.add_hint(g, base_grants[app.id])
        model.add_hint(flag[app.id], base_grants[app.id] > 0)

    model.maximize(built.objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = problem.time_limit_s
    solver.parameters.num_workers = problem.workers
    solver.parameters.random_seed = problem.seed
    if problem.relative_gap > 0:
        solver.parameters.relative_gap_limit = problem.relative_gap
    code = solver.solve(model)
    elapsed = time.perf_counter() - started

    status = {
        cp_model.OPTIMAL: SolveStatus.OPTIMAL,
        cp_model.FEASIBLE: SolveStatus.FEASIBLE,
        cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    }.get(code, SolveStatus.UNKNOWN)
    ranks = rank_by_score(problem.applications)
    if status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN):
        message = (
            "no selection satisfies every rule (check min_awards_per_organisation against capacity)"
            if status is SolveStatus.INFEASIBLE
            else "the solver found no selection within the time limit; raise time_limit_s"
        )
        awards = tuple(Award(a.id, a.amount, 0, a.months, ranks[a.id]) for a in problem.applications)
        return SelectionResult(
            status, 0.0, 0.0, 1.0, elapsed, awards, 0.0, {}, baseline, EXPLANATION_METHOD, message
        )

    grants = {app.id: int(solver.value(grant[app.id])) for app in problem.applications}
    objective = solver.objective_value / SCORE_SCALE + 0.0  # no -0.0
    bound = solver.best_objective_bound / SCORE_SCALE + 0.0
    gap = (bound - objective) / bound if bound > 0 else 0.0
    proven = status is SolveStatus.OPTIMAL and gap <= 1e-9
    message = ""
    if status is SolveStatus.OPTIMAL and not proven:
        # CP-SAT calls a solution inside relative_gap_limit "optimal"; we do not
        status = SolveStatus.FEASIBLE
        message = f"stopped within the requested relative gap {problem.relative_gap:g}"
    elif status is SolveStatus.FEASIBLE:
        message = "stopped at the time limit before proving optimality"
    reasons = explain(problem, grants, reserve, proven=proven)
    awards = tuple(
        Award(a.id, a.amount, grants[a.id], a.months, ranks[a.id], reasons.get(a.id, ()))
        for a in problem.applications
    )
    util, per = utilisation(problem, grants)
    return SelectionResult(
        status, objective, bound, gap, elapsed, awards, util, per, baseline, EXPLANATION_METHOD, message
    )


def rank_by_score(applications: tuple[Application, ...]) -> dict[str, int]:
    """Return competition ranks by score (1 = highest; equal scores share a rank: 1, 2, 2, 4)."""
    ordered = sorted(applications, key=lambda a: -a.score)
    ranks: dict[str, int] = {}
    for position, app in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        ranks[app.id] = ranks[previous.id] if previous and previous.score == app.score else position
    return ranks
