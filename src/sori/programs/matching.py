"""Rank texts by similarity with the reason: the text core's index when present, else a plain TF-IDF."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


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
    try:
        from sori.text import Doc, SimilarityIndex
    except ImportError:  # the text core is optional: fall back to character n-gram TF-IDF
        return _tfidf_rank(query, candidates, k)
    index = SimilarityIndex.build([Doc(i, t) for i, t in candidates])
    return [Ranked(m.id, m.score, m.shared_keywords) for m in index.query(query, k=k, min_score=0.0)]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,·/()]+", text) if len(w) >= 2]


def _tfidf_rank(query: str, candidates: Sequence[tuple[str, str]], k: int) -> list[Ranked]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    texts = [t for _i, t in candidates]
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit([*texts, query])
    scores = cosine_similarity(vectoriser.transform([query]), vectoriser.transform(texts))[0]
    order = sorted(range(len(texts)), key=lambda i: (-scores[i], candidates[i][0]))[:k]
    query_words = _words(query)
    out = []
    for i in order:
        if scores[i] <= 0:
            continue
        theirs = _words(texts[i])
        shared = tuple(w for w in query_words if any(w in t or t in w for t in theirs))[:5]
        out.append(Ranked(candidates[i][0], round(float(scores[i]), 6), shared))
    return out
