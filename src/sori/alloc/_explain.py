"""Why an application got less than it asked for: the constraints that are tight against it.

Method (stated in every result): hold every other award fixed at the returned solution and try to give the
application its next increment — its minimum grant if it got nothing, one more unit per month if it got part.
Every constraint that increment would break is reported. At a proven optimum with a positive score at least
one must break (otherwise the increment would raise the objective); when the solver stopped early the
application may be unblocked, and it is reported as such instead of inventing a reason.
"""

from __future__ import annotations

from collections import defaultdict

from sori.alloc._model import Binding, BindingKind, SelectionProblem

EXPLANATION_METHOD = (
    "tight constraints at the returned solution: the application's next increment (its minimum grant if it "
    "got nothing, one unit per month if it got part) is tried with every other award held fixed; each "
    "constraint it would break is listed"
)


def explain(
    problem: SelectionProblem,
    grants: dict[str, int],
    reserve: dict[tuple[str, int], int],
    *,
    proven: bool,
) -> dict[str, tuple[Binding, ...]]:
    """Return the binding constraints of every application whose grant is below its request."""
    used: dict[tuple[str, int], int] = defaultdict(int)
    used_returning: dict[tuple[str, int], int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for app in problem.applications:
        g = grants[app.id]
        if g:
            count[app.organisation] += 1
        for m in app.month_range():
            used[(app.resource, m)] += g
            if not app.first_time:
                used_returning[(app.resource, m)] += g
    limit = problem.rules.max_awards_per_organisation
    out: dict[str, tuple[Binding, ...]] = {}
    for app in problem.applications:
        g = grants[app.id]
        if g >= app.amount:
            continue
        step = problem.minimum_grant(app) if g == 0 else 1
        caps = problem.capacity[app.resource]
        found: list[Binding] = []
        if g == 0 and limit is not None and count[app.organisation] >= limit:
            found.append(
                Binding(
                    BindingKind.ORGANISATION_MAX,
                    f"{app.organisation} already has {count[app.organisation]} award(s), the maximum per "
                    "organisation",
                    organisation=app.organisation,
                )
            )
        free = {m: caps[m] - used[(app.resource, m)] for m in app.month_range()}
        short = tuple(m for m, f in free.items() if f < step)
        if short:
            found.append(_capacity_binding(problem, app.resource, short, free, step, g, app.amount))
        if not app.first_time:
            held = tuple(
                m
                for m in app.month_range()
                if free[m] >= step
                and caps[m] - reserve.get((app.resource, m), 0) - used_returning[(app.resource, m)] < step
            )
            if held:
                found.append(
                    Binding(
                        BindingKind.NEWCOMER_RESERVE,
                        f"capacity of {app.resource} left in {_months(problem, held)} is reserved for "
                        "first-time applicants",
                        resource=app.resource,
                        months=held,
                    )
                )
        if not found:
            if not proven:
                found.append(
                    Binding(
                        BindingKind.NOT_PROVEN,
                        "no constraint blocks a larger grant; the solver stopped before proving optimality "
                        "(raise time_limit_s)",
                    )
                )
            else:
                found.append(Binding(BindingKind.ZERO_SCORE, "a score of 0 adds nothing to the objective"))
        out[app.id] = tuple(found)
    return out


def _capacity_binding(
    problem: SelectionProblem,
    resource: str,
    short: tuple[int, ...],
    free: dict[int, int],
    step: int,
    granted: int,
    requested: int,
) -> Binding:
    tightest = min(short, key=lambda m: (free[m], m))
    if granted == 0 and step < requested and all(free[m] >= 1 for m in short):
        return Binding(
            BindingKind.BELOW_MINIMUM,
            f"only {free[tightest]} unit(s) of {resource} free in {problem.month_label(tightest)}, below the "
            f"minimum partial grant of {step}",
            resource=resource,
            months=short,
        )
    return Binding(
        BindingKind.CAPACITY,
        f"capacity of {resource} is used up in {_months(problem, short)} "
        f"({max(free[tightest], 0)} free, {step} needed)",
        resource=resource,
        months=short,
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
