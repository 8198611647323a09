"""Splitting large inputs into parts of nearby vectors, and comparing each row with nearby parts only."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ._demand_index import DemandIndex

__all__ = ["BLOCK", "Cells", "blocks"]

BLOCK = 1500  # proposals compared all-pairs at once; larger inputs are first split by k-means
_FANOUT = 64  # parts per k-means split
_KMEANS_SAMPLE = 20_000  # rows a split's k-means is fitted on
# Parts whose centroids each row of a split input is compared with. On 200,000 synthetic proposals the
# share of rows placed as comparing with every centroid would place them was 88 % with 4, 97 % with 16 and
# 99 % with 32, for 20 % more time; inputs of up to about 32 parts (50,000 texts) compare with all.
_PROBES = 32


def blocks(emb: np.ndarray, rows: np.ndarray, seed: int) -> list[np.ndarray]:
    """Split ``rows`` into groups of at most about ``BLOCK`` rows of nearby vectors.

    Each level splits into at most ``_FANOUT`` parts with k-means fitted on a sample, so the cost grows
    with n log n rather than with n × (n / ``BLOCK``).
    """
    n = rows.shape[0]
    if n <= 2 * BLOCK:
        return [rows]
    from sklearn.cluster import MiniBatchKMeans

    x = emb[rows]
    norms = np.linalg.norm(x, axis=1)
    norms[norms == 0] = 1.0
    x /= norms[:, None]
    k = min(_FANOUT, math.ceil(n / BLOCK))
    sample = (
        np.sort(np.random.default_rng(seed).choice(n, size=_KMEANS_SAMPLE, replace=False))
        if n > _KMEANS_SAMPLE
        else np.arange(n)
    )
    km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=1, batch_size=4096, max_iter=50)
    labels = km.fit(x[sample]).predict(x)
    del x
    out: list[np.ndarray] = []
    for c in range(k):
        part = rows[labels == c]
        if part.shape[0] == n:  # k-means could not split: cut in order
            return [rows[i : i + BLOCK] for i in range(0, n, BLOCK)]
        if part.shape[0]:
            out.extend(blocks(emb, part, seed + 1))
    return out


class Cells:
    """The partition cells of a large input, used to compare each row with nearby centroids only.

    Every row searches its own cell (its duplicate-group leader's) and the ``_PROBES - 1`` cells whose
    centres are nearest to it, like an inverted-file index; centroids live in the cell they were formed in.
    Which cells a row searches does not depend on their order, so neither does the result.
    """

    def __init__(self, emb: np.ndarray, blocks: Sequence[np.ndarray], roots: np.ndarray) -> None:
        n, nb = emb.shape[0], len(blocks)
        cell = np.full(n, -1, dtype=np.int64)
        centres = np.zeros((nb, emb.shape[1]), dtype=np.float32)
        for b, rows in enumerate(blocks):
            cell[rows] = b
            centres[b] = emb[rows].mean(axis=0)
        centres /= np.maximum(np.linalg.norm(centres, axis=1), 1e-12)[:, None]
        cell = cell[roots]
        probes = min(_PROBES, nb)
        searched = np.empty((n, probes), dtype=np.int32)
        for lo in range(0, n, 8192):
            s = emb[lo : lo + 8192] @ centres.T
            own = cell[lo : lo + 8192]
            s[np.arange(s.shape[0]), own] = np.inf  # its own part always
            if probes < nb:
                searched[lo : lo + 8192] = np.argpartition(-s, probes - 1, axis=1)[:, :probes]
            else:
                searched[lo : lo + 8192] = np.arange(nb, dtype=np.int32)
        flat = searched.ravel()
        del searched
        owner = np.repeat(np.arange(n, dtype=np.int32), probes)
        order = np.argsort(flat, kind="stable")
        bounds = np.searchsorted(flat[order], np.arange(nb + 1))
        self.searchers = [owner[order[bounds[b] : bounds[b + 1]]] for b in range(nb)]

    def nearest(
        self, emb: np.ndarray, index: DemandIndex, home: np.ndarray, exact: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`DemandIndex.nearest`, comparing each row with the centroids of its searched cells only.

        ``home`` gives the cell of each centroid (by index position).
        """
        n = emb.shape[0]
        best = np.full(n, -1, dtype=np.int64)
        score = np.full(n, -np.inf, dtype=np.float64)
        units = index._units() if exact else index._units().astype(np.float32)
        order = np.argsort(home, kind="stable")
        bounds = np.searchsorted(home[order], np.arange(len(self.searchers) + 1))
        for b, rows_all in enumerate(self.searchers):
            cents = order[bounds[b] : bounds[b + 1]]
            if not cents.size or not rows_all.size:
                continue
            block = units[cents].T
            for lo in range(0, rows_all.shape[0], 8192):
                rows = rows_all[lo : lo + 8192]
                s = np.round(emb[rows].astype(np.float64) @ block, 9) if exact else emb[rows] @ block
                arg = np.argmax(s, axis=1)
                val = s[np.arange(s.shape[0]), arg].astype(np.float64)
                cand = cents[arg]
                cur = score[rows]
                better = (val > cur) | ((val == cur) & (cand < best[rows]))
                score[rows[better]] = val[better]
                best[rows[better]] = cand[better]
        score[~np.isfinite(score)] = 0.0
        return np.where(score >= index.threshold, best, -1), score
