"""The JSON layer: a documented input round-trips, and bad input names the field and says what to do."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sori.alloc import InputError, problem_from_json, problem_to_json, result_to_json, solve

GOOD: dict[str, Any] = {
    "first_month": "2026-01",
    "months": 6,
    "capacity": {"A100": 8, "H100": [4, 4, 4, 2, 2, 2]},
    "rules": {"max_awards_per_organisation": 2, "newcomer_share": 0.25, "allow_partial": True},
    "time_limit_s": 5,
    "applications": [
        {
            "id": "G-01",
            "organisation": "(주)빛고을AI",
            "score": 88.5,
            "resource": "A100",
            "amount": 4,
            "start": 0,
            "months": 6,
            "min_amount": 2,
        },
        {
            "id": "G-02",
            "organisation": "호남제조",
            "score": 71,
            "resource": "H100",
            "amount": 2,
            "start": 2,
            "months": 4,
            "first_time": True,
        },
        {
            "id": 3,
            "organisation": "광주대학교",
            "score": 64,
            "resource": "A100",
            "amount": 6,
            "start": 0,
            "months": 3,
            "min_amount": 3,
        },
    ],
}


def issues_of(data: object) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as error:
        problem_from_json(data)
    return [(i.path, i.message) for i in error.value.issues]


def test_documented_example_parses_solves_and_round_trips() -> None:
    problem = problem_from_json(GOOD)
    assert problem.capacity["A100"] == (8,) * 6
    assert problem.applications[2].id == "3"
    assert problem_from_json(problem_to_json(problem)) == problem
    out = result_to_json(solve(problem))
    assert out["status"] == "OPTIMAL"
    by_id = {a["id"]: a for a in out["awards"]}
    assert by_id["G-01"]["awarded"] == 4
    assert by_id["3"]["status"] == "partial" and by_id["3"]["binding"][0]["kind"] == "capacity"
    assert set(out) >= {"objective", "best_bound", "gap", "baseline_greedy", "explanation_method"}


def test_every_bad_field_is_named_at_once() -> None:
    data = copy.deepcopy(GOOD)
    data["applications"][0]["amount"] = "four"
    data["applications"][1]["sccore"] = 3
    data["applications"][2]["resource"] = "B200"
    data["rules"]["newcomer_share"] = 1.5
    found = issues_of(data)
    paths = [p for p, _ in found]
    assert "applications[0].amount" in paths
    assert ("applications[1].sccore", "unknown field; did you mean 'score'?") in found
    assert "rules.newcomer_share" in paths
    # semantic checks (unknown resource) run once the structure is right, so they can name real values
    data["applications"][0]["amount"] = 4
    del data["applications"][1]["sccore"]
    data["rules"]["newcomer_share"] = 0.2
    (only,) = issues_of(data)
    assert only[0] == "applications[2].resource" and "known resources: A100, H100" in only[1]


def test_structural_mistakes_have_plain_messages() -> None:
    assert issues_of([]) == [("(top level)", "must be a JSON object; got a list")]
    found = dict(issues_of({"months": 0, "applications": []}))
    assert "at least 1" in found["months"]
    assert "resource → units per month" in found["capacity"]
    data = copy.deepcopy(GOOD)
    data["capacity"]["H100"] = [4, 4]
    data["applications"][1]["start"] = 5
    found = dict(issues_of(data))
    assert "one value per month (6); got 2" in found["capacity.H100"]
    data = copy.deepcopy(GOOD)
    data["applications"][1]["start"] = 5
    assert "outside the call's window 0..5" in dict(issues_of(data))["applications[1].start"]
    data = copy.deepcopy(GOOD)
    data["applications"][1]["id"] = "G-01"
    assert "already used by applications[0]" in dict(issues_of(data))["applications[1].id"]
    data = copy.deepcopy(GOOD)
    data["applications"][0]["first_time"] = "yes"
    assert "true or false" in dict(issues_of(data))["applications[0].first_time"]
