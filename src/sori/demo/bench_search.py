"""``sori bench search``: the staff header search on the demo, timed per request through the whole page.

The demo is loaded into a throw-away test database (SQLite in memory by default; a ``test_…`` database next
to ``SORI_DATABASE_URL`` on PostgreSQL), so nothing touches the configured one. Each term is searched as
staff (every kind) and as a department officer (their own demands), ``--rounds`` times after one warm-up,
and the page's time is printed as p50, p95 and the slowest, against the 300 ms target.
"""

from __future__ import annotations

import argparse
import statistics
import time

TERMS = ("사관학교", "GPU", "솔트룩스", "간담회", "실증 공간", "데이터센터 연장")
TARGET_MS = 300.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(argv: list[str]) -> int:
    """Run the benchmark and print one row per role and term; returns 0 (1 if a p95 misses the target)."""
    parser = argparse.ArgumentParser(prog="sori bench search")
    parser.add_argument("--rounds", type=int, default=30, help="timed requests per term and role")
    args = parser.parse_args(argv)

    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    from sori.core.roles import Role
    from sori.demo.loader import demo_load

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    missed = False
    try:
        demo_load()
        roles = {
            "staff": User.objects.filter(profile__role=Role.STAFF).order_by("id").first(),
            "officer": User.objects.filter(profile__role=Role.OFFICER).order_by("id").first(),
        }
        print(f"header search on the demo, {args.rounds} requests per row (target p95 ≤ {TARGET_MS:.0f} ms)")
        print(f"{'role':<8} {'term':<14} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for role, user in roles.items():
            if user is None:
                continue
            client = Client()
            client.force_login(user)
            for term in TERMS:
                url = "/staff/search/?" + f"q={term}"
                client.get(url)  # warm-up: templates and the first query plans
                times = []
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        raise SystemExit(f"{url} as {role}: HTTP {response.status_code}")
                p95 = _percentile(times, 0.95)
                missed |= p95 > TARGET_MS
                print(
                    f"{role:<8} {term:<14} {statistics.median(times):>8.1f} {p95:>8.1f} {max(times):>8.1f}",
                    flush=True,
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 1 if missed else 0
