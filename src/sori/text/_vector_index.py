"""Similar-by-meaning search over stored sentence vectors (nearest demand, similar-while-typing)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._index import Doc, Match, shared_keywords
from ._meaning import SEARCH_DIM, encode_search, search_part
from ._morph import keywords_many
from ._normalize import squash

__all__ = ["MeaningIndex"]

_EXACT_UP_TO = 20_000  # stored vectors scored one by one; above, a reduced copy picks candidates first
_REDUCED = 128  # width of the reduced copy (principal directions of the stored vectors)
_CANDIDATES = 400  # rows re-scored exactly after the reduced search
_FIT_SAMPLE = 20_000
_REBUILD_PENDING = 2_000  # added vectors kept aside before they are merged into the main matrix


def _rows(vectors: np.ndarray, n: int) -> np.ndarray:
    """Return the search parts of ``n`` stored vectors (:func:`encode` or :func:`encode_search` ones)."""
    out = search_part(vectors)
    if out.shape[0] != n:
        raise ValueError(f"expected {n} vectors, got {out.shape[0]}")
    return out


class MeaningIndex:
    """Top-k stored documents by cosine of :func:`sori.text.encode` vectors, with add and remove.

    Callers that store each document's vector pass it in (``build(docs, vectors=…)``, ``add(doc,
    vector=…)``, ``query(text, vector=…)``), so nothing is encoded twice; otherwise texts are encoded here.
    Above 20,000 documents a 128-dimensional principal-component copy picks 400 candidates that are then
    scored exactly, which keeps a query at 100,000 documents to a few milliseconds of arithmetic.
    """

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._matrix = np.zeros((0, SEARCH_DIM), dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._basis: np.ndarray | None = None  # (SEARCH_DIM, _REDUCED) projection, or None for exact search
        self._reduced = np.zeros((0, _REDUCED), dtype=np.float32)
        self._pending: dict[str, np.ndarray] = {}

    @classmethod
    def build(cls, docs: Sequence[Doc], *, vectors: np.ndarray | None = None) -> MeaningIndex:
        """Return an index over ``docs``; ``vectors`` (one row per doc) are their stored encodings."""
        index = cls()
        matrix = _rows(vectors, len(docs)) if vectors is not None else encode_search([d.text for d in docs])
        rows: dict[str, int] = {}
        for i, doc in enumerate(docs):  # a later duplicate id replaces the earlier
            index._texts[doc.id] = doc.text
            rows[doc.id] = i
        index._ids = list(rows)
        keep = list(rows.values())
        index._matrix = matrix if len(keep) == len(docs) else np.ascontiguousarray(matrix[keep])
        index._refit()
        return index

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, id: object) -> bool:
        return id in self._texts

    def text(self, id: str) -> str:
        """Return the stored text of ``id``."""
        return self._texts[id]

    def add(self, doc: Doc, *, vector: np.ndarray | None = None) -> None:
        """Store ``doc`` (replacing a stored document with the same id), with its vector if known."""
        if doc.id in self._texts:
            self.remove(doc.id)
        v = (_rows(vector[None, :], 1) if vector is not None else encode_search([doc.text]))[0]
        self._texts[doc.id] = doc.text
        self._pending[doc.id] = v
        if len(self._pending) >= _REBUILD_PENDING:
            self._merge()

    def remove(self, id: str) -> None:
        """Forget the document ``id``; unknown ids are ignored."""
        if self._texts.pop(id, None) is None:
            return
        if self._pending.pop(id, None) is not None:
            return
        row = self._row_of.pop(id, None)
        if row is not None:
            self._alive[row] = False

    def _merge(self) -> None:
        keep = np.flatnonzero(self._alive)
        self._ids = [self._ids[i] for i in keep.tolist()] + list(self._pending)
        parts = [self._matrix[keep]]
        if self._pending:
            parts.append(np.stack(list(self._pending.values())))
        self._matrix = np.ascontiguousarray(np.concatenate(parts).astype(np.float32))
        self._pending = {}
        self._refit()

    def _refit(self) -> None:
        n = self._matrix.shape[0]
        self._row_of = {id_: r for r, id_ in enumerate(self._ids)}
        self._alive = np.ones(n, dtype=bool)
        if n <= _EXACT_UP_TO:
            self._basis, self._reduced = None, np.zeros((0, _REDUCED), dtype=np.float32)
            return
        rows = np.sort(np.random.default_rng(0).choice(n, size=min(n, _FIT_SAMPLE), replace=False))
        sample = self._matrix[rows].astype(np.float64)
        _u, _s, vt = np.linalg.svd(sample - sample.mean(axis=0), full_matrices=False)
        self._basis = np.ascontiguousarray(vt[:_REDUCED].T.astype(np.float32))
        self._reduced = np.ascontiguousarray(self._matrix @ self._basis)

    def scores(self, vector: np.ndarray) -> tuple[list[str], np.ndarray]:
        """Return candidate ids with their cosine to a :func:`search_part` query vector (all when few)."""
        ids: list[str] = []
        parts: list[np.ndarray] = []
        if self._ids:
            if self._basis is None:
                rows = np.flatnonzero(self._alive)
                exact = self._matrix[rows] @ vector
            else:
                rough = self._reduced @ (vector @ self._basis)
                rough[~self._alive] = -np.inf
                take = min(_CANDIDATES, rough.shape[0])
                rows = np.argpartition(-rough, take - 1)[:take]
                rows = rows[np.isfinite(rough[rows])]
                exact = self._matrix[rows] @ vector
            ids.extend(self._ids[r] for r in rows.tolist())
            parts.append(exact)
        if self._pending:
            ids.extend(self._pending)
            parts.append(np.stack(list(self._pending.values())) @ vector)
        out = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return ids, np.clip(out, 0.0, 1.0)

    def query(
        self, text: str, k: int = 5, min_score: float = 0.35, *, vector: np.ndarray | None = None
    ) -> list[Match]:
        """Return up to ``k`` stored documents closest in meaning to ``text``, score ≥ ``min_score``.

        Best first; equal scores in id order; each match carries the keywords both texts share. The query
        is encoded unless its ``vector`` is given. An empty index or an empty text gives ``[]``.
        """
        if k <= 0 or not self._texts or not squash(text):
            return []
        q = (_rows(vector[None, :], 1) if vector is not None else encode_search([text]))[0]
        ids, scores = self.scores(q)
        top = np.argpartition(-scores, k - 1)[:k] if scores.shape[0] > k else np.arange(scores.shape[0])
        picked = sorted(
            ((round(float(scores[i]), 6), ids[i]) for i in top.tolist() if scores[i] >= min_score),
            key=lambda p: (-p[0], p[1]),
        )
        keywords_many([text, *(self._texts[id_] for _s, id_ in picked)], 1)
        return [Match(id_, s, shared_keywords(text, self._texts[id_])) for s, id_ in picked]
