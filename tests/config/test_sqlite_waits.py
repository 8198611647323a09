"""On the embedded SQLite database a write waits for a running import instead of failing.

Two transactions as Sori's settings open them (busy timeout, BEGIN mode, WAL) on a file database: staff
importing hold the write lock; a visitor's 공감 reads, then writes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from sori.config.settings import base


def _open(path: Path, options: dict[str, Any]) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path, timeout=options["timeout"], isolation_level=None, check_same_thread=False
    )
    if options.get("init_command"):
        connection.executescript(options["init_command"])
    return connection


def _begin(options: dict[str, Any]) -> str:
    return f"BEGIN {options.get('transaction_mode', '')}".strip()


def _visitor_during_an_import(path: Path, options: dict[str, Any]) -> str:
    """Return what the visitor's read-then-write transaction meets while staff hold a long write."""
    _open(path, options).execute("CREATE TABLE IF NOT EXISTS support (n integer)")
    importing = threading.Event()
    outcome: list[str] = []

    def staff_import() -> None:
        conn = _open(path, options)
        conn.execute(_begin(options))
        conn.execute("INSERT INTO support VALUES (1)")
        importing.set()
        time.sleep(0.6)
        conn.execute("COMMIT")
        conn.close()

    def visitor() -> None:
        importing.wait()
        conn = _open(path, options)
        try:
            conn.execute(_begin(options))
            conn.execute("SELECT count(*) FROM support").fetchone()
            conn.execute("INSERT INTO support VALUES (2)")
            conn.execute("COMMIT")
            outcome.append("saved")
        except sqlite3.OperationalError as exc:  # what a visitor would meet as a server error
            outcome.append(str(exc))
            conn.execute("ROLLBACK")  # as a failed request does, so the import can commit
        finally:
            conn.close()

    threads = [threading.Thread(target=staff_import), threading.Thread(target=visitor)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcome[0]


def test_a_visitor_write_waits_for_a_staff_import_with_the_default_settings(tmp_path: Path) -> None:
    # the settings the embedded default runs with (whatever database this test run uses)
    options = base.sqlite_options()
    assert _visitor_during_an_import(tmp_path / "sori.sqlite3", options) == "saved"


def test_without_them_the_same_visitor_fails_at_once(tmp_path: Path) -> None:
    # deferred BEGIN, the busy timeout alone: the reason for the settings
    assert "locked" in _visitor_during_an_import(tmp_path / "deferred.sqlite3", {"timeout": 20})
