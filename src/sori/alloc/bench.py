"""``sori bench alloc``: time the optimiser on a synthetic call and the simulator on ten years of demand.

Targets (issue 6): 1,000 applications × 24 months × 3 resources optimal or within 1% of the bound in ≤ 10 s on
2 cores; 10 years × 200 projects × two rule sets in ≤ 5 s. The instance is described in ``_synthetic``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time

from sori.alloc._select import solve
from sori.alloc._simulate import DemandModel, RuleSet, SimulationConfig, simulate
from sori.alloc._simulate_io import comparison_table
from sori.alloc._synthetic import synthetic_problem


def run(argv: list[str]) -> int:
    """Run the benchmark, print its figures and return 0 when both targets are met, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="sori bench alloc", description=__doc__)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT threads (default 2)")
    parser.add_argument(
        "--time-limit", type=float, default=9.5, help="solver seconds (default 9.5: model build fits in 10 s)"
    )
    parser.add_argument(
        "--gap",
        type=float,
        default=0.005,
        help="stop once within this relative gap of the bound (default 0.005)",
    )
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args(argv)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPU(s), load average {load:.2f} at start")
    problem = dataclasses.replace(
        synthetic_problem(applications=args.applications, months=args.months, seed=args.seed),
        time_limit_s=args.time_limit,
        workers=args.workers,
        relative_gap=args.gap,
    )
    result = solve(problem)
    solve_ok = (
        result.wall_time_s <= 10.0 and result.gap <= 0.01 and result.status.value in ("OPTIMAL", "FEASIBLE")
    )
    print(
        f"selection: {len(problem.applications)} applications × {problem.months} months × "
        f"{len(problem.capacity)} resources, {args.workers} worker(s), seed {args.seed}"
    )
    print(f"  status {result.status.value}  time {result.wall_time_s:.2f} s  gap {result.gap:.3%}")
    print(f"  {'':10}{'weighted score':>18}{'utilisation':>14}{'awarded':>10}")
    awarded = sum(1 for a in result.awards if a.awarded)
    greedy_awarded = sum(1 for g in result.baseline.awarded.values() if g)
    print(f"  {'CP-SAT':10}{result.objective:>18,.1f}{result.utilisation:>14.1%}{awarded:>10}")
    print(
        f"  {'greedy':10}{result.baseline.objective:>18,.1f}{result.baseline.utilisation:>14.1%}"
        f"{greedy_awarded:>10}"
    )
    gain = (result.objective / result.baseline.objective - 1) if result.baseline.objective else 0.0
    print(
        f"  bound {result.best_bound:,.1f}; CP-SAT over greedy {gain:+.2%}; target ≤ 10 s and gap ≤ 1%: "
        f"{'met' if solve_ok else 'NOT met'}"
    )

    config = SimulationConfig(
        rule_sets=(
            RuleSet("6-month terms, re-selection", term_months=6),
            RuleSet(
                "12-month terms, renewal ×2",
                term_months=12,
                renewal=True,
                max_renewals=2,
                call_interval_months=6,
            ),
        ),
        years=args.years,
        seed=args.seed,
        demand=DemandModel(projects=args.projects),
    )
    started = time.perf_counter()
    comparison = simulate(config)
    elapsed = time.perf_counter() - started
    sim_ok = elapsed <= 5.0
    print(
        f"simulator: {args.years} years × {args.projects} projects × 2 rule sets in {elapsed:.3f} s "
        f"(target ≤ 5 s: {'met' if sim_ok else 'NOT met'})"
    )
    print(comparison_table(comparison))
    return 0 if solve_ok and sim_ok else 1
