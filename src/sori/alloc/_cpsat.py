"""The CP-SAT model of a selection, shared by the optimiser and by the explanation's re-solves.

:func:`build` writes the model of ``_select``'s docstring. A :class:`Lift` writes it with one rule lifted for
one application only, so the explanation can ask "had this rule not applied to you, would you get more?".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model

from sori.alloc._model import Application, SelectionProblem

SCORE_SCALE = 100  # CP-SAT needs integer coefficients: scores are kept to 0.01


class Rule(StrEnum):
    """A rule that can be lifted for one application."""

    NEWCOMER_RESERVE = "newcomer_reserve"
    ORGANISATION_MAX = "organisation_max"
    MINIMUM = "minimum"  # all-or-nothing, or the applicant's minimum partial grant


@dataclass(frozen=True)
class Lift:
    """Lift ``rule`` for application ``app_id`` only, which holds ``kept`` units per month at the solution.

    NEWCOMER_RESERVE: only the units above ``kept`` are exempt from the returning applicants' share.
    ORGANISATION_MAX: the application does not count towards its organisation's maximum.
    MINIMUM: the application may be granted any amount from 1 unit per month.
    """

    app_id: str
    rule: Rule
    kept: int = 0


@dataclass
class Built:
    model: cp_model.CpModel
    grant: dict[str, cp_model.LinearExprT]
    flag: dict[str, cp_model.IntVar]
    objective: cp_model.LinearExprT


def weight(app: Application) -> int:
    """Return the objective's coefficient of one unit per month granted to ``app``."""
    return round(app.score * SCORE_SCALE) * app.months


def build(problem: SelectionProblem, reserve: dict[tuple[str, int], int], lift: Lift | None = None) -> Built:
    """Return the selection model (variables, constraints and the objective expression, not yet maximised)."""
    model = cp_model.CpModel()
    grant: dict[str, cp_model.LinearExprT] = {}
    flag: dict[str, cp_model.IntVar] = {}
    for app in problem.applications:
        y = model.new_bool_var(f"y_{app.id}")
        flag[app.id] = y
        lifted_minimum = lift is not None and lift.app_id == app.id and lift.rule is Rule.MINIMUM
        if problem.partial_allowed(app) or (lifted_minimum and app.amount > 1):
            g = model.new_int_var(0, app.amount, f"g_{app.id}")
            least = 1 if lifted_minimum else problem.minimum_grant(app)
            model.add(g >= least * y)
            model.add(g <= app.amount * y)
            grant[app.id] = g
        else:
            grant[app.id] = app.amount * y

    by_cell: dict[tuple[str, int], list[Application]] = defaultdict(list)
    for app in problem.applications:
        for m in app.month_range():
            by_cell[(app.resource, m)].append(app)
    exempt = lift if lift is not None and lift.rule is Rule.NEWCOMER_RESERVE else None
    for (resource, m), apps in by_cell.items():
        cap = problem.capacity[resource][m]
        if sum(a.amount for a in apps) > cap:  # skip rows that can never bind
            model.add(sum(grant[a.id] for a in apps) <= cap)
        returning = [a for a in apps if not a.first_time]
        held = reserve.get((resource, m), 0)
        if held and sum(a.amount for a in returning) > cap - held:
            counted = [grant[a.id] for a in returning if exempt is None or a.id != exempt.app_id]
            kept = exempt.kept if exempt is not None and len(counted) < len(returning) else 0
            if counted:
                model.add(sum(counted) + kept <= cap - held)

    by_org: dict[str, list[Application]] = defaultdict(list)
    for app in problem.applications:
        by_org[app.organisation].append(app)
    rules = problem.rules
    uncounted = lift.app_id if lift is not None and lift.rule is Rule.ORGANISATION_MAX else None
    for apps in by_org.values():
        limit = rules.max_awards_per_organisation
        counted_apps = [a for a in apps if a.id != uncounted]
        if limit is not None and len(counted_apps) > limit:
            model.add(sum(flag[a.id] for a in counted_apps) <= limit)
        least = min(rules.min_awards_per_organisation, len(apps))
        if least:
            model.add(sum(flag[a.id] for a in apps) >= least)

    objective = sum(weight(a) * grant[a.id] for a in problem.applications)
    return Built(model, grant, flag, objective)
