"""Bulk stages run chunk by chunk, in this process or in worker processes.

Every bulk stage is a pure function of one chunk (a list of texts or an array) whose results are joined in
chunk order, so a run gives the same result whatever runs the chunks: this process, a pool of processes on
one machine, or any other :data:`Mapper` (for example one that sends each chunk to a task queue).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

__all__ = ["CHUNK", "Mapper", "auto_workers", "chunked", "mapper", "serial"]

T = TypeVar("T")
R = TypeVar("R")

# Texts per chunk: small enough that a chunk's n-gram matrix stays around 100 MB, large enough that the
# per-chunk overhead (sending the texts, numpy set-up) is negligible.
CHUNK = 20_000
PARALLEL_FROM = 200_000  # texts from which worker processes beat one process on two cores


class Mapper(Protocol):
    """Applies a picklable function to each item and returns the results in order."""

    parallel: bool

    def __call__(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]: ...


class _Serial:
    parallel = False

    def __call__(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return [fn(x) for x in items]


serial: Mapper = _Serial()


class _Pool:
    parallel = True

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self._pool = pool

    def __call__(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return list(self._pool.map(fn, items))


def _one_thread() -> None:
    """Keep each worker's BLAS to one thread: the workers already use every core between them."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


@contextmanager
def mapper(workers: int = 1) -> Iterator[Mapper]:
    """Yield a mapper running chunks in ``workers`` processes (in this process when ``workers`` ≤ 1).

    Workers are spawned, not forked: forking a process whose BLAS or Kiwi threads are running can hang.
    """
    if workers <= 1:
        yield serial
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_one_thread) as pool:
        yield _Pool(pool)


def auto_workers(n: int) -> int:
    """Return how many processes suit ``n`` texts: one below ``PARALLEL_FROM``, else one per CPU.

    Each worker loads its own Kiwi model (about 500 MB), which only pays off on large inputs.
    """
    return 1 if n < PARALLEL_FROM else max(1, os.cpu_count() or 1)


def chunked(items: Sequence[Any], size: int | None = None) -> list[Sequence[Any]]:
    """Split ``items`` into consecutive chunks of at most ``size`` (default :data:`CHUNK`; one empty chunk
    for no items)."""
    size = size or CHUNK
    if not items:
        return [items[:0]]
    return [items[i : i + size] for i in range(0, len(items), size)]
