"""The optimiser: brute-force optimum, every rule respected, honest reasons for what was not granted."""

from __future__ import annotations

import itertools
import math
import random
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sori.alloc import (
    Application,
    BindingKind,
    InputError,
    Rules,
    SelectionProblem,
    SolveStatus,
    greedy,
    newcomer_reserve,
    solve,
    synthetic_problem,
)
from sori.alloc._explain import explain


def app(
    id: str,
    score: float,
    amount: int,
    *,
    org: str | None = None,
    resource: str = "A100",
    start: int = 0,
    months: int = 3,
    min_amount: int | None = None,
    first_time: bool = False,
) -> Application:
    return Application(id, org or f"org-{id}", score, resource, amount, start, months, min_amount, first_time)


def problem(*apps: Application, capacity: int = 10, months: int = 3, **rules: object) -> SelectionProblem:
    return SelectionProblem(
        months=months,
        capacity={"A100": (capacity,) * months, "H100": (capacity,) * months},
        applications=apps,
        rules=Rules(**rules),
        time_limit_s=10,
        workers=1,
    )


def feasible(p: SelectionProblem, grants: dict[str, int]) -> bool:
    """Check a selection against the rules, written out independently of the solver."""
    rules = p.rules
    share = rules.newcomer_share
    used: dict[tuple[str, int], int] = defaultdict(int)
    returning: dict[tuple[str, int], int] = defaultdict(int)
    newcomer_ask: dict[tuple[str, int], int] = defaultdict(int)
    per_org: dict[str, int] = defaultdict(int)
    orgs: dict[str, int] = defaultdict(int)
    for a in p.applications:
        g = grants[a.id]
        orgs[a.organisation] += 1
        partial = rules.allow_partial and a.min_amount is not None and a.min_amount < a.amount
        if g and not (
            g == a.amount or (partial and a.min_amount is not None and a.min_amount <= g <= a.amount)
        ):
            return False
        per_org[a.organisation] += g > 0
        for m in range(a.start, a.start + a.months):
            used[(a.resource, m)] += g
            if a.first_time:
                newcomer_ask[(a.resource, m)] += a.amount
            else:
                returning[(a.resource, m)] += g
    for (r, m), u in used.items():
        cap = p.capacity[r][m]
        reserve = min(newcomer_ask[(r, m)], math.ceil(share * cap - 1e-9)) if share else 0
        if u > cap or returning[(r, m)] > cap - reserve:
            return False
    for org, n in orgs.items():
        if rules.max_awards_per_organisation is not None and per_org[org] > rules.max_awards_per_organisation:
            return False
        if per_org[org] < min(rules.min_awards_per_organisation, n):
            return False
    return True


def brute_force(p: SelectionProblem) -> float | None:
    options = []
    for a in p.applications:
        partial = p.rules.allow_partial and a.min_amount is not None and a.min_amount < a.amount
        low = a.min_amount if partial and a.min_amount is not None else a.amount
        options.append([0, *range(low, a.amount + 1)])
    best: float | None = None
    for combo in itertools.product(*options):
        grants = {a.id: g for a, g in zip(p.applications, combo, strict=True)}
        if feasible(p, grants):
            value = sum(round(a.score * 100) * a.months * grants[a.id] for a in p.applications) / 100
            best = value if best is None else max(best, value)
    return best


@st.composite
def small_problems(draw: st.DrawFn) -> SelectionProblem:
    months = draw(st.integers(1, 4))
    n = draw(st.integers(1, 6))
    apps = []
    for i in range(n):
        length = draw(st.integers(1, months))
        amount = draw(st.integers(1, 4))
        apps.append(
            Application(
                id=f"a{i}",
                organisation=draw(st.sampled_from(["x", "y", "z"])),
                score=draw(st.integers(0, 100)) / 2,
                resource=draw(st.sampled_from(["A100", "H100"])),
                amount=amount,
                start=draw(st.integers(0, months - length)),
                months=length,
                min_amount=draw(st.one_of(st.none(), st.integers(1, amount))),
                first_time=draw(st.booleans()),
            )
        )
    cap = draw(st.integers(4, 8))  # ≥ the largest request: over-capacity requests are refused as bad input
    rules = Rules(
        max_awards_per_organisation=draw(st.one_of(st.none(), st.integers(1, 2))),
        min_awards_per_organisation=draw(st.sampled_from([0, 0, 1])),
        newcomer_share=draw(st.sampled_from([0.0, 0.25, 0.5])),
        allow_partial=draw(st.booleans()),
    )
    return SelectionProblem(
        months,
        {"A100": (cap,) * months, "H100": (4,) * months},
        tuple(apps),
        rules,
        time_limit_s=10,
        workers=1,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_optimum_matches_brute_force_on_small_instances(p: SelectionProblem) -> None:
    # given a call small enough to enumerate every grant combination
    expected = brute_force(p)
    # when the optimiser chooses
    result = solve(p)
    # then it proves the same optimum, or infeasibility when no combination satisfies the rules
    if expected is None:
        assert result.status is SolveStatus.INFEASIBLE
        assert all(a.awarded == 0 for a in result.awards)
    else:
        assert result.status is SolveStatus.OPTIMAL
        assert result.objective == pytest.approx(expected)
        assert feasible(p, {a.application_id: a.awarded for a in result.awards})
        if p.rules.min_awards_per_organisation == 0:  # greedy ignores organisation minimums
            assert result.objective >= result.baseline.objective - 1e-9


def test_synthetic_call_respects_capacity_org_max_and_newcomer_reserve() -> None:
    p = synthetic_problem(applications=150, months=12, seed=5, time_limit_s=5, workers=1)
    result = solve(p)
    grants = {a.application_id: a.awarded for a in result.awards}
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert feasible(p, grants)
    assert feasible(p, dict(greedy(p)))
    # the reserve is real: returning applicants leave room that only newcomers may use
    reserve = newcomer_reserve(p)
    assert any(reserve.values())
    assert result.objective >= result.baseline.objective
    assert 0 < result.utilisation <= 1


def test_all_or_nothing_loser_is_told_capacity_is_used_up() -> None:
    # given two requests for all 10 units, the better-scored one wins
    result = solve(problem(app("A", 90, 10), app("B", 80, 10)))
    assert result.award("A").awarded == 10
    loser = result.award("B")
    assert loser.awarded == 0 and loser.status == "none" and loser.rank == 2
    assert [b.kind for b in loser.binding] == [BindingKind.CAPACITY]
    assert loser.binding[0].months == (0, 1, 2)
    assert "A100" in loser.binding[0].message


def test_partial_grant_takes_what_is_left() -> None:
    result = solve(problem(app("big", 50, 8, min_amount=2), app("best", 90, 6)))
    assert result.award("best").awarded == 6
    partial = result.award("big")
    assert (partial.awarded, partial.status) == (4, "partial")
    assert partial.binding[0].kind is BindingKind.CAPACITY


def test_too_little_left_for_the_minimum_partial_grant() -> None:
    result = solve(problem(app("A", 90, 8), app("B", 50, 6, min_amount=4)))
    assert result.award("B").awarded == 0
    (reason,) = result.award("B").binding
    assert reason.kind is BindingKind.BELOW_MINIMUM
    assert "only 2 unit(s)" in reason.message and "minimum partial grant of 4" in reason.message


def test_organisation_maximum_is_named() -> None:
    result = solve(
        problem(app("A1", 90, 2, org="acme"), app("A2", 80, 2, org="acme"), max_awards_per_organisation=1)
    )
    assert result.award("A1").awarded == 2
    (reason,) = result.award("A2").binding
    assert reason.kind is BindingKind.ORGANISATION_MAX and reason.organisation == "acme"


def test_newcomer_reserve_is_named_when_it_alone_holds_capacity_back() -> None:
    # given a newcomer whose organisation is capped by its own better application elsewhere,
    # the reserve it would have used stays closed to the returning applicant
    p = problem(
        app("R", 90, 10, min_amount=1),
        app("N", 10, 3, org="acme", first_time=True),
        app("X", 99, 2, org="acme", resource="H100"),
        newcomer_share=0.3,
        max_awards_per_organisation=1,
    )
    result = solve(p)
    assert result.award("R").awarded == 7
    assert [b.kind for b in result.award("R").binding] == [BindingKind.NEWCOMER_RESERVE]
    assert [b.kind for b in result.award("N").binding] == [BindingKind.ORGANISATION_MAX]


def test_unproven_solution_is_not_given_an_invented_reason() -> None:
    p = problem(app("A", 90, 2))
    reasons = explain(p, {"A": 0}, {}, proven=False)
    assert [b.kind for b in reasons["A"]] == [BindingKind.NOT_PROVEN]


def test_ties_share_a_rank_and_month_labels_are_readable() -> None:
    p = problem(app("A", 80, 10), app("B", 80, 10), app("C", 70, 1))
    p = SelectionProblem(p.months, p.capacity, p.applications, p.rules, first_month="2026-11", workers=1)
    result = solve(p)
    assert sorted(a.rank for a in result.awards) == [1, 1, 3]
    loser = next(a for a in result.awards if a.application_id in "AB" and a.awarded == 0)
    assert "2026-11..2027-01" in loser.binding[0].message


def test_minimum_per_organisation_that_cannot_be_met_is_infeasible_not_a_crash() -> None:
    result = solve(problem(app("A", 90, 10), app("B", 80, 10), min_awards_per_organisation=1))
    assert result.status is SolveStatus.INFEASIBLE
    assert "min_awards_per_organisation" in result.message


def test_request_over_capacity_or_outside_window_is_refused() -> None:
    with pytest.raises(InputError) as error:
        solve(problem(app("A", 90, 12), app("B", 50, 1, start=2, months=3)))
    paths = [issue.path for issue in error.value.issues]
    assert paths == ["applications[0].amount", "applications[1].start"]


def test_bench_sized_instance_beats_greedy_within_one_percent() -> None:
    # a quarter of the benchmark, to keep the suite fast; the full size is `sori bench alloc`
    rng = random.Random(3)
    p = synthetic_problem(applications=250, months=24, seed=rng.randrange(100), time_limit_s=8, workers=2)
    result = solve(p)
    assert result.gap <= 0.01
    assert result.objective >= result.baseline.objective
