"""Rank texts by similarity with the reason: the text core's index when present, else a plain TF-IDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sori.text import Doc, SimilarityIndex


@dataclass(frozen=True)
class Ranked:
    """A candidate's similarity to the query (0–1) and the keywords both texts share."""

    id: str
    score: float
    shared: tuple[str, ...]


def rank(query: str, candidates: Sequence[tuple[str, str]], *, k: int = 10) -> list[Ranked]:
    """Return up to ``k`` candidates (id, text) most similar to ``query``, best first.

    Empty texts never match.
    """
    candidates = [(i, t) for i, t in candidates if t.strip()]
    if not query.strip() or not candidates:
        return []
    index = SimilarityIndex.build([Doc(i, t) for i, t in candidates])
    return [Ranked(m.id, m.score, m.shared_keywords) for m in index.query(query, k=k, min_score=0.0)]
