"""Similar-proposal search: an inverted index over hashed character n-gram TF-IDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._encoder import TfidfHasher
from ._morph import keywords, keywords_many
from ._normalize import squash

__all__ = ["Doc", "Match", "SimilarityIndex", "shared_keywords"]


@dataclass(frozen=True)
class Doc:
    """One text to analyse, with the caller's identifier (for example a proposal's primary key)."""

    id: str
    text: str


@dataclass(frozen=True)
class Match:
    """A stored item similar to a query: its id, a score in [0, 1] and the keywords both texts share."""

    id: str
    score: float
    shared_keywords: tuple[str, ...]


def shared_keywords(a: str, b: str, limit: int = 5) -> tuple[str, ...]:
    """Return keywords of ``a`` that are also keywords of ``b``, in ``a``'s order (the reason for a match)."""
    theirs = set(keywords(b, 12))
    return tuple([w for w in keywords(a, 12) if w in theirs][:limit])


class SimilarityIndex:
    """Top-k similar documents by cosine of character 2-/3-gram TF-IDF, with incremental add and remove.

    The IDF is fitted on the stored documents and refitted (with a rebuild) only when the collection has
    grown by a quarter since, so ``add`` costs milliseconds; between refits new documents use the frozen IDF.
    """

    _REFIT_GROWTH = 1.25

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._hasher = TfidfHasher()
        self._ids: list[str] = []  # row -> id for the main matrix
        self._alive = np.zeros(0, dtype=bool)
        self._row_of: dict[str, int] = {}
        self._xt = sp.csr_matrix((1 << 20, 0), dtype=np.float32)  # features x docs
        self._pending: dict[str, sp.csr_matrix] = {}
        self._pending_matrix: tuple[list[str], sp.csr_matrix] | None = None

    @classmethod
    def build(cls, docs: Sequence[Doc]) -> SimilarityIndex:
        """Return an index over ``docs`` (ids must be unique; a later duplicate id replaces the earlier)."""
        index = cls()
        for doc in docs:
            index._texts[doc.id] = doc.text
        index._rebuild()
        return index

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, id: object) -> bool:
        return id in self._texts

    def add(self, doc: Doc) -> None:
        """Store ``doc`` (replacing a stored document with the same id)."""
        if doc.id in self._texts:
            self.remove(doc.id)
        self._texts[doc.id] = doc.text
        if len(self._texts) > self._REFIT_GROWTH * self._hasher.n_fit + 50:
            self._rebuild()
            return
        self._pending[doc.id] = self._hasher.transform([doc.text])
        self._pending_matrix = None

    def remove(self, id: str) -> None:
        """Forget the document ``id``; unknown ids are ignored."""
        if self._texts.pop(id, None) is None:
            return
        if self._pending.pop(id, None) is not None:
            self._pending_matrix = None
        row = self._row_of.pop(id, None)
        if row is not None:
            self._alive[row] = False

    def text(self, id: str) -> str:
        """Return the stored text of ``id``."""
        return self._texts[id]

    def _rebuild(self) -> None:
        ids = list(self._texts)
        counts = TfidfHasher.counts([self._texts[i] for i in ids])
        self._hasher = TfidfHasher().fit_counts(counts)
        x = self._hasher.weight(counts)
        self._xt = x.T.tocsr()
        self._ids = ids
        self._row_of = {id_: r for r, id_ in enumerate(ids)}
        self._alive = np.ones(len(ids), dtype=bool)
        self._pending = {}
        self._pending_matrix = None

    def scores(self, text: str) -> tuple[list[str], np.ndarray]:
        """Return every stored id with its cosine score against ``text`` (main rows, then pending)."""
        q = self._hasher.transform([text])
        ids: list[str] = []
        parts: list[np.ndarray] = []
        if self._ids:
            sub = self._xt[q.indices]
            main = np.asarray(sub.T @ q.data, dtype=np.float32).ravel()
            main[~self._alive] = 0.0
            ids.extend(self._ids)
            parts.append(main)
        if self._pending:
            if self._pending_matrix is None:
                pids = list(self._pending)
                self._pending_matrix = (pids, sp.vstack([self._pending[i] for i in pids]).tocsr())
            pids, pm = self._pending_matrix
            ids.extend(pids)
            parts.append(np.asarray(pm @ q.T.toarray(), dtype=np.float32).ravel())
        scores = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return ids, np.clip(scores, 0.0, 1.0)

    def query(self, text: str, k: int = 5, min_score: float = 0.2) -> list[Match]:
        """Return up to ``k`` stored documents most similar to ``text`` with score ≥ ``min_score``.

        Best first; equal scores in id order. Each match carries the keywords it shares with ``text``.
        An empty index or an empty text gives ``[]``.
        """
        if k <= 0 or not self._texts or not squash(text):
            return []
        ids, scores = self.scores(text)
        top = np.argpartition(-scores, k - 1)[:k] if scores.shape[0] > k else np.arange(scores.shape[0])
        picked = sorted(
            ((float(scores[i]), ids[i]) for i in top if scores[i] >= min_score and scores[i] > 0),
            key=lambda p: (-p[0], p[1]),
        )
        # One batched (multi-threaded) Kiwi call for the query and every hit not analysed yet.
        keywords_many([text, *(self._texts[id_] for _s, id_ in picked)], 1)
        return [Match(id_, round(s, 6), shared_keywords(text, self._texts[id_])) for s, id_ in picked]
