"""Vectorised character n-gram hashing: the fast lexical features used on the bulk paths.

Hashes are computed with numpy over the whole corpus at once and are stable across processes and runs
(unlike Python's ``hash``), so models and indexes built in one process work in another.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["char_ngram_counts", "shingle_sets", "stable_hash"]

_MUL = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MASK64 = (1 << 64) - 1


def _mix(h: np.ndarray) -> np.ndarray:
    """Return splitmix64-finalised copies of ``h`` (uint64)."""
    h = h ^ (h >> np.uint64(30))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(27))
    h = h * _MIX2
    out: np.ndarray = h ^ (h >> np.uint64(31))
    return out


def _codes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return the concatenated code points of ``texts`` and each text's start offset (length n+1)."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    joined = "".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return codes, offsets


def _ngram_hashes(codes: np.ndarray, offsets: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (hash, doc index) of every n-gram that lies inside one text."""
    total = codes.shape[0]
    if total < n:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    starts = np.arange(total - n + 1, dtype=np.int64)
    doc = np.repeat(np.arange(offsets.shape[0] - 1, dtype=np.int64), np.diff(offsets))[: starts.shape[0]]
    valid = starts + n <= offsets[doc + 1]
    starts, doc = starts[valid], doc[valid]
    h = np.full(starts.shape[0], np.uint64((n * int(_MUL)) & _MASK64), dtype=np.uint64)
    for j in range(n):
        h = (h ^ codes[starts + j]) * _MUL
    return _mix(h), doc


def char_ngram_counts(texts: Sequence[str], ngrams: Sequence[int], bits: int) -> sp.csr_matrix:
    """Return a (len(texts), 2**bits) float32 CSR matrix of hashed character n-gram counts."""
    codes, offsets = _codes(texts)
    mask = np.uint64((1 << bits) - 1)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for n in ngrams:
        h, doc = _ngram_hashes(codes, offsets, n)
        rows.append(doc)
        cols.append((h & mask).astype(np.int64))
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    data = np.ones(row.shape[0], dtype=np.float32)
    m = sp.coo_matrix((data, (row, col)), shape=(len(texts), 1 << bits)).tocsr()
    m.sum_duplicates()
    return m


def shingle_sets(texts: Sequence[str], n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Return sorted unique 64-bit hashes of each text's character n-grams, concatenated, and offsets.

    A text shorter than ``n`` has one shingle, the hash of the whole text, so it still has a set.
    """
    codes, offsets = _codes(texts)
    h, doc = _ngram_hashes(codes, offsets, n)
    lengths = np.diff(offsets)
    short = np.flatnonzero(lengths < n)
    if short.size:
        extra = np.array([stable_hash(texts[int(i)]) for i in short], dtype=np.uint64)
        h = np.concatenate([h, extra])
        doc = np.concatenate([doc, short])
    order = np.lexsort((h, doc))
    h, doc = h[order], doc[order]
    keep = np.ones(h.shape[0], dtype=bool)
    keep[1:] = (h[1:] != h[:-1]) | (doc[1:] != doc[:-1])
    h, doc = h[keep], doc[keep]
    starts = np.searchsorted(doc, np.arange(len(texts) + 1))
    return h, starts.astype(np.int64)


def stable_hash(text: str) -> int:
    """Return a 64-bit hash of ``text`` that is the same in every process."""
    h = 0x2545F4914F6CDD1D
    mul = int(_MUL)
    for ch in text:
        h = ((h ^ ord(ch)) * mul) & _MASK64
    return int(_mix(np.array([h], dtype=np.uint64))[0])
