"""Demands as centroids of their members' vectors: assigning a new proposal to the nearest demand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from ._encoder import Encoder, TfidfHasher
from ._index import Match, shared_keywords
from ._meaning import DIM, MeaningEncoder, as_vectors
from ._metric import default_metric

__all__ = ["ASSIGN_THRESHOLD", "DemandIndex", "Embedder"]

ASSIGN_THRESHOLD = 0.45  # LSA cosine to a demand's centroid needed to join it


class Embedder(Protocol):
    """What a :class:`DemandIndex` needs from its vector space: a width and a way to embed texts."""

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


_PRIOR_ROWS = 50


class DemandIndex:
    """Demands as centroids of their members' vectors; assigns a new text to the nearest one in milliseconds.

    The vector space (IDF and projection) is frozen when the index is built, so assigning texts one at a
    time gives exactly what :meth:`assign_many` gives for the same texts.
    """

    def __init__(self, encoder: Embedder, threshold: float = ASSIGN_THRESHOLD) -> None:
        self.encoder = encoder
        self.threshold = threshold
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._sums = np.zeros((0, encoder.dim), dtype=np.float64)
        self._counts: list[int] = []
        self._keywords: dict[str, tuple[str, ...]] = {}
        self._unit: np.ndarray | None = None

    @classmethod
    def build(
        cls,
        demands: Mapping[str, Sequence[str]],
        *,
        threshold: float = ASSIGN_THRESHOLD,
        fit_texts: Sequence[str] | None = None,
    ) -> DemandIndex:
        """Return an index of ``demands`` (demand id → its member texts, for example title and proposals).

        The vector space is fitted on ``fit_texts`` if given (for example all proposals of the
        deployment), else on the member texts.
        """
        ids = [d for d, texts in demands.items() if texts]
        texts = [t for d in ids for t in demands[d]]
        counts = TfidfHasher.counts(texts)
        encoder = Encoder.fit(TfidfHasher.counts(fit_texts) if fit_texts is not None else counts)
        index = cls(encoder, threshold)
        emb = encoder.embed_weighted(encoder.hasher.weight(counts))
        start = 0
        for d in ids:
            n = len(demands[d])
            index._put(d, emb[start : start + n].sum(axis=0), n)
            start += n
        return index

    @classmethod
    def by_meaning(cls, demands: Mapping[str, np.ndarray], *, threshold: float) -> DemandIndex:
        """Return an index of demands (id → its members' stored :func:`sori.text.encode` vectors).

        Vectors are compared as a grouping run compares them: centred (on the members' mean, drawn
        towards the metric's own centre when there are few) and mapped by the grouping metric; with
        ``SORI_TEXT_METRIC=none``, plain centred cosines. Query it with :meth:`nearest_k` or
        ``assign_many(…, vectors=…)``.
        """
        ids = [d for d, v in demands.items() if len(v)]
        rows = {d: as_vectors(demands[d], len(demands[d])) for d in ids}
        every = np.vstack([rows[d] for d in ids]) if ids else np.zeros((0, DIM), dtype=np.float32)
        metric = default_metric()
        own = MeaningEncoder.fit(every).mean.astype(np.float64)
        if metric is not None:
            # A few demands have no mean of their own worth centring on (one demand alone would centre
            # to nothing): lean on the metric's centre as if it were _PRIOR_ROWS more members.
            n = every.shape[0]
            own = (n * own + _PRIOR_ROWS * metric.centre.astype(np.float64)) / (n + _PRIOR_ROWS)
        encoder = MeaningEncoder(own.astype(np.float32), metric)
        index = cls(encoder, threshold)
        if ids:
            sums = np.stack([encoder.transform(rows[d]).astype(np.float64).sum(axis=0) for d in ids])
            index._put_many(ids, sums, [len(rows[d]) for d in ids])
        return index

    def nearest_k(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Return up to ``k`` demands closest to one stored meaning vector, best first, at ``threshold``+."""
        if not self._ids or k <= 0 or not isinstance(self.encoder, MeaningEncoder):
            return []
        emb = self.encoder.transform(as_vectors(np.asarray(vector)[None, :], 1))[0].astype(np.float64)
        scores = np.round(self._units() @ emb, 9)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self._ids[i], float(scores[i])) for i in order.tolist() if scores[i] >= self.threshold]

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> tuple[str, ...]:
        """Return the demand ids in insertion order."""
        return tuple(self._ids)

    def _put(self, demand_id: str, vector_sum: np.ndarray, count: int) -> None:
        pos = self._pos.get(demand_id)
        if pos is None:
            self._pos[demand_id] = len(self._ids)
            self._ids.append(demand_id)
            self._sums = np.vstack([self._sums, vector_sum[None, :].astype(np.float64)])
            self._counts.append(count)
        else:
            self._sums[pos] += vector_sum
            self._counts[pos] += count
        self._unit = None

    def add_member(self, demand_id: str, text: str) -> None:
        """Add ``text`` to the demand ``demand_id`` (created if new), moving its centroid."""
        self._put(demand_id, self.encoder.embed([text])[0].astype(np.float64), 1)

    def remove(self, demand_id: str) -> None:
        """Forget the demand ``demand_id``; unknown ids are ignored."""
        self.remove_many([demand_id])

    def remove_many(self, demand_ids: Sequence[str]) -> None:
        """Forget several demands at once; unknown ids are ignored."""
        drop = {self._pos[d] for d in demand_ids if d in self._pos}
        if not drop:
            return
        keep = [i for i in range(len(self._ids)) if i not in drop]
        self._ids = [self._ids[i] for i in keep]
        self._counts = [self._counts[i] for i in keep]
        self._sums = self._sums[keep]
        self._pos = {d: i for i, d in enumerate(self._ids)}
        for d in demand_ids:
            self._keywords.pop(d, None)
        self._unit = None

    def _put_many(self, ids: Sequence[str], sums: np.ndarray, counts: Sequence[int]) -> None:
        """Append new demands in one step (ids must not be present yet)."""
        base = len(self._ids)
        self._ids.extend(ids)
        self._pos.update({d: base + i for i, d in enumerate(ids)})
        self._sums = np.vstack([self._sums, sums.astype(np.float64)])
        self._counts.extend(counts)
        self._unit = None

    def set_keywords(self, demand_id: str, words: Sequence[str]) -> None:
        """Record the label keywords of a demand (used to explain assignments)."""
        self._keywords[demand_id] = tuple(words)

    def _units(self) -> np.ndarray:
        if self._unit is None:
            norms = np.linalg.norm(self._sums, axis=1)
            norms[norms == 0] = 1.0
            self._unit = self._sums / norms[:, None]
        return self._unit

    def nearest(self, emb: np.ndarray, *, exact: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Return (best demand position or -1, score) for each embedding row, in blocks of 2048 rows.

        ``exact=False`` computes in float32 without rounding: faster, but may differ with the batching.
        """
        n = emb.shape[0]
        best = np.full(n, -1, dtype=np.int64)
        score = np.zeros(n, dtype=np.float64)
        if not self._ids or n == 0:
            return best, score
        units = self._units() if exact else self._units().astype(np.float32)
        for lo in range(0, n, 2048):
            if exact:  # float64 and rounding make the result independent of how rows are batched
                s = np.round(emb[lo : lo + 2048].astype(np.float64) @ units.T, 9)
            else:
                s = emb[lo : lo + 2048] @ units.T
            arg = np.argmax(s, axis=1)
            val = s[np.arange(s.shape[0]), arg]
            ok = val >= self.threshold
            best[lo : lo + 2048] = np.where(ok, arg, -1)
            score[lo : lo + 2048] = val
        return best, score

    def assign_many(self, texts: Sequence[str], *, vectors: np.ndarray | None = None) -> list[Match | None]:
        """Return the demand each text joins (or ``None``), with score and shared keywords.

        An index grouped by meaning accepts the texts' stored :func:`sori.text.encode` vectors as
        ``vectors`` (one row per text) instead of encoding them again.
        """
        if not texts:
            return []
        if vectors is not None and isinstance(self.encoder, MeaningEncoder):
            emb = self.encoder.transform(as_vectors(vectors, len(texts)))
        else:
            emb = self.encoder.embed(texts)
        best, score = self.nearest(emb)
        out: list[Match | None] = []
        for text, b, s in zip(texts, best.tolist(), score.tolist(), strict=True):
            if b < 0:
                out.append(None)
                continue
            demand = self._ids[b]
            words = self._keywords.get(demand, ())
            reason = tuple(w for w in shared_keywords(text, " ".join(words), 10) if w in words)[:5]
            out.append(Match(demand, float(min(1.0, max(0.0, s))), reason))
        return out

    def assign(self, text: str) -> Match | None:
        """Return the demand ``text`` joins, or ``None`` when no centroid reaches the threshold."""
        return self.assign_many([text])[0]
