"""Why an application got less than it asked for: the rule or the capacity that bound it.

Method (stated in every result). For each application granted less than it asked, its next increment is its
minimum grant if it got nothing, one more unit per month if it got part. Each rule that applies to it — the
newcomer reserve (a returning applicant), the organisation maximum, its all-or-nothing request or its minimum
partial grant — is lifted for that application alone, and the rule is named when, so lifted, the application
gets more: either the increment fits beside every other award as it stands, or a re-solve finds a strictly
better selection that gives it more. When no rule does, capacity bound it: the months where fewer units are
free than the increment are named. At a proven optimum an application with a positive score is always bound by
something; when the solver stopped early and nothing blocks the increment, that is said instead of a reason.

Re-solves are single-threaded with a fixed seed and a deterministic work limit, so the same problem always
gets the same reasons. Calls over :data:`RESOLVE_MAX_APPLICATIONS` applications, or lines past
:data:`RESOLVE_BUDGET` re-solves, use the first test only (the increment beside every other award).
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from sori.alloc._cpsat import Lift, Rule, build, weight
from sori.alloc._model import Application, Binding, BindingKind, SelectionProblem

RESOLVE_MAX_APPLICATIONS = 100
RESOLVE_BUDGET = 150
RESOLVE_DETERMINISTIC_S = 0.5

EXPLANATION_METHOD = (
    "the rule that bound each line: the newcomer reserve, the organisation maximum and the line's "
    "all-or-nothing request or minimum partial grant are each lifted for that line alone; a rule is named "
    "when the line then gets more (its next increment fits beside the other awards, or a deterministic "
    "re-solve finds a strictly better selection giving it more); otherwise the months where capacity is "
    "used up are named"
)


class _Solution:
    """The returned selection's usage per resource-month, returning applicants' usage and awards per org."""

    def __init__(self, problem: SelectionProblem, grants: dict[str, int]) -> None:
        self.used: dict[tuple[str, int], int] = defaultdict(int)
        self.used_returning: dict[tuple[str, int], int] = defaultdict(int)
        self.count: dict[str, int] = defaultdict(int)
        for app in problem.applications:
            g = grants[app.id]
            if g:
                self.count[app.organisation] += 1
            for m in app.month_range():
                self.used[(app.resource, m)] += g
                if not app.first_time:
                    self.used_returning[(app.resource, m)] += g


class _Explainer:
    def __init__(
        self,
        problem: SelectionProblem,
        grants: dict[str, int],
        reserve: dict[tuple[str, int], int],
        proven: bool,
    ) -> None:
        self.problem = problem
        self.grants = grants
        self.reserve = reserve
        self.solution = _Solution(problem, grants)
        self.limit = problem.rules.max_awards_per_organisation
        self.resolve = proven and len(problem.applications) <= RESOLVE_MAX_APPLICATIONS
        self.budget = RESOLVE_BUDGET
        self.floor = sum(weight(a) * grants[a.id] for a in problem.applications) + 1
        self.proven = proven

    # -- what the line could hold beside every other award, month by month

    def room(self, app: Application, m: int) -> int:
        """Return the units ``app`` could hold in month ``m`` within capacity, others fixed."""
        return (
            self.problem.capacity[app.resource][m]
            - self.solution.used[(app.resource, m)]
            + self.grants[app.id]
        )

    def room_returning(self, app: Application, m: int) -> int:
        """Return the units a returning ``app`` could hold in ``m`` within the returning share."""
        key = (app.resource, m)
        cap = self.problem.capacity[app.resource][m]
        return cap - self.reserve.get(key, 0) - self.solution.used_returning[key] + self.grants[app.id]

    def org_full(self, app: Application) -> bool:
        return (
            self.grants[app.id] == 0
            and self.limit is not None
            and self.solution.count[app.organisation] >= self.limit
        )

    def fits(self, app: Application, target: int, lifted: Rule | None = None) -> bool:
        """Return whether ``app`` could hold ``target`` beside the others, ``lifted`` not applied."""
        if lifted is not Rule.ORGANISATION_MAX and self.org_full(app):
            return False
        for m in app.month_range():
            if self.room(app, m) < target:
                return False
            if (
                not app.first_time
                and lifted is not Rule.NEWCOMER_RESERVE
                and self.room_returning(app, m) < target
            ):
                return False
        return True

    def gets_more(self, app: Application, rule: Rule, target: int) -> bool:
        """Return whether lifting ``rule`` for ``app`` alone lets it hold ``target`` units per month."""
        if self.fits(app, target, rule):
            return app.score > 0
        if not self.resolve or self.budget <= 0 or not self.may_gain(app, target):
            return False
        self.budget -= 1
        built = build(self.problem, self.reserve, Lift(app.id, rule, self.grants[app.id]))
        built.model.add(built.grant[app.id] >= target)
        built.model.add(built.objective >= self.floor)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.problem.seed
        solver.parameters.max_deterministic_time = RESOLVE_DETERMINISTIC_S
        return solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    def may_gain(self, app: Application, target: int) -> bool:
        """Return False when ``app`` cannot hold ``target`` whatever the other grants: in one of its months
        the units it lacks are held by no other line of this selection (existing awards took them)."""
        covered: set[int] = set()
        for other in self.problem.applications:
            if other.id != app.id and other.resource == app.resource and self.grants[other.id]:
                covered.update(other.month_range())
        return all(self.room(app, m) >= target or m in covered for m in app.month_range())

    # -- the reasons

    def explain(self, app: Application) -> tuple[Binding, ...]:
        problem = self.problem
        g = self.grants[app.id]
        step = problem.minimum_grant(app) if g == 0 else 1
        target = g + step
        months = tuple(app.month_range())
        if self.fits(app, target):
            return (self.unblocked(),)
        bound: list[Binding] = []
        reserve_months = tuple(
            m for m in months if not app.first_time and self.reserve.get((app.resource, m), 0) > 0
        )
        if reserve_months and self.gets_more(app, Rule.NEWCOMER_RESERVE, target):
            blocked = (
                tuple(m for m in reserve_months if self.room_returning(app, m) < target) or reserve_months
            )
            tightest = min(blocked, key=lambda m: (self.room_returning(app, m), m))
            bound.append(
                Binding(
                    BindingKind.NEWCOMER_RESERVE,
                    f"{self.reserve[(app.resource, tightest)]} unit(s) of {app.resource} in "
                    f"{_months(problem, blocked)} are reserved for first-time applicants; "
                    f"without the reserve this application would get more",
                    resource=app.resource,
                    months=blocked,
                    free=max(0, self.room_returning(app, tightest) - g),
                    needed=step,
                    reserved=self.reserve[(app.resource, tightest)],
                )
            )
        if self.org_full(app) and self.gets_more(app, Rule.ORGANISATION_MAX, target):
            bound.append(self.organisation_binding(app))
        if g == 0 and step > 1 and self.gets_more(app, Rule.MINIMUM, 1):
            bound.append(self.minimum_binding(app, step))
        if bound:
            return tuple(bound)
        found: list[Binding] = []
        if self.org_full(app):
            found.append(self.organisation_binding(app))
        free = {m: self.room(app, m) - g for m in months}
        short = tuple(m for m in months if free[m] < step)
        if short:
            found.append(_capacity_binding(problem, app.resource, short, free, step))
        return tuple(found) or (self.unblocked(),)

    def unblocked(self) -> Binding:
        if not self.proven:
            return Binding(
                BindingKind.NOT_PROVEN,
                "no constraint blocks a larger grant; the solver stopped before proving optimality "
                "(raise time_limit_s)",
            )
        return Binding(BindingKind.ZERO_SCORE, "a score of 0 adds nothing to the objective")

    def organisation_binding(self, app: Application) -> Binding:
        count = self.solution.count[app.organisation]
        return Binding(
            BindingKind.ORGANISATION_MAX,
            f"{app.organisation} already has {count} award(s), the maximum per organisation",
            organisation=app.organisation,
            limit=self.limit,
        )

    def minimum_binding(self, app: Application, step: int) -> Binding:
        months = tuple(app.month_range())
        rooms = [self.room(app, m) for m in months]
        if not app.first_time:
            rooms += [self.room_returning(app, m) for m in months]
        could = max(0, min(min(rooms), step - 1))
        if self.problem.partial_allowed(app):
            return Binding(
                BindingKind.BELOW_MINIMUM,
                f"only {could} unit(s) of {app.resource} could be granted, below the minimum partial grant "
                f"of {step}",
                resource=app.resource,
                months=months,
                free=could,
                needed=step,
            )
        beside = f" ({could} unit(s) fit beside the other awards)" if could else ""
        return Binding(
            BindingKind.ALL_OR_NOTHING,
            f"asked all or nothing for {step} unit(s) of {app.resource}; a partial grant would have got "
            f"some{beside}",
            resource=app.resource,
            months=months,
            free=could,
            needed=step,
        )


def explain(
    problem: SelectionProblem,
    grants: dict[str, int],
    reserve: dict[tuple[str, int], int],
    *,
    proven: bool,
) -> dict[str, tuple[Binding, ...]]:
    """Return what bound every application whose grant is below its request (see the module docstring)."""
    explainer = _Explainer(problem, grants, reserve, proven)
    return {app.id: explainer.explain(app) for app in problem.applications if grants[app.id] < app.amount}


def _capacity_binding(
    problem: SelectionProblem, resource: str, short: tuple[int, ...], free: dict[int, int], step: int
) -> Binding:
    tightest = min(short, key=lambda m: (free[m], m))
    return Binding(
        BindingKind.CAPACITY,
        f"capacity of {resource} is used up in {_months(problem, short)} "
        f"({max(free[tightest], 0)} free, {step} needed)",
        resource=resource,
        months=short,
        free=max(free[tightest], 0),
        needed=step,
    )


def _months(problem: SelectionProblem, months: tuple[int, ...]) -> str:
    """Return ``2026-03..2026-05, 2026-09`` style ranges."""
    spans: list[tuple[int, int]] = []
    for m in months:
        if spans and spans[-1][1] == m - 1:
            spans[-1] = (spans[-1][0], m)
        else:
            spans.append((m, m))
    parts = [
        problem.month_label(a) if a == b else f"{problem.month_label(a)}..{problem.month_label(b)}"
        for a, b in spans
    ]
    return ", ".join(parts)
