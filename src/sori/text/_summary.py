"""Extractive summary: the most central, mutually different sentences of a set of texts."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ._encoder import TfidfHasher
from ._normalize import normalize

__all__ = ["sentences", "summarize"]

_SPLIT = re.compile(r"(?<=[.!?。])\s+|(?<=[다요죠음함임])\.?\s*\n|\n+")
_MIN_CHARS = 8
_REDUNDANT = 0.6  # cosine above which a sentence repeats one already chosen


def sentences(text: str) -> list[str]:
    """Return the sentences of normalised ``text`` (split at ., !, ? and line breaks)."""
    return [s.strip() for s in _SPLIT.split(normalize(text)) if s and s.strip()]


def summarize(texts: Sequence[str], n: int = 2) -> list[str]:
    """Return up to ``n`` sentences that best represent ``texts``, most representative first.

    A sentence scores by cosine to the centroid of all sentences (character n-gram TF-IDF); a sentence too
    close to one already chosen is skipped, so a campaign of copies yields one sentence, not ``n`` copies.
    Sentences shorter than 8 characters are used only when nothing longer exists.
    """
    if n <= 0:
        return []
    pool: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for s in sentences(text):
            if s not in seen:
                seen.add(s)
                pool.append(s)
    long = [s for s in pool if len(s) >= _MIN_CHARS]
    pool = long or pool
    if len(pool) <= 1:
        return pool[:n]
    hasher = TfidfHasher()
    counts = hasher.counts(pool, normalised=True)
    x = hasher.fit_counts(counts).weight(counts)
    centroid = np.asarray(x.mean(axis=0)).ravel()
    score = np.asarray(x @ centroid).ravel()
    order = np.lexsort((np.arange(len(pool)), -np.round(score, 9)))
    chosen: list[int] = []
    for i in order.tolist():
        if len(chosen) == n:
            break
        if chosen:
            overlap = np.asarray(x[chosen] @ x[i].T.toarray()).ravel()
            if overlap.max() > _REDUNDANT:
                continue
        chosen.append(i)
    return [pool[i] for i in chosen]
