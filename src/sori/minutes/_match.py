"""Link a name heard in minutes to registry entries: exact on the comparison key, then fuzzy.

Company names compare without legal forms, spaces or punctuation (``(주) 아이티앱스`` = ``㈜아이티앱스``);
Korean is compared both by syllable and by jamo (NFD), so one mistyped syllable in a name (김세형 for
김세영) still scores high, while different names do not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from ._orgs import organisation_key

__all__ = ["Match", "best_match", "name_key", "rank_matches"]

K = TypeVar("K")
# Below this a guess does more harm than good on a review screen; the caller may ask for less.
DEFAULT_MIN = 0.6
_FUZZY_CAP = 0.95  # only an exact key match is certain


@dataclass(frozen=True)
class Match(Generic[K]):
    """A registry entry (its key and display name) and how sure the match is, in [0, 1]."""

    key: K
    display: str
    confidence: float


def name_key(name: str) -> str:
    """Return the comparison key of a person or organisation name (legal forms and spacing removed)."""
    return organisation_key(name.removesuffix("님"))


def _score(query: str, candidate: str) -> float:
    if not query or not candidate:
        return 0.0
    if query == candidate:
        return 1.0
    syllables = SequenceMatcher(None, query, candidate, autojunk=False).ratio()
    jamo = SequenceMatcher(
        None, unicodedata.normalize("NFD", query), unicodedata.normalize("NFD", candidate), autojunk=False
    ).ratio()
    score = max(syllables, jamo)
    shorter, longer = sorted((query, candidate), key=len)
    if len(shorter) >= 3 and shorter in longer:
        # "아이티앱스" inside "아이티앱스광주지사": the same body, likely a branch or a longer spelling.
        score = max(score, 0.75 + 0.2 * len(shorter) / len(longer))
    return min(score, _FUZZY_CAP)


def rank_matches(
    name: str, candidates: Iterable[tuple[K, str]], *, min_confidence: float = DEFAULT_MIN, limit: int = 5
) -> list[Match[K]]:
    """Return up to ``limit`` candidates scoring at least ``min_confidence``, best first.

    ``candidates`` are (key, display name) pairs, e.g. registry ids and names. An exact comparison-key match
    scores 1.0; fuzzy matches score at most 0.95. Ties keep the candidates' order.
    """
    query = name_key(name)
    scored: list[tuple[float, int, Match[K]]] = []
    for order, (key, display) in enumerate(candidates):
        score = _score(query, name_key(display))
        if score >= min_confidence:
            scored.append((-score, order, Match(key, display, round(score, 4))))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [m for _s, _o, m in scored[:limit]]


def best_match(
    name: str, candidates: Iterable[tuple[K, str]], *, min_confidence: float = DEFAULT_MIN
) -> Match[K] | None:
    """Return the best-scoring candidate for ``name``, or None when none reaches ``min_confidence``."""
    ranked = rank_matches(name, candidates, min_confidence=min_confidence, limit=1)
    return ranked[0] if ranked else None
