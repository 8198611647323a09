"""Each line not fully granted names what bound it: the months of capacity, the organisation maximum, the
newcomer reserve or its all-or-nothing request — never capacity when a rule held the units back."""

from __future__ import annotations

import time

from sori.alloc import (
    Application,
    BindingKind,
    Rules,
    SelectionProblem,
    problem_from_json,
    problem_to_json,
    result_to_json,
    solve,
    synthetic_problem,
)


def app(
    id: str,
    score: float,
    amount: int,
    *,
    org: str | None = None,
    start: int = 0,
    months: int = 1,
    min_amount: int | None = None,
    first_time: bool = False,
) -> Application:
    return Application(id, org or f"org-{id}", score, "H100", amount, start, months, min_amount, first_time)


def problem(*apps: Application, capacity: int, months: int = 1, **rules: object) -> SelectionProblem:
    return SelectionProblem(
        months=months,
        capacity={"H100": (capacity,) * months},
        applications=apps,
        rules=Rules(**rules),
        first_month="2026-01",
        workers=1,
    )


def kinds(p: SelectionProblem, app_id: str) -> list[BindingKind]:
    return [b.kind for b in solve(p).award(app_id).binding]


def test_a_returning_firm_held_back_by_the_newcomer_reserve_is_told_so_not_that_capacity_is_full() -> None:
    # given the reported case: 5 H100, 40 % kept for newcomers; a returning firm scoring 85 asks 4, all or
    # nothing, and a newcomer scoring 65.9 asks 2 (1 at least)
    p = problem(
        app("R", 85, 4),
        app("N", 65.9, 2, min_amount=1, first_time=True),
        capacity=5,
        newcomer_share=0.4,
    )
    # when the optimiser chooses
    result = solve(p)
    # then the newcomer gets 2 and the returning firm nothing
    assert (result.award("N").awarded, result.award("R").awarded) == (2, 0)
    # and the returning firm is told the two rules that bound it, and not that capacity was full
    reserve, all_or_nothing = result.award("R").binding
    assert reserve.kind is BindingKind.NEWCOMER_RESERVE and reserve.reserved == 2
    assert (reserve.free, reserve.needed, reserve.months) == (3, 4, (0,))
    assert all_or_nothing.kind is BindingKind.ALL_OR_NOTHING
    assert (all_or_nothing.free, all_or_nothing.needed) == (3, 4)


def test_the_newcomer_reserve_alone() -> None:
    # given a returning firm that accepts a partial grant
    p = problem(
        app("R", 85, 4, min_amount=1),
        app("N", 65.9, 2, min_amount=1, first_time=True),
        capacity=5,
        newcomer_share=0.4,
    )
    result = solve(p)
    # then it gets the 3 units the reserve leaves it, and the reserve is what bound it
    assert result.award("R").awarded == 3
    assert kinds(p, "R") == [BindingKind.NEWCOMER_RESERVE]


def test_a_newcomer_that_would_win_on_merit_anyway_leaves_capacity_as_the_reason() -> None:
    # given a newcomer that asks 2, all or nothing: taking its units would lower the total score
    p = problem(
        app("R", 85, 4, min_amount=1),
        app("N", 65.9, 2, first_time=True),
        capacity=5,
        newcomer_share=0.4,
    )
    assert solve(p).award("R").awarded == 3
    assert kinds(p, "R") == [BindingKind.CAPACITY]


def test_capacity_names_exactly_the_months_that_are_full() -> None:
    # given 10 H100 for four months, all of March and April taken by a better-scored request
    p = problem(
        app("A", 90, 10, start=2, months=2),
        app("B", 80, 2, start=0, months=4),
        capacity=10,
        months=4,
    )
    result = solve(p)
    assert (result.award("A").awarded, result.award("B").awarded) == (10, 0)
    (reason,) = result.award("B").binding
    assert reason.kind is BindingKind.CAPACITY
    assert (reason.months, reason.free, reason.needed) == ((2, 3), 0, 2)
    assert "2026-03..2026-04" in reason.message


def test_the_organisation_maximum_alone() -> None:
    p = problem(
        app("A1", 90, 2, org="acme"), app("A2", 80, 2, org="acme"), capacity=10, max_awards_per_organisation=1
    )
    (reason,) = solve(p).award("A2").binding
    assert reason.kind is BindingKind.ORGANISATION_MAX
    assert (reason.organisation, reason.limit) == ("acme", 1)


def test_all_or_nothing_alone() -> None:
    # given 3 units left after a better request, and a firm that asked 4 all or nothing
    p = problem(app("X", 90, 7), app("Y", 80, 4), capacity=10)
    result = solve(p)
    assert result.award("Y").awarded == 0
    (reason,) = result.award("Y").binding
    assert reason.kind is BindingKind.ALL_OR_NOTHING
    assert (reason.free, reason.needed) == (3, 4)


def test_reasons_are_the_same_every_time_and_reach_the_json_output() -> None:
    p = problem(
        app("R", 85, 4),
        app("N", 65.9, 2, min_amount=1, first_time=True),
        capacity=5,
        newcomer_share=0.4,
    )
    first = result_to_json(solve(p))
    again = result_to_json(solve(problem_from_json(problem_to_json(p))))
    by_id = {a["id"]: a["binding"] for a in first["awards"]}
    assert by_id == {a["id"]: a["binding"] for a in again["awards"]}
    assert [b["kind"] for b in by_id["R"]] == ["newcomer_reserve", "all_or_nothing"]
    assert by_id["R"][0]["reserved"] == 2 and by_id["R"][1]["free"] == 3


def test_a_call_of_a_hundred_applications_is_explained_in_seconds() -> None:
    p = synthetic_problem(applications=100, months=12, seed=5, time_limit_s=5, workers=1)
    started = time.perf_counter()
    result = solve(p)
    assert time.perf_counter() - started < 20
    short = [a for a in result.awards if a.awarded < a.requested]
    assert short and all(a.binding for a in short)
