"""JSON in and out for selection (the format is documented in docs/alloc.md)."""

from __future__ import annotations

from typing import Any

from sori.alloc._errors import InputError, Issue
from sori.alloc._fields import Reader
from sori.alloc._model import Application, Award, Binding, Rules, SelectionProblem, SelectionResult
from sori.alloc._select import check_problem

PROBLEM_FIELDS = (
    "months",
    "first_month",
    "capacity",
    "applications",
    "rules",
    "time_limit_s",
    "workers",
    "seed",
    "relative_gap",
)
RULE_FIELDS = (
    "max_awards_per_organisation",
    "min_awards_per_organisation",
    "newcomer_share",
    "allow_partial",
)
APPLICATION_FIELDS = (
    "id",
    "organisation",
    "score",
    "resource",
    "amount",
    "start",
    "months",
    "min_amount",
    "first_time",
)


def problem_from_json(data: object) -> SelectionProblem:
    """Build a SelectionProblem from parsed JSON; raise :class:`InputError` naming each bad field."""
    issues: list[Issue] = []
    top = Reader(data, "", issues, PROBLEM_FIELDS)
    if not top.data:
        raise InputError(issues or [Issue("(top level)", "is empty; see docs/alloc.md for the format")])
    months = top.integer("months", minimum=1)
    capacity = _capacity(top, months, issues)
    rules_reader = Reader(top.data.get("rules", {}), "rules", issues, RULE_FIELDS)
    rules = Rules(
        max_awards_per_organisation=rules_reader.optional_integer("max_awards_per_organisation", minimum=1),
        min_awards_per_organisation=rules_reader.integer("min_awards_per_organisation", 0, minimum=0),
        newcomer_share=rules_reader.number("newcomer_share", 0.0, minimum=0.0, maximum=1.0),
        allow_partial=rules_reader.boolean("allow_partial", True),
    )
    applications = []
    for index, item in enumerate(top.array("applications")):
        app = Reader(item, f"applications[{index}]", issues, APPLICATION_FIELDS)
        if not app.data:
            continue
        applications.append(
            Application(
                id=_identifier(app, "id"),
                organisation=app.text("organisation"),
                score=app.number("score", minimum=0.0),
                resource=app.text("resource"),
                amount=app.integer("amount", minimum=1),
                start=app.integer("start", minimum=0),
                months=app.integer("months", minimum=1),
                min_amount=app.optional_integer("min_amount", minimum=1),
                first_time=app.boolean("first_time", False),
            )
        )
    first_month = top.text("first_month") if top.has("first_month") else None
    problem = SelectionProblem(
        months=months,
        capacity=capacity,
        applications=tuple(applications),
        rules=rules,
        time_limit_s=top.number("time_limit_s", 10.0),
        workers=top.integer("workers", 2, minimum=1),
        seed=top.integer("seed", 0),
        relative_gap=top.number("relative_gap", 0.0, minimum=0.0),
        first_month=first_month,
    )
    if issues:
        raise InputError(issues)
    issues = check_problem(problem)
    if issues:
        raise InputError(issues)
    return problem


def _identifier(app: Reader, key: str) -> str:
    value = app.raw(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return app.text(key)


def _capacity(top: Reader, months: int, issues: list[Issue]) -> dict[str, tuple[int, ...]]:
    raw = top.raw("capacity")
    if not isinstance(raw, dict) or not raw:
        issues.append(
            Issue("capacity", 'is required: an object of resource → units per month, e.g. {"A100": 16}')
        )
        return {}
    capacity: dict[str, tuple[int, ...]] = {}
    for resource, value in raw.items():
        path = f"capacity.{resource}"
        if isinstance(value, int) and not isinstance(value, bool):
            capacity[resource] = (value,) * max(months, 0)
        elif isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            capacity[resource] = tuple(value)
        else:
            issues.append(
                Issue(
                    path, "must be a whole number (same every month) or a list of one whole number per month"
                )
            )
    return capacity


def problem_to_json(problem: SelectionProblem) -> dict[str, Any]:
    """Return the JSON form of ``problem`` (round-trips through :func:`problem_from_json`)."""
    out: dict[str, Any] = {
        "months": problem.months,
        "capacity": {r: list(c) for r, c in problem.capacity.items()},
        "rules": {
            "max_awards_per_organisation": problem.rules.max_awards_per_organisation,
            "min_awards_per_organisation": problem.rules.min_awards_per_organisation,
            "newcomer_share": problem.rules.newcomer_share,
            "allow_partial": problem.rules.allow_partial,
        },
        "time_limit_s": problem.time_limit_s,
        "workers": problem.workers,
        "seed": problem.seed,
        "relative_gap": problem.relative_gap,
        "applications": [
            {
                "id": a.id,
                "organisation": a.organisation,
                "score": a.score,
                "resource": a.resource,
                "amount": a.amount,
                "start": a.start,
                "months": a.months,
                "min_amount": a.min_amount,
                "first_time": a.first_time,
            }
            for a in problem.applications
        ],
    }
    if problem.first_month is not None:
        out["first_month"] = problem.first_month
    return out


def result_to_json(result: SelectionResult) -> dict[str, Any]:
    """Return the JSON form of a selection result (documented in docs/alloc.md)."""
    return {
        "status": result.status.value,
        "message": result.message,
        "objective": round(result.objective, 4),
        "best_bound": round(result.best_bound, 4),
        "gap": round(result.gap, 6),
        "wall_time_s": round(result.wall_time_s, 3),
        "utilisation": round(result.utilisation, 4),
        "utilisation_by_resource": {r: round(u, 4) for r, u in result.utilisation_by_resource.items()},
        "baseline_greedy": {
            "objective": round(result.baseline.objective, 4),
            "utilisation": round(result.baseline.utilisation, 4),
            "awarded": dict(result.baseline.awarded),
        },
        "explanation_method": result.explanation_method,
        "awards": [_award_json(a) for a in result.awards],
    }


def _award_json(award: Award) -> dict[str, Any]:
    return {
        "id": award.application_id,
        "rank": award.rank,
        "requested": award.requested,
        "awarded": award.awarded,
        "months": award.months,
        "status": award.status,
        "binding": [_binding_json(b) for b in award.binding],
    }


def _binding_json(binding: Binding) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": binding.kind.value, "message": binding.message}
    if binding.resource is not None:
        out["resource"] = binding.resource
    if binding.months:
        out["months"] = list(binding.months)
    if binding.organisation is not None:
        out["organisation"] = binding.organisation
    for name in ("free", "needed", "reserved", "limit"):
        value = getattr(binding, name)
        if value is not None:
            out[name] = value
    return out
