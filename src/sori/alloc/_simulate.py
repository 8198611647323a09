"""Policy simulator: the same demand run under several allocation rule sets, month by month.

Model (also in docs/alloc.md). One pool of ``capacity`` units. A project needs ``amount`` units per month from
its arrival for ``duration`` months. Calls open every ``call_interval_months`` (default: the term length); at
a call every waiting project gets a full review scored ``quality + Normal(0, review_noise)`` and projects are
awarded best score first while they fit (first fit; the simulator does not run CP-SAT). An award lasts one
term, or less if the need ends sooner. When a term ends and the project still needs compute:

* without renewal it waits for the next call and competes again with a full review (re-selection);
* with renewal, while it has renewals left, a short renewal review passes if observed usage
  (``usage + Normal(0, 0.1)``) is at least ``renewal_min_usage``; a pass extends the award by one term on the
  same amount, a failure sends it back to the next call.

Metrics: continuity = share of served projects with no month without access between their first award and the
end of their need (or of the horizon); newcomer wait = months from arrival to first award; utilisation =
awarded (and used) unit-months over capacity unit-months; workload = full and renewal reviews and their hours.
All randomness comes from ``random.Random`` seeded from ``seed`` and the run number, identically for every
rule set (common random numbers), so results are reproducible and differences come from the rules.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Project:
    """A project's demand: ``amount`` units per month from month ``arrival`` for ``duration`` months.

    ``quality`` is its expected review score; ``usage`` the share of its award it really uses (0..1).
    """

    id: str
    arrival: int
    duration: int
    amount: int
    quality: float
    usage: float


@dataclass(frozen=True)
class DemandModel:
    """Synthetic demand: ``projects`` arrivals over the horizon, ``initial_share`` of them already waiting."""

    projects: int = 200
    initial_share: float = 0.15
    amounts: tuple[int, ...] = (1, 2, 2, 4, 4, 8)
    duration_min: int = 6
    duration_max: int = 36
    quality_mean: float = 70.0
    quality_sd: float = 10.0
    usage_mean: float = 0.75


@dataclass(frozen=True)
class RuleSet:
    """Allocation rules under test."""

    name: str
    term_months: int
    renewal: bool = False
    max_renewals: int = 0
    renewal_min_usage: float = 0.5
    call_interval_months: int | None = None

    @property
    def interval(self) -> int:
        """Return the months between calls."""
        return self.call_interval_months or self.term_months


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate: horizon, capacity, demand (synthetic or given) and the rule sets to compare."""

    rule_sets: tuple[RuleSet, ...]
    years: int = 10
    capacity: int = 64
    seed: int = 1
    runs: int = 1
    demand: DemandModel = field(default_factory=DemandModel)
    projects: tuple[Project, ...] | None = None
    review_noise: float = 8.0
    full_review_hours: float = 6.0
    renewal_review_hours: float = 1.5

    @property
    def months(self) -> int:
        """Return the horizon in months."""
        return self.years * 12


@dataclass(frozen=True)
class Outcome:
    """One rule set's results, pooled over runs.

    The ``yearly_*`` series are for charts: awarded utilisation per year, and the share of project-months of
    need spent without access by projects that had been served before (interruption).
    """

    rule_set: str
    projects: int
    served: int
    continuity: float
    mean_wait_months: float
    median_wait_months: float
    never_served: float
    utilisation: float
    used_utilisation: float
    full_reviews: int
    renewal_reviews: int
    review_hours: float
    yearly_utilisation: tuple[float, ...]
    yearly_interruption: tuple[float, ...]


@dataclass(frozen=True)
class Comparison:
    """The outcomes of every rule set on the same demand, in input order."""

    outcomes: tuple[Outcome, ...]
    years: int
    capacity: int
    runs: int
    seed: int


def synthetic_projects(config: SimulationConfig, run: int) -> tuple[Project, ...]:
    """Return the seeded synthetic demand of one run."""
    model = config.demand
    rng = random.Random(config.seed * 1_000_003 + run)
    out = []
    for i in range(model.projects):
        arrival = 0 if rng.random() < model.initial_share else rng.randrange(config.months)
        usage = min(1.0, max(0.05, rng.gauss(model.usage_mean, 0.2)))
        out.append(
            Project(
                id=f"P{i + 1:04d}",
                arrival=arrival,
                duration=rng.randint(model.duration_min, model.duration_max),
                amount=rng.choice(model.amounts),
                quality=rng.gauss(model.quality_mean, model.quality_sd),
                usage=usage,
            )
        )
    return tuple(out)


@dataclass
class _Tally:
    served: int = 0
    interrupted: int = 0
    waits: list[int] = field(default_factory=list)
    never: int = 0
    projects: int = 0
    awarded: float = 0.0
    used: float = 0.0
    full: int = 0
    renewals: int = 0
    yearly_awarded: list[float] = field(default_factory=list)
    yearly_interrupted: list[int] = field(default_factory=list)
    yearly_needing: list[int] = field(default_factory=list)


def _run(
    config: SimulationConfig, rules: RuleSet, projects: tuple[Project, ...], run: int, tally: _Tally
) -> None:
    rng = random.Random(config.seed * 7_919 + run)
    months = config.months
    arrivals: dict[int, list[Project]] = {}
    for p in projects:
        if p.arrival < months:
            arrivals.setdefault(p.arrival, []).append(p)
    active: dict[str, tuple[Project, int, int]] = {}  # id → (project, end month, renewals used)
    waiting: dict[str, Project] = {}
    first_award: dict[str, int] = {}
    interrupted: set[str] = set()
    if len(tally.yearly_awarded) < config.years:
        tally.yearly_awarded = [0.0] * config.years
        tally.yearly_interrupted = [0] * config.years
        tally.yearly_needing = [0] * config.years
    for t in range(months):
        for p in arrivals.get(t, ()):
            waiting[p.id] = p
        for pid in [pid for pid, (_, end, _) in active.items() if end == t]:
            p, _, used_renewals = active.pop(pid)
            remaining = p.arrival + p.duration - t
            if remaining <= 0:
                continue
            if rules.renewal and used_renewals < rules.max_renewals:
                tally.renewals += 1
                if p.usage + rng.gauss(0, 0.1) >= rules.renewal_min_usage:
                    active[pid] = (p, t + min(rules.term_months, remaining), used_renewals + 1)
                    continue
            waiting[pid] = p
        for pid in [pid for pid, p in waiting.items() if p.arrival + p.duration <= t]:
            del waiting[pid]
        if t % rules.interval == 0 and waiting:
            free = config.capacity - sum(p.amount for p, _, _ in active.values())
            bids = sorted(
                ((p.quality + rng.gauss(0, config.review_noise), pid) for pid, p in sorted(waiting.items())),
                reverse=True,
            )
            tally.full += len(bids)
            for _, pid in bids:
                p = waiting[pid]
                if p.amount <= free:
                    free -= p.amount
                    del waiting[pid]
                    remaining = p.arrival + p.duration - t
                    active[pid] = (p, t + min(rules.term_months, remaining), 0)
                    first_award.setdefault(pid, t)
        year = t // 12
        for p, _, _ in active.values():
            tally.awarded += p.amount
            tally.used += p.amount * p.usage
            tally.yearly_awarded[year] += p.amount
        for pid in waiting:
            tally.yearly_needing[year] += 1
            if pid in first_award:
                tally.yearly_interrupted[year] += 1
                interrupted.add(pid)
        tally.yearly_needing[year] += len(active)
    for p in projects:
        if p.arrival >= months:
            continue
        tally.projects += 1
        if p.id in first_award:
            tally.served += 1
            tally.waits.append(first_award[p.id] - p.arrival)
            tally.interrupted += p.id in interrupted
        else:
            tally.never += 1


def simulate(config: SimulationConfig) -> Comparison:
    """Run every rule set on the same demand (``config.projects`` or synthetic) and return their outcomes."""
    tallies = [_Tally() for _ in config.rule_sets]
    for run in range(config.runs):
        projects = config.projects if config.projects is not None else synthetic_projects(config, run)
        for rules, tally in zip(config.rule_sets, tallies, strict=True):
            _run(config, rules, projects, run, tally)
    capacity_months = config.capacity * config.months * config.runs
    outcomes = []
    for rules, tally in zip(config.rule_sets, tallies, strict=True):
        per_year_capacity = config.capacity * 12 * config.runs
        outcomes.append(
            Outcome(
                rule_set=rules.name,
                projects=tally.projects,
                served=tally.served,
                continuity=1 - tally.interrupted / tally.served if tally.served else 0.0,
                mean_wait_months=statistics.fmean(tally.waits) if tally.waits else 0.0,
                median_wait_months=statistics.median(tally.waits) if tally.waits else 0.0,
                never_served=tally.never / tally.projects if tally.projects else 0.0,
                utilisation=tally.awarded / capacity_months if capacity_months else 0.0,
                used_utilisation=tally.used / capacity_months if capacity_months else 0.0,
                full_reviews=tally.full,
                renewal_reviews=tally.renewals,
                review_hours=tally.full * config.full_review_hours
                + tally.renewals * config.renewal_review_hours,
                yearly_utilisation=tuple(a / per_year_capacity for a in tally.yearly_awarded),
                yearly_interruption=tuple(
                    i / n if n else 0.0
                    for i, n in zip(tally.yearly_interrupted, tally.yearly_needing, strict=True)
                ),
            )
        )
    return Comparison(tuple(outcomes), config.years, config.capacity, config.runs, config.seed)
