"""Near-duplicate detection: MinHash with banded LSH over character 5-gram shingles, verified exactly."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from . import _bulk
from ._bulk import Mapper, chunked, serial
from ._hashing import shingle_sets
from ._normalize import normalize

__all__ = ["dedup_key", "duplicate_groups", "jaccard_threshold", "near_duplicate_pairs"]

jaccard_threshold = 0.8
_BANDS, _ROWS = 12, 4  # P(candidate | J=0.8) = 1 - (1 - 0.8**4)**12 ≈ 0.998
_MAX_CHECKS = 40  # per document and bucket; buckets are usually tiny, campaigns are caught by exact hashing
_SLACK = 0.25  # how far below the threshold a MinHash estimate may be and still be checked exactly
_WS = re.compile(r"\s+")


def dedup_key(text: str) -> str:
    """Return the form compared for duplicates: normalised, with all whitespace removed."""
    return _WS.sub("", normalize(text))


def _minhash(hashes: np.ndarray, starts: np.ndarray, k: int) -> np.ndarray:
    rng = np.random.default_rng(20251122)
    a = rng.integers(1, 2**63, size=k, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=k, dtype=np.uint64)
    out = np.empty((starts.shape[0] - 1, k), dtype=np.uint64)
    heads = starts[:-1]
    for j in range(k):
        out[:, j] = np.minimum.reduceat(hashes * a[j] + b[j], heads)
    return out


def duplicate_groups(
    texts: Sequence[str],
    threshold: float = jaccard_threshold,
    *,
    normalised: bool = False,
    mapper: Mapper = serial,
) -> list[int]:
    """Return, for each text, the index of the earliest text it duplicates (itself if none).

    Texts are taken in input order; a text whose character 5-gram set (of :func:`dedup_key`) has Jaccard
    similarity ≥ ``threshold`` with an earlier group leader joins the earliest such leader, otherwise it
    leads a new group. Every member is therefore verified against its group's leader (no chains of
    edits drifting away from the original). ``normalised`` says the texts already went through
    :func:`normalize`; ``mapper`` runs the signature chunks (see :mod:`._bulk`).
    """
    n = len(texts)
    keys = [_WS.sub("", t) for t in texts] if normalised else [dedup_key(t) for t in texts]
    leader = list(range(n))
    first: dict[str, int] = {}
    unique: list[int] = []
    for i, key in enumerate(keys):
        j = first.setdefault(key, i)
        if j != i:
            leader[i] = j
        else:
            unique.append(i)
    if len(unique) > 1:
        _link_near([keys[i] for i in unique], unique, leader, threshold, mapper)
    # Exact copies follow their first occurrence to its leader.
    return [leader[leader[i]] for i in range(n)]


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float = jaccard_threshold
) -> list[tuple[int, int, float]]:
    """Return every pair (i, j, jaccard), i < j, whose character 5-gram Jaccard is ≥ ``threshold``.

    Pairs come from MinHash LSH candidates and are verified exactly, so each reported pair is true; a pair
    is missed only if it shares no LSH band (probability ≈ 0.002 at Jaccard 0.8, less above).
    """
    keys = [dedup_key(t) for t in texts]
    copies: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        copies.setdefault(key, []).append(i)
    unique = [ids[0] for ids in copies.values()]
    pairs: list[tuple[int, int, float]] = []
    for ids in copies.values():
        pairs.extend((a, b, 1.0) for x, a in enumerate(ids) for b in ids[x + 1 :])
    if len(unique) > 1:
        ukeys = [keys[i] for i in unique]
        sig = _signatures(ukeys)
        later, earlier = _candidate_pairs(sig, window=500, floor=threshold - _SLACK)
        shingles = _Shingles(ukeys, np.union1d(later, earlier))
        for y, x in zip(later.tolist(), earlier.tolist(), strict=True):
            j = shingles.jaccard(x, y)
            if j >= threshold:
                for a in copies[ukeys[x]]:
                    for b in copies[ukeys[y]]:
                        pairs.append((min(a, b), max(a, b), j))
    return sorted(pairs)


def _signatures(keys: Sequence[str]) -> np.ndarray:
    """Return the MinHash signatures (one row of ``_BANDS * _ROWS`` values per key) of ``keys``."""
    hashes, starts = shingle_sets(keys)
    return _minhash(hashes, starts, _BANDS * _ROWS)


def _candidate_pairs(
    sig: np.ndarray, window: int = _MAX_CHECKS, floor: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Return (later, earlier) rows sharing at least one LSH band, sorted by later row then earlier row.

    In each band's bucket a row is paired with at most ``window`` rows before it. Pairs whose MinHash
    estimate of the Jaccard similarity is below ``floor`` are dropped before any exact check: with 48
    hashes the estimate's spread at J = 0.8 is about 0.06, so a floor 0.25 lower loses no true pair in
    practice.
    """
    m = sig.shape[0]
    codes: list[np.ndarray] = []
    rows = np.arange(m, dtype=np.int64)
    for band in range(_BANDS):
        cols = sig[:, band * _ROWS : (band + 1) * _ROWS]
        key = cols[:, 0].copy()
        for c in range(1, _ROWS):
            key = (key ^ cols[:, c]) * np.uint64(0x9E3779B97F4A7C15)
        order = np.lexsort((rows, key))  # within a bucket, rows ascend
        skey = key[order]
        for w in range(1, min(window, m - 1) + 1):
            same = np.flatnonzero(skey[w:] == skey[:-w])
            if not same.size:
                break
            codes.append(order[same + w] * m + order[same])
    if not codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    code = np.unique(np.concatenate(codes))
    later, earlier = code // m, code % m
    if floor > 0:
        keep = np.zeros(code.shape[0], dtype=bool)
        for lo in range(0, code.shape[0], 100_000):
            a, b = later[lo : lo + 100_000], earlier[lo : lo + 100_000]
            keep[lo : lo + 100_000] = (sig[a] == sig[b]).mean(axis=1) >= floor
        later, earlier = later[keep], earlier[keep]
    return later, earlier


class _Shingles:
    """Exact 5-gram sets of the rows that take part in candidate pairs, built in chunks to bound memory."""

    def __init__(self, keys: Sequence[str], rows: np.ndarray) -> None:
        self._pos = np.full(len(keys), -1, dtype=np.int64)
        self._pos[rows] = np.arange(rows.shape[0])
        hashes: list[np.ndarray] = []
        starts: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
        offset = 0
        for lo in range(0, rows.shape[0], _bulk.CHUNK):
            h, st = shingle_sets([keys[i] for i in rows[lo : lo + _bulk.CHUNK].tolist()])
            hashes.append(h)
            starts.append(st[1:] + offset)
            offset += h.shape[0]
        self._hashes = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)
        self._starts = np.concatenate(starts)

    def jaccard(self, x: int, y: int) -> float:
        px, py = int(self._pos[x]), int(self._pos[y])
        a = self._hashes[self._starts[px] : self._starts[px + 1]]
        b = self._hashes[self._starts[py] : self._starts[py + 1]]
        inter = np.intersect1d(a, b, assume_unique=True).shape[0]
        union = a.shape[0] + b.shape[0] - inter
        return inter / union if union else 1.0


def _link_near(
    keys: list[str], unique: list[int], leader: list[int], threshold: float, mapper: Mapper
) -> None:
    sig = np.concatenate(mapper(_signatures, chunked(keys)))
    later, earlier = _candidate_pairs(sig, floor=threshold - _SLACK)
    shingles = _Shingles(keys, np.union1d(later, earlier))
    is_leader = [True] * len(keys)
    for y, x in zip(later.tolist(), earlier.tolist(), strict=True):
        if is_leader[y] and is_leader[x] and shingles.jaccard(x, y) >= threshold:
            leader[unique[y]] = unique[x]
            is_leader[y] = False
