"""Where an organising run does its bulk work: here, in worker processes, or on Celery workers.

``SORI_TEXT_WORKERS`` chooses: ``auto`` (one process for meeting-sized inputs, one per CPU from 200,000
proposals), a number of processes on this machine, or ``celery``: every chunk becomes a ``sori.text.chunk``
task on the ``SORI_TEXT_QUEUE`` queue, so the workers of several machines share one run. The chunks travel
as JSON (``sori.text.remote``), never pickled, and the result is the same whichever way they run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

from sori.text import Mapper
from sori.text._bulk import auto_workers, mapper
from sori.text.remote import RemoteMapper


def send_to_celery(payloads: list[dict[str, Any]]) -> list[Any]:
    """Run chunk calls as ``sori.text.chunk`` tasks and return their results in order.

    The run waits for its chunks; they go to their own queue so a worker busy with the run itself is never
    the only one that could take them.
    """
    from celery import group

    from sori.voices.organise.tasks import text_chunk_task

    result = group(text_chunk_task.s(p) for p in payloads).apply_async(queue=settings.SORI_TEXT_QUEUE)
    try:
        out: list[Any] = result.get(timeout=settings.SORI_TEXT_CHUNK_TIMEOUT, disable_sync_subtasks=False)
    finally:
        result.forget()
    return out


@contextmanager
def organising_mapper(n: int) -> Iterator[Mapper]:
    """Yield the mapper ``SORI_TEXT_WORKERS`` asks for, for a run over ``n`` proposals."""
    choice = settings.SORI_TEXT_WORKERS
    if choice == "celery":
        yield RemoteMapper(send_to_celery)
        return
    with mapper(auto_workers(n) if choice == "auto" else int(choice)) as run:
        yield run
