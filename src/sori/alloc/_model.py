"""Plain data for selection: what goes into the optimiser and what comes out.

Units: an application asks for ``amount`` units of one resource (e.g. A100 GPUs) in every month of ``[start,
start + months)``; months are 0-based indices into the call's horizon. Capacity is units per resource per
month. Scores are review scores (higher is better, ≥ 0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Application:
    """An application (신청): ``amount`` units of ``resource`` per month for ``months`` months from ``start``.

    ``min_amount`` is the smallest per-month grant the applicant accepts; ``None`` means all or nothing.
    """

    id: str
    organisation: str
    score: float
    resource: str
    amount: int
    start: int
    months: int
    min_amount: int | None = None
    first_time: bool = False

    @property
    def end(self) -> int:
        """Return the first month after the request (exclusive end)."""
        return self.start + self.months

    def month_range(self) -> range:
        """Return the months the request covers."""
        return range(self.start, self.end)


@dataclass(frozen=True)
class Rules:
    """Selection rules of a call.

    ``max_awards_per_organisation`` / ``min_awards_per_organisation`` count awarded applications (any amount >
    0). The minimum applies to each organisation up to the number of applications it made. ``newcomer_share``
    reserves that share of each resource-month's capacity for first-time applicants, but never more than
    first-time applicants ask for in that resource-month (see :func:`newcomer_reserve`). ``allow_partial``
    lets the optimiser grant between ``min_amount`` and ``amount`` per month.
    """

    max_awards_per_organisation: int | None = None
    min_awards_per_organisation: int = 0
    newcomer_share: float = 0.0
    allow_partial: bool = True


@dataclass(frozen=True)
class SelectionProblem:
    """A call's selection: horizon, capacity, applications and rules.

    ``capacity[resource][month]`` is in units; every application's resource must be a key and its months must
    lie in ``range(months)`` (the JSON layer checks this; :func:`check_problem` does it for Python callers).
    """

    months: int
    capacity: Mapping[str, tuple[int, ...]]
    applications: tuple[Application, ...]
    rules: Rules = field(default_factory=Rules)
    time_limit_s: float = 10.0
    workers: int = 2
    seed: int = 0
    relative_gap: float = 0.0
    first_month: str | None = None

    def month_label(self, month: int) -> str:
        """Return ``2026-03`` style labels when ``first_month`` (``YYYY-MM``) is set, else ``month 3``."""
        if self.first_month is None:
            return f"month {month}"
        year, mon = (int(part) for part in self.first_month.split("-"))
        index = year * 12 + (mon - 1) + month
        return f"{index // 12:04d}-{index % 12 + 1:02d}"

    def partial_allowed(self, app: Application) -> bool:
        """Return whether ``app`` may receive less than it asked for."""
        return self.rules.allow_partial and app.min_amount is not None and app.min_amount < app.amount

    def minimum_grant(self, app: Application) -> int:
        """Return the smallest non-zero per-month grant for ``app``."""
        if self.partial_allowed(app) and app.min_amount is not None:
            return max(1, app.min_amount)
        return app.amount


def newcomer_reserve(problem: SelectionProblem) -> dict[tuple[str, int], int]:
    """Return the units per (resource, month) that only first-time applicants may use.

    The reserve is ``ceil(newcomer_share × capacity)`` capped by what first-time applicants request in that
    resource-month, so a reservation nobody asked for is never left empty.
    """
    share = problem.rules.newcomer_share
    reserve: dict[tuple[str, int], int] = {}
    if share <= 0:
        return reserve
    demand: dict[tuple[str, int], int] = {}
    for app in problem.applications:
        if app.first_time:
            for m in app.month_range():
                demand[(app.resource, m)] = demand.get((app.resource, m), 0) + app.amount
    for (resource, m), asked in demand.items():
        cap = problem.capacity[resource][m]
        # the epsilon keeps 0.2 × 10 from becoming 3 through float noise
        reserve[(resource, m)] = min(asked, math.ceil(share * cap - 1e-9))
    return reserve


class SolveStatus(StrEnum):
    """How far the solver got: OPTIMAL is proven; FEASIBLE is a solution with a gap to ``best_bound``."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"


class BindingKind(StrEnum):
    """Why an application did not get all it asked for."""

    CAPACITY = "capacity"
    BELOW_MINIMUM = "below_minimum"
    ALL_OR_NOTHING = "all_or_nothing"
    NEWCOMER_RESERVE = "newcomer_reserve"
    ORGANISATION_MAX = "organisation_max"
    NOT_PROVEN = "not_proven_optimal"
    ZERO_SCORE = "zero_score"


@dataclass(frozen=True)
class Binding:
    """One constraint that stops an application from getting more, with a sentence staff can read.

    The figures, where they apply (units per month): ``free`` what the application could hold beside the other
    awards, ``needed`` its next increment (or its all-or-nothing amount), ``reserved`` the newcomer reserve in
    the tightest month, ``limit`` the awards allowed per organisation.
    """

    kind: BindingKind
    message: str
    resource: str | None = None
    months: tuple[int, ...] = ()
    organisation: str | None = None
    free: int | None = None
    needed: int | None = None
    reserved: int | None = None
    limit: int | None = None


@dataclass(frozen=True)
class Award:
    """The outcome for one application: per-month grant, rank by score (1 = best; ties share a rank), why."""

    application_id: str
    requested: int
    awarded: int
    months: int
    rank: int
    binding: tuple[Binding, ...] = ()

    @property
    def status(self) -> str:
        """Return ``full``, ``partial`` or ``none``."""
        if self.awarded >= self.requested:
            return "full"
        return "partial" if self.awarded > 0 else "none"


@dataclass(frozen=True)
class Baseline:
    """Greedy-by-score selection on the same input, for comparison."""

    objective: float
    utilisation: float
    awarded: Mapping[str, int]


@dataclass(frozen=True)
class SelectionResult:
    """The optimiser's answer.

    ``objective`` and ``best_bound`` are Σ score × granted units per month × months (scores rounded to 0.01);
    ``gap`` is ``(best_bound − objective) / best_bound``. ``utilisation`` is granted unit-months over capacity
    unit-months, overall and per resource.
    """

    status: SolveStatus
    objective: float
    best_bound: float
    gap: float
    wall_time_s: float
    awards: tuple[Award, ...]
    utilisation: float
    utilisation_by_resource: Mapping[str, float]
    baseline: Baseline
    explanation_method: str
    message: str = ""

    def award(self, application_id: str) -> Award:
        """Return the award for ``application_id`` (KeyError if there is none)."""
        for award in self.awards:
            if award.application_id == application_id:
                return award
        raise KeyError(application_id)
