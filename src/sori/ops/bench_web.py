"""``sori bench web``: requests per second and latency of the busiest pages, served as in production.

    sori bench web                      # 100,000 proposals in 20,000 demands over 10 years, on PostgreSQL
    sori bench web --quick              # 5,000 proposals: a smoke run of the whole procedure

Not a test: it builds (once, then reuses) a database ``sori_bench`` on the PostgreSQL server of
``--database-url`` with a generated record — organisations, series and meetings, proposals with real Korean
text (``../shared/data/petitions-dev.jsonl`` when present), demands, answers — starts the production server
(gunicorn workers with the production settings, behind which a TLS proxy would sit: requests carry
``X-Forwarded-Proto: https``) on loopback, and drives it with a bounded client of its own: ``N`` connections,
each sending its next request as soon as the last one is answered, for ``--seconds`` per point. It prints
requests per second and p50/p95/p99 for each page and number of clients.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sori_bench"
PETITIONS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "petitions-dev.jsonl"


@dataclass(frozen=True)
class Size:
    proposals: int
    demands: int
    organisations: int
    meetings: int
    years: int


FULL = Size(proposals=100_000, demands=20_000, organisations=2_000, meetings=500, years=10)
QUICK = Size(proposals=5_000, demands=1_000, organisations=200, meetings=50, years=10)


# ----------------------------------------------------------------------------------------------------
# The database


def _ensure_database(url: str) -> None:
    """Create the benchmark's database on the server if it does not exist (never touches any other)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _texts(n: int, rng: random.Random) -> list[str]:
    pool: list[str] = []
    if PETITIONS.exists():
        for line in PETITIONS.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            text = " ".join(str(row.get("content", "")).split())
            pool += [
                text[i : i + 300] for i in range(0, min(len(text), 1500), 300) if len(text[i : i + 300]) > 40
            ]
    if not pool:
        words = "GPU 사용기간 연장 실증 공간 인재 채용 데이터 규제 특례 제조 AX 매칭 예산 지원 조례 개정"
        pool = [" ".join(rng.choices(words.split(), k=30)) for _ in range(500)]
    return [rng.choice(pool) for _ in range(n)]


def generate(size: Size, *, seed: int = 7) -> None:
    """Fill an empty database with a record of ``size``, in bulk (a benchmark record, not a demo)."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from sori.core.models import Profile
    from sori.core.roles import Role
    from sori.engagement.models import Engagement, Series
    from sori.policy.models import Disposition, ReasonCode
    from sori.registry.models import Organisation, OrganisationKind, organisation_key
    from sori.voices.models import Demand, Moderation, Proposal, Stage, Theme
    from sori.voices.outcomes import Outcome

    rng = random.Random(seed)
    now = timezone.now()
    start = now - dt.timedelta(days=365 * size.years)

    def moment() -> dt.datetime:
        return start + dt.timedelta(seconds=rng.randrange(int((now - start).total_seconds())))

    themes = [
        Theme.objects.create(code=f"t{i}", name=name, order=i)
        for i, name in enumerate(
            ["GPU·컴퓨팅", "실증", "인재", "데이터", "규제·법제도", "제조 AX", "투자·자금", "기타"]
        )
    ]
    departments = Organisation.objects.bulk_create(
        Organisation(
            name=f"광주광역시 부서{i:02d}",
            name_key=organisation_key(f"광주광역시 부서{i:02d}"),
            kind=OrganisationKind.DEPARTMENT,
        )
        for i in range(12)
    )
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"㈜벤치기업{i:04d}",
                name_key=organisation_key(f"㈜벤치기업{i:04d}"),
                kind=OrganisationKind.COMPANY,
                public_name_consent=rng.random() < 0.7,
            )
            for i in range(size.organisations)
        ),
        batch_size=2_000,
    )
    series = [Series.objects.create(title=f"{2016 + i % size.years}년 AI기업 간담회 {i}") for i in range(50)]
    meetings = Engagement.objects.bulk_create(
        Engagement(
            series=series[i % len(series)],
            round=i // len(series) + 1,
            title=f"제{i + 1}차 간담회",
            starts_at=moment(),
        )
        for i in range(size.meetings)
    )
    texts = _texts(size.proposals, rng)
    demands = Demand.objects.bulk_create(
        (
            Demand(
                title=texts[i][:120],
                theme=rng.choice(themes),
                department=rng.choice(departments),
                stage=Stage.ANSWERED if i % 10 < 7 else Stage.ASSIGNED,
                outcome=rng.choice(list(Outcome.values)) if i % 10 < 7 else "",
                published=i % 10 < 8,
                answer_due=(now + dt.timedelta(days=rng.randint(-300, 30))).date(),
                assigned_at=moment(),
            )
            for i in range(size.demands)
        ),
        batch_size=2_000,
    )
    Proposal.objects.bulk_create(
        (
            Proposal(
                text=texts[i],
                organisation=rng.choice(organisations),
                engagement=rng.choice(meetings),
                received_at=moment(),
                moderation=Moderation.ACCEPTED,
                demand=demands[i % len(demands)] if i < size.proposals * 0.95 else None,
            )
            for i in range(size.proposals)
        ),
        batch_size=5_000,
    )
    Disposition.objects.bulk_create(
        (
            Disposition(
                demand=d,
                outcome=d.outcome,
                reason_code=ReasonCode.BUDGET,
                reason="예산 사정과 국가 지침을 검토한 결과입니다.",
                limits="내년 예산 편성 때 다시 검토합니다.",
                referred_to="과학기술정보통신부" if d.outcome == Outcome.REFERRED else "",
                department=d.department,
                decided_at=moment(),
            )
            for d in demands
            if d.outcome
        ),
        batch_size=5_000,
    )
    staff = User.objects.create_user("bench-staff", "bench@example.kr", "bench-password-2026")
    Profile.objects.create(user=staff, role=Role.STAFF)


def _session_cookie() -> str:
    """Return a session cookie of the benchmark's staff user, made the way a login makes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from sori.core.idle_sessions import touch

    user = User.objects.get(username="bench-staff")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    touch(session)
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# ----------------------------------------------------------------------------------------------------
# The server and the client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(kind: str, workers: int, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    if kind == "gunicorn":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "sori.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "sori.cli",
            "serve",
            "--port",
            str(port),
            "--threads",
            str(workers * 4),
        ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                output = (process.stderr.read() if process.stderr else b"").decode()
                raise RuntimeError(output[-2000:]) from None
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start within 60 s")


@dataclass
class Point:
    page: str
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    def quantile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


async def _one(port: int, path: str, headers: str) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        f"Accept-Encoding: gzip\r\nConnection: close\r\n{headers}\r\n"
    )
    writer.write(request.encode())
    await writer.drain()
    status_line = await reader.readline()
    await reader.read()  # the server closes the connection after the body
    writer.close()
    status = int(status_line.split()[1]) if status_line else 0
    return status, (time.perf_counter() - started) * 1000


async def _drive(port: int, paths: Callable[[], str], clients: int, seconds: float, headers: str) -> Point:
    latencies: list[float] = []
    errors = 0
    warm_until = time.perf_counter() + min(1.0, seconds / 5)
    stop_at = warm_until + seconds

    async def client() -> None:
        nonlocal errors
        while time.perf_counter() < stop_at:
            try:
                status, ms = await asyncio.wait_for(_one(port, paths(), headers), timeout=30)
            except (OSError, TimeoutError):
                status, ms = 0, 0.0
            if time.perf_counter() < warm_until:
                continue
            if status == 200:
                latencies.append(ms)
            else:
                errors += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return Point("", clients, len(latencies), errors, seconds, latencies)


def _api_token() -> str:
    """Return a fresh read token of the benchmark's staff user, as a city system would hold."""
    from django.contrib.auth.models import User

    from sori.api.tokens import token_create

    user = User.objects.get(username="bench-staff")
    return token_create(user=user, name="bench", scope="read", days=1, actor=user)[1]


def _pages(rng: random.Random) -> dict[str, tuple[Callable[[], str], str]]:
    """Return each page measured: how to pick its next URL, and who asks (public, staff or API token)."""
    from sori.voices.models import Demand

    published = list(Demand.objects.filter(published=True).values_list("id", flat=True)[:5_000])
    words = ["GPU", "실증", "인재", "데이터", "지원", "예산", "기업", "조례"]
    return {
        "public tracker list": (lambda: f"/tracker/?page={rng.randint(1, 20)}", "public"),
        "tracker search": (lambda: f"/tracker/?q={quote(rng.choice(words))}", "public"),
        # A crowd follows an article's links: nine requests in ten go to 20 demands, the rest anywhere.
        "demand page": (
            lambda: f"/tracker/{rng.choice(published[:20] if rng.random() < 0.9 else published)}/",
            "public",
        ),
        "staff demands list": (lambda: f"/staff/demands/?page={rng.randint(1, 20)}", "staff"),
        "API demands list": (lambda: f"/api/demands?page={rng.randint(1, 20)}", "api"),
    }


# ----------------------------------------------------------------------------------------------------


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sori bench web", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=DEFAULT_URL, help=f"PostgreSQL database to build (default {DEFAULT_URL})"
    )
    parser.add_argument("--quick", action="store_true", help="5,000 proposals, short points")
    parser.add_argument(
        "--cache-url", default="redis://127.0.0.1:6379/5", help="the cache the workers share (SORI_CACHE_URL)"
    )
    parser.add_argument("--server", choices=("gunicorn", "waitress"), default="gunicorn")
    parser.add_argument("--workers", type=int, default=0, help="server processes (default: 2 per CPU + 1)")
    parser.add_argument(
        "--seconds", type=float, default=0, help="seconds measured per point (default 10, quick 3)"
    )
    parser.add_argument("--clients", default="10,50,200", help="public pages: clients per point")
    parser.add_argument("--staff-clients", default="20", help="staff pages: clients per point")
    parser.add_argument("--rebuild", action="store_true", help="build the record again even if it is there")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    seconds = args.seconds or (3.0 if args.quick else 10.0)
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    if not args.database_url.startswith("postgres"):
        print("sori bench web: --database-url must be a PostgreSQL URL", file=sys.stderr)
        return 2

    data_dir = tempfile.mkdtemp(prefix="sori-bench-web-")
    env = {
        **os.environ,
        "SORI_DATABASE_URL": args.database_url,
        "SORI_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "sori.config.settings.prod",
        "SORI_SECRET_KEY": os.environ.get("SORI_SECRET_KEY", "bench-" + "k" * 60),
        "SORI_ALLOWED_HOSTS": "127.0.0.1",
        "SORI_LOG_LEVEL": "ERROR",
        "SORI_CACHE_URL": args.cache_url,
        # The staff session is made here, not by a login with an authenticator app's code.
        "SORI_OTP_REQUIRED": "0",
    }
    os.environ.update(env)
    _ensure_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    from sori.voices.models import Proposal

    call_command("migrate", verbosity=0)
    if args.rebuild or Proposal.objects.count() != size.proposals:
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        from django.db import transaction

        with transaction.atomic():  # a half-built record would be taken for a whole one next time
            generate(size)
        from django.db import connection as db

        with db.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have by now on a record built over years
        print(f"record built in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    connection.close()
    headers_of = {
        "public": "",
        "staff": f"Cookie: {_session_cookie()}\r\n",
        "api": f"Authorization: Bearer {_api_token()}\r\n",
    }
    print(
        f"record: {size.proposals:,} proposals, {size.demands:,} demands, "
        f"{size.organisations:,} organisations, "
        f"{size.meetings} meetings over {size.years} years; server: {args.server}, {workers} workers; "
        f"{os.cpu_count()} CPUs; {seconds:.0f} s per point",
        flush=True,
    )
    port = _free_port()
    server = _start_server(args.server, workers, port, env)
    rng = random.Random(11)
    try:
        pages = _pages(rng)
        print(f"{'page':<22}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for name, (paths, who) in pages.items():
            headers = headers_of[who]
            asyncio.run(_drive(port, paths, workers, 2.0, headers))  # every worker loads and warms up
            counts = args.clients if who == "public" else args.staff_clients
            for clients in (int(c) for c in counts.split(",")):
                point = asyncio.run(_drive(port, paths, clients, seconds, headers))
                print(
                    f"{name:<22}{clients:>8}{point.rps:>9.1f}{point.quantile(0.5):>9.1f}"
                    f"{point.quantile(0.95):>9.1f}{point.quantile(0.99):>9.1f}{point.errors:>8}",
                    flush=True,
                )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0
