"""Readiness checks for a load balancer: the database, the cache, the task broker and the disk.

Each check is quick and says what is wrong in words an operator can act on; ``/readyz`` answers 503 when
any check fails, so the balancer stops sending visitors to an instance that cannot serve them.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

# Below this much free space in the data folder, uploads and PDFs may fail half-way: report not ready.
MIN_FREE_MB = int(os.environ.get("SORI_MIN_FREE_MB", "200"))


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    ms: float


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache() -> str:
    key = f"sori-readyz-{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("캐시에 쓴 값을 다시 읽지 못했습니다")
    cache.delete(key)
    return type(cache).__name__


def _broker() -> str:
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url or url.startswith("memory://"):
        return "없음(작업을 요청 안에서 실행)"
    from kombu import Connection

    with Connection(url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1)
    return url.split("://", 1)[0]


def _disk() -> str:
    folder = Path(settings.DATA_DIR)
    free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    if free_mb < MIN_FREE_MB:
        raise RuntimeError(f"데이터 폴더 {folder}의 남은 공간 {free_mb} MB < {MIN_FREE_MB} MB")
    return f"{free_mb:,} MB 남음"


def _text_metric() -> str:
    # A missing or stale SORI_TEXT_METRIC file would fail every organising run; say so before one starts.
    from sori.text import default_metric

    chosen = os.environ.get("SORI_TEXT_METRIC", "").strip()
    metric = default_metric()
    if metric is None:
        return "없음(평범한 코사인)"
    return f"{chosen or '기본'} ({metric.scales.size}방향)"


CHECKS: dict[str, Callable[[], str]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
    "disk": _disk,
    "text_metric": _text_metric,
}


def run_checks() -> list[Check]:
    """Run every check and return its result; a check that raises is a failed check, never a 500."""
    results = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail, ok = check(), True
        except Exception as exc:  # any failure of a dependency is what this reports
            detail, ok = f"{type(exc).__name__}: {exc}", False
        ms = round((time.perf_counter() - started) * 1000, 1)
        results.append(Check(name=name, ok=ok, detail=detail, ms=ms))
    return results
