"""A seeded synthetic call, for the benchmark and for tests.

Assumptions (also in docs/alloc.md): resources A100/H100/L40S requested by 50/30/20% of applications; amount
per month drawn from {1, 2, 2, 4, 4, 8}; duration from {3, 6, 6, 9, 12, 12} months with a uniform start that
fits the horizon; score ~ Normal(70, 12) clipped to 0..100 and kept to 0.1; 70% accept a partial grant down to
half their amount; 30% are first-time applicants; about three applications per organisation. Capacity per
resource is flat and set to ``1 / oversubscription`` of the average monthly demand for that resource.
"""

from __future__ import annotations

import math
import random

from sori.alloc._model import Application, Rules, SelectionProblem

RESOURCES = (("A100", 0.5), ("H100", 0.3), ("L40S", 0.2))


def synthetic_problem(
    *,
    applications: int = 1000,
    months: int = 24,
    seed: int = 1,
    oversubscription: float = 2.0,
    rules: Rules | None = None,
    time_limit_s: float = 10.0,
    workers: int = 2,
) -> SelectionProblem:
    """Return a reproducible call with ``applications`` applications over ``months`` months."""
    rng = random.Random(seed)
    organisations = max(1, applications // 3)
    apps: list[Application] = []
    for i in range(applications):
        resource = rng.choices([r for r, _ in RESOURCES], weights=[w for _, w in RESOURCES])[0]
        amount = rng.choice((1, 2, 2, 4, 4, 8))
        length = min(months, rng.choice((3, 6, 6, 9, 12, 12)))
        start = rng.randint(0, months - length)
        score = round(min(100.0, max(0.0, rng.gauss(70, 12))), 1)
        partial = rng.random() < 0.7 and amount > 1
        apps.append(
            Application(
                id=f"A{i + 1:04d}",
                organisation=f"org{rng.randrange(organisations) + 1:03d}",
                score=score,
                resource=resource,
                amount=amount,
                start=start,
                months=length,
                min_amount=math.ceil(amount / 2) if partial else None,
                first_time=rng.random() < 0.3,
            )
        )
    capacity: dict[str, tuple[int, ...]] = {}
    for resource, _ in RESOURCES:
        demand = sum(a.amount * a.months for a in apps if a.resource == resource) / months
        capacity[resource] = (max(1, round(demand / oversubscription)),) * months
    return SelectionProblem(
        months=months,
        capacity=capacity,
        applications=tuple(apps),
        rules=rules or Rules(max_awards_per_organisation=3, newcomer_share=0.2, allow_partial=True),
        time_limit_s=time_limit_s,
        workers=workers,
        seed=seed,
    )
