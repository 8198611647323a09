"""A real Celery worker process for the fault tests: ``python organise_worker.py QUEUE [stall]``.

With ``stall`` the worker marks the run running and then hangs, as a worker does in a long run, so that the
test can kill it mid-run. Django's database and the broker come from the environment (SORI_DATABASE_URL,
SORI_BROKER_URL).
"""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sori.config.settings.test")
django.setup()

from sori.config.celery import app  # noqa: E402
from sori.voices.organise import runs  # noqa: E402


def _stall() -> int:
    time.sleep(3600)
    return 0


if __name__ == "__main__":
    queue = sys.argv[1]
    if "stall" in sys.argv[2:]:
        runs.suggestions_reconcile = _stall
    app.conf.update(
        task_always_eager=False,
        broker_transport_options={"visibility_timeout": 2},  # a dead worker's task comes back in seconds
        worker_hijack_root_logger=False,
    )
    app.worker_main(
        ["worker", "--pool=solo", "-Q", queue, "--without-mingle", "--without-gossip", "-l", "warning"]
    )
