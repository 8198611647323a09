"""Near-duplicate detection: MinHash with banded LSH over character 5-gram shingles, verified exactly."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ._hashing import shingle_sets
from ._normalize import normalize

__all__ = ["dedup_key", "duplicate_groups", "jaccard_threshold", "near_duplicate_pairs"]

jaccard_threshold = 0.8
_BANDS, _ROWS = 12, 4  # P(candidate | J=0.8) = 1 - (1 - 0.8**4)**12 ≈ 0.998
_MAX_CHECKS = 40  # per document and bucket; buckets are usually tiny, campaigns are caught by exact hashing
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
    texts: Sequence[str], threshold: float = jaccard_threshold, *, normalised: bool = False
) -> list[int]:
    """Return, for each text, the index of the earliest text it duplicates (itself if none).

    Texts are taken in input order; a text whose character 5-gram set (of :func:`dedup_key`) has Jaccard
    similarity ≥ ``threshold`` with an earlier group leader joins the earliest such leader, otherwise it
    leads a new group. Every member is therefore verified against its group's leader (no chains of
    edits drifting away from the original). ``normalised`` says the texts already went through
    :func:`normalize`.
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
        _link_near(keys, unique, leader, threshold)
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
        hashes, starts = shingle_sets([keys[i] for i in unique])
        sig = _minhash(hashes, starts, _BANDS * _ROWS)
        for y, xs in enumerate(_candidates(sig, window=500)):
            for x in xs:
                j = _jaccard(hashes, starts, x, y)
                if j >= threshold:
                    for a in copies[keys[unique[x]]]:
                        for b in copies[keys[unique[y]]]:
                            pairs.append((min(a, b), max(a, b), j))
    return sorted(pairs)


def _candidates(sig: np.ndarray, window: int = _MAX_CHECKS) -> list[list[int]]:
    """Return, for each row, the earlier rows sharing at least one LSH band with it."""
    m = sig.shape[0]
    earlier: list[set[int]] = [set() for _ in range(m)]
    for band in range(_BANDS):
        cols = sig[:, band * _ROWS : (band + 1) * _ROWS]
        key = cols[:, 0].copy()
        for c in range(1, _ROWS):
            key = (key ^ cols[:, c]) * np.uint64(0x9E3779B97F4A7C15)
        order = np.lexsort((np.arange(m), key))
        skey = key[order]
        bounds = np.concatenate([[0], np.flatnonzero(skey[1:] != skey[:-1]) + 1, [m]])
        for g in np.flatnonzero(np.diff(bounds) > 1).tolist():
            members = order[bounds[g] : bounds[g + 1]].tolist()
            for pos in range(1, len(members)):
                earlier[members[pos]].update(members[max(0, pos - window) : pos])
    return [sorted(s) for s in earlier]


def _link_near(keys: list[str], unique: list[int], leader: list[int], threshold: float) -> None:
    hashes, starts = shingle_sets([keys[i] for i in unique])
    sig = _minhash(hashes, starts, _BANDS * _ROWS)
    is_leader = [True] * len(unique)
    for y, xs in enumerate(_candidates(sig)):
        for x in xs:
            if is_leader[x] and _jaccard(hashes, starts, x, y) >= threshold:
                leader[unique[y]] = unique[x]
                is_leader[y] = False
                break


def _jaccard(hashes: np.ndarray, starts: np.ndarray, x: int, y: int) -> float:
    a = hashes[starts[x] : starts[x + 1]]
    b = hashes[starts[y] : starts[y + 1]]
    inter = np.intersect1d(a, b, assume_unique=True).shape[0]
    union = a.shape[0] + b.shape[0] - inter
    return inter / union if union else 1.0
