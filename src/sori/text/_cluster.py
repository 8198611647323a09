"""Clustering proposals into candidate demands, labelling them, and assigning new texts to demands."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ._bulk import Mapper, mapper
from ._dedup import duplicate_groups
from ._encoder import Encoder, TfidfHasher, fit_and_embed
from ._index import Doc, Match, shared_keywords
from ._morph import EojeolAnalyser, nouns_many
from ._normalize import squash

__all__ = ["ClusterLabel", "Clustering", "DemandIndex", "cluster"]

# LSA cosines. On pieces of one petition vs pieces of different ones the median is 0.46 vs 0.15 (99.9th
# percentile of the latter 0.52); average linkage and centroids both smooth single-pair noise.
LINK_THRESHOLD = 0.45  # average-linkage cosine at which proposals are merged into one candidate demand
ASSIGN_THRESHOLD = 0.45  # cosine to a demand's centroid needed to join it
_BLOCK = 1500  # proposals compared all-pairs at once; larger inputs are first split by k-means
_FANOUT = 64  # parts per k-means split
_KMEANS_SAMPLE = 20_000  # rows a split's k-means is fitted on
# Parts whose centroids each row of a split input is compared with. On 200,000 synthetic proposals the
# share of rows placed as comparing with every centroid would place them was 88 % with 4, 97 % with 16 and
# 99 % with 32, for 20 % more time; inputs of up to about 32 parts (50,000 texts) compare with all.
_PROBES = 32
_LABEL_SAMPLE = 12
_SENTENCE = re.compile(r"(?<=[.!?。])\s+|\n+")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ClusterLabel:
    """A readable label for a cluster: keywords and the sentence that best represents it."""

    cluster: int
    keywords: tuple[str, ...]
    representative_id: str
    representative_text: str
    size: int


class DemandIndex:
    """Demands as centroids of their members' vectors; assigns a new text to the nearest one in milliseconds.

    The vector space (IDF and projection) is frozen when the index is built, so assigning texts one at a
    time gives exactly what :meth:`assign_many` gives for the same texts.
    """

    def __init__(self, encoder: Encoder, threshold: float = ASSIGN_THRESHOLD) -> None:
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
        emb = index.encoder.embed_weighted(index.encoder.hasher.weight(counts))
        start = 0
        for d in ids:
            n = len(demands[d])
            index._put(d, emb[start : start + n].sum(axis=0), n)
            start += n
        return index

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

    def assign_many(self, texts: Sequence[str]) -> list[Match | None]:
        """Return the demand each text joins (or ``None``), with score and shared keywords."""
        if not texts:
            return []
        best, score = self.nearest(self.encoder.embed(texts))
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


@dataclass(frozen=True)
class Clustering:
    """Result of :func:`cluster`: each id's cluster (-1 for none) and a label per cluster.

    ``index`` assigns further texts to these clusters (demand ids are the cluster numbers as strings); on
    the clustered documents themselves it reproduces ``assignments`` exactly.
    """

    assignments: dict[str, int]
    clusters: tuple[ClusterLabel, ...]
    index: DemandIndex = field(compare=False, repr=False)


def _blocks(emb: np.ndarray, rows: np.ndarray, seed: int) -> list[np.ndarray]:
    """Split ``rows`` into groups of at most about ``_BLOCK`` rows of nearby vectors.

    Each level splits into at most ``_FANOUT`` parts with k-means fitted on a sample, so the cost grows
    with n log n rather than with n × (n / ``_BLOCK``).
    """
    n = rows.shape[0]
    if n <= 2 * _BLOCK:
        return [rows]
    from sklearn.cluster import MiniBatchKMeans

    x = emb[rows]
    norms = np.linalg.norm(x, axis=1)
    norms[norms == 0] = 1.0
    x /= norms[:, None]
    k = min(_FANOUT, math.ceil(n / _BLOCK))
    sample = (
        np.sort(np.random.default_rng(seed).choice(n, size=_KMEANS_SAMPLE, replace=False))
        if n > _KMEANS_SAMPLE
        else np.arange(n)
    )
    km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=1, batch_size=4096, max_iter=50)
    labels = km.fit(x[sample]).predict(x)
    del x
    out: list[np.ndarray] = []
    for c in range(k):
        part = rows[labels == c]
        if part.shape[0] == n:  # k-means could not split: cut in order
            return [rows[i : i + _BLOCK] for i in range(0, n, _BLOCK)]
        if part.shape[0]:
            out.extend(_blocks(emb, part, seed + 1))
    return out


def _link(emb: np.ndarray) -> np.ndarray:
    """Return average-linkage cluster numbers (from 0) of the rows, cut at ``LINK_THRESHOLD`` cosine."""
    n = emb.shape[0]
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - np.clip(emb.astype(np.float64) @ emb.T.astype(np.float64), -1.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    dist = np.maximum(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    return np.asarray(fcluster(tree, t=1.0 - LINK_THRESHOLD, criterion="distance"), dtype=np.int64) - 1


def _link_many(blocks: Sequence[np.ndarray]) -> list[np.ndarray]:
    return [_link(b) for b in blocks]


class _Cells:
    """The partition cells of a large input, used to compare each row with nearby centroids only.

    Every row searches its own cell (its duplicate-group leader's) and the ``_PROBES - 1`` cells whose
    centres are nearest to it, like an inverted-file index; centroids live in the cell they were formed in.
    Which cells a row searches does not depend on their order, so neither does the result.
    """

    def __init__(self, emb: np.ndarray, blocks: Sequence[np.ndarray], roots: np.ndarray) -> None:
        n, nb = emb.shape[0], len(blocks)
        cell = np.full(n, -1, dtype=np.int64)
        centres = np.zeros((nb, emb.shape[1]), dtype=np.float32)
        for b, rows in enumerate(blocks):
            cell[rows] = b
            centres[b] = emb[rows].mean(axis=0)
        centres /= np.maximum(np.linalg.norm(centres, axis=1), 1e-12)[:, None]
        cell = cell[roots]
        probes = min(_PROBES, nb)
        searched = np.empty((n, probes), dtype=np.int32)
        for lo in range(0, n, 8192):
            s = emb[lo : lo + 8192] @ centres.T
            own = cell[lo : lo + 8192]
            s[np.arange(s.shape[0]), own] = np.inf  # its own part always
            if probes < nb:
                searched[lo : lo + 8192] = np.argpartition(-s, probes - 1, axis=1)[:, :probes]
            else:
                searched[lo : lo + 8192] = np.arange(nb, dtype=np.int32)
        flat = searched.ravel()
        del searched
        owner = np.repeat(np.arange(n, dtype=np.int32), probes)
        order = np.argsort(flat, kind="stable")
        bounds = np.searchsorted(flat[order], np.arange(nb + 1))
        self.searchers = [owner[order[bounds[b] : bounds[b + 1]]] for b in range(nb)]

    def nearest(
        self, emb: np.ndarray, index: DemandIndex, home: np.ndarray, exact: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`DemandIndex.nearest`, comparing each row with the centroids of its searched cells only.

        ``home`` gives the cell of each centroid (by index position).
        """
        n = emb.shape[0]
        best = np.full(n, -1, dtype=np.int64)
        score = np.full(n, -np.inf, dtype=np.float64)
        units = index._units() if exact else index._units().astype(np.float32)
        order = np.argsort(home, kind="stable")
        bounds = np.searchsorted(home[order], np.arange(len(self.searchers) + 1))
        for b, rows_all in enumerate(self.searchers):
            cents = order[bounds[b] : bounds[b + 1]]
            if not cents.size or not rows_all.size:
                continue
            block = units[cents].T
            for lo in range(0, rows_all.shape[0], 8192):
                rows = rows_all[lo : lo + 8192]
                s = np.round(emb[rows].astype(np.float64) @ block, 9) if exact else emb[rows] @ block
                arg = np.argmax(s, axis=1)
                val = s[np.arange(s.shape[0]), arg].astype(np.float64)
                cand = cents[arg]
                cur = score[rows]
                better = (val > cur) | ((val == cur) & (cand < best[rows]))
                score[rows[better]] = val[better]
                best[rows[better]] = cand[better]
        score[~np.isfinite(score)] = 0.0
        return np.where(score >= index.threshold, best, -1), score


def cluster(
    docs: Sequence[Doc],
    *,
    min_size: int = 2,
    progress: Progress | None = None,
    analyser: EojeolAnalyser | None = None,
    workers: int = 1,
    _texts: list[str] | None = None,
    _roots: list[int] | None = None,
    _mapper: Mapper | None = None,
) -> Clustering:
    """Group ``docs`` into candidate demands of at least ``min_size`` documents each.

    Near-duplicates are linked first, the distinct texts are merged by average linkage on LSA vectors of
    character n-gram TF-IDF (after a k-means split when there are many), then every document is assigned
    to the nearest cluster centroid reaching ``ASSIGN_THRESHOLD`` — the same rule :class:`DemandIndex` applies
    to new documents. Cluster numbers run from 0 in order of each cluster's earliest document.

    When the input is split (more than ``2 * _BLOCK`` distinct texts), that last assignment compares each
    document with the centroids of its own part and the nearest other parts only, which keeps a million
    proposals to minutes; ``workers`` processes share the chunked stages.
    """
    if _mapper is None:
        with mapper(workers) as m:
            return cluster(
                docs,
                min_size=min_size,
                progress=progress,
                analyser=analyser,
                _texts=_texts,
                _roots=_roots,
                _mapper=m,
            )
    report = progress or (lambda _done, _total: None)
    texts = _texts if _texts is not None else [squash(d.text) for d in docs]
    n = len(docs)
    encoder, emb = fit_and_embed(texts, _mapper)
    report(1, 4)
    roots = (
        np.asarray(duplicate_groups(texts, normalised=True, mapper=_mapper), dtype=np.int64)
        if n
        else np.zeros(0, dtype=np.int64)
    )
    if _roots is not None:
        _roots.extend(roots.tolist())
    leaders = np.flatnonzero(roots == np.arange(n))
    report(2, 4)
    initial = np.full(n, -1, dtype=np.int64)
    blocks = _blocks(emb, leaders, 0) if leaders.size else []
    batches = [blocks[i : i + 16] for i in range(0, len(blocks), 16)]
    linked = [
        labels for batch in _mapper(_link_many, [[emb[b] for b in bs] for bs in batches]) for labels in batch
    ]
    homes: list[int] = []
    next_label = 0
    for b, (block, labels) in enumerate(zip(blocks, linked, strict=True)):
        initial[block] = labels + next_label
        width = int(labels.max()) + 1 if labels.size else 0
        homes.extend([b] * width)
        next_label += width
    initial = initial[roots] if n else initial
    report(3, 4)
    cells = _Cells(emb, blocks, roots) if len(blocks) > 1 else None
    final, index = _settle(emb, initial, min_size, encoder, cells, np.asarray(homes, dtype=np.int64))
    run = _mapper
    clustering = _label(docs, texts, emb, final, index, lambda sample: nouns_many(sample, run, analyser))
    report(4, 4)
    return clustering


def _settle(
    emb: np.ndarray,
    initial: np.ndarray,
    min_size: int,
    encoder: Encoder,
    cells: _Cells | None = None,
    homes: np.ndarray | None = None,
) -> tuple[np.ndarray, DemandIndex]:
    """Turn initial groups into centroids, assign every row to its nearest one, drop the small ones."""
    index = DemandIndex(encoder)
    n = emb.shape[0]
    if n == 0:
        return initial, index
    labels = initial[initial >= 0]
    sizes = np.bincount(labels) if labels.size else np.zeros(0, dtype=np.int64)
    keep = np.flatnonzero(sizes >= max(min_size, 1))
    if keep.size:
        sums = np.zeros((int(initial.max()) + 1, emb.shape[1]), dtype=np.float64)
        np.add.at(sums, initial[initial >= 0], emb[initial >= 0].astype(np.float64))
        index._put_many([str(c) for c in keep.tolist()], sums[keep], sizes[keep].tolist())

    def nearest(exact: bool) -> np.ndarray:
        if cells is None or homes is None:
            return index.nearest(emb, exact=exact)[0]
        home = homes[np.asarray([int(i) for i in index.ids], dtype=np.int64)]
        return cells.nearest(emb, index, home, exact)[0]

    # Settle cheaply in float32 first; the last passes use the exact rule that DemandIndex.assign uses.
    for exact in (False, True):
        while True:
            best = nearest(exact)
            size = np.bincount(best[best >= 0], minlength=len(index))
            small = [index.ids[i] for i in np.flatnonzero(size < max(min_size, 1)).tolist()]
            if not small:
                break
            index.remove_many(small)
    # Renumber clusters 0.. by earliest member, and the index ids with them.
    order: dict[int, int] = {}
    for b in best.tolist():
        if b >= 0 and b not in order:
            order[b] = len(order)
    renamed = DemandIndex(encoder)
    olds = [old for old, _new in sorted(order.items(), key=lambda p: p[1])]
    renamed._put_many([str(i) for i in range(len(olds))], index._sums[olds], [index._counts[o] for o in olds])
    final = np.array([order[b] if b >= 0 else -1 for b in best.tolist()], dtype=np.int64)
    return final, renamed


def _label(
    docs: Sequence[Doc],
    texts: list[str],
    emb: np.ndarray,
    final: np.ndarray,
    index: DemandIndex,
    nouns_of: Callable[[list[str]], list[list[str]]],  # noun phrases of each text
) -> Clustering:
    assignments = {d.id: int(c) for d, c in zip(docs, final.tolist(), strict=True)}
    k = len(index)
    if k == 0:
        return Clustering(assignments, (), index)
    units = index._units()
    members: list[list[int]] = [[] for _ in range(k)]
    for i, c in enumerate(final.tolist()):
        if c >= 0:
            members[c].append(i)
    samples: list[list[int]] = []
    for c in range(k):
        member_rows = np.asarray(members[c])
        s = np.round(emb[member_rows].astype(np.float64) @ units[c], 9)
        order = np.lexsort((member_rows, -s))
        samples.append(member_rows[order[:_LABEL_SAMPLE]].tolist())
    nouns = nouns_of([texts[i] for rows in samples for i in rows])
    per_doc = iter(nouns)
    doc_freq: list[Counter[str]] = []
    for rows in samples:
        counter: Counter[str] = Counter()
        for _ in rows:
            counter.update(set(next(per_doc)))
        doc_freq.append(counter)
    spread = Counter(w for counter in doc_freq for w in counter)
    labels: list[ClusterLabel] = []
    for c in range(k):
        rows = samples[c]
        need = 2 if len(rows) >= 3 else 1
        scored = sorted(
            ((f / len(rows)) * math.log(1.0 + k / spread[w]), w) for w, f in doc_freq[c].items() if f >= need
        )
        words = tuple(w for _s, w in sorted(scored, key=lambda p: (-p[0], p[1]))[:5])
        index.set_keywords(str(c), words)
        rep = rows[0]
        labels.append(
            ClusterLabel(c, words, docs[rep].id, _best_sentence(texts[rep], index, units[c]), len(members[c]))
        )
    return Clustering(assignments, tuple(labels), index)


def _best_sentence(text: str, index: DemandIndex, unit: np.ndarray) -> str:
    """Return the sentence of ``text`` closest to the centroid (the whole text if it is one sentence)."""
    sentences = [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) >= 8]
    if len(sentences) <= 1:
        return text
    x = index.encoder.embed(sentences).astype(np.float64) @ unit
    return sentences[int(np.argmax(np.round(x, 9)))]
