"""Fixtures of the fault tests: the shared database as another process sees it, and Redis."""

from __future__ import annotations

import os
import socket
from typing import Any

import pytest
from django.db import connection

REDIS = ("127.0.0.1", 6379)


def redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_url() -> str:
    """A Redis database for the fault tests' broker; fail instead of skipping when CI requires Redis."""
    if not redis_up():
        if os.environ.get("SORI_REQUIRE_REDIS"):
            pytest.fail("Redis is not running at 127.0.0.1:6379 (SORI_REQUIRE_REDIS is set)")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/12"


@pytest.fixture
def database_url(transactional_db: Any) -> str:
    """The test database as a URL another process (a worker) can open; skip when only this process can."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        user = s["USER"] or "postgres"
        return f"postgres://{user}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    name = str(s["NAME"])
    if connection.vendor == "sqlite" and name and "memory" not in name:
        return f"sqlite:///{name}"
    pytest.skip(
        "the in-memory SQLite test database cannot be opened by a worker process (runs on PostgreSQL)"
    )
