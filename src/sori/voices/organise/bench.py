"""Benchmark of the "similar while typing" endpoint against a database of stored proposals (not a test).

    python -m sori.voices.organise.bench --proposals 20000 --queries 200

Builds a throw-away SQLite database in a temporary folder, stores synthetic ~150-character proposals (from
the shared petitions when present) with one demand per 50 proposals, then times ``/staff/proposals/
similar.json`` through Django's test client: the first call (index build), then p50/p95 of later calls.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--proposals", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    os.environ.setdefault("SORI_DATA_DIR", tempfile.mkdtemp(prefix="sori-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sori.config.settings.test"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from sori.core.models import Profile
    from sori.core.roles import Role
    from sori.voices.models import Demand, Proposal

    call_command("migrate", verbosity=0)
    texts = _texts(args.proposals)
    now = timezone.now()
    Proposal.objects.bulk_create((Proposal(text=t, received_at=now) for t in texts), batch_size=2000)
    ids = list(Proposal.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), 50):
        demand = Demand.objects.create(title=texts[start][:100])
        Proposal.objects.filter(id__in=ids[start : start + 3]).update(demand=demand)
    user = User.objects.create_user("bench")
    Profile.objects.create(user=user, role=Role.STAFF)
    client = Client()
    client.force_login(user)
    rng = random.Random(1)
    queries = [t[: rng.randint(20, 80)] for t in rng.sample(texts, min(args.queries, len(texts)))]
    started = time.perf_counter()
    client.get("/staff/proposals/similar.json", {"text": queries[0]})
    first = time.perf_counter() - started
    times = []
    for q in queries:
        started = time.perf_counter()
        response = client.get("/staff/proposals/similar.json", {"text": q})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"proposals stored: {len(texts):,}; demands: {Demand.objects.count():,}")
    print(f"first call (builds the indexes, loads Kiwi): {first:.2f} s")
    print(f"similar.json over {len(times)} queries: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")
    return 0


def _texts(n: int) -> list[str]:
    try:
        from sori.text.bench import _default_data, _petitions, synthetic

        return [t for t, _c in synthetic(_petitions(_default_data()), n)]
    except OSError:
        rng = random.Random(0)
        words = ["GPU", "사용기간", "연장", "갱신", "실증", "공간", "데이터", "개방", "제조", "AI", "교육"]
        return [" ".join(rng.choice(words) for _ in range(25)) for _ in range(n)]


if __name__ == "__main__":
    raise SystemExit(main())
