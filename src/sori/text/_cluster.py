"""Clustering proposals into candidate demands (the driver: vectors, linkage, settling on centroids).

The pieces live beside it: :mod:`._demand_index` (demands as centroids, assigning new texts),
:mod:`._partition` (splitting large inputs) and :mod:`._labels` (titles, keywords, representatives).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ._bulk import Mapper, mapper
from ._dedup import duplicate_groups
from ._demand_index import ASSIGN_THRESHOLD, DemandIndex, Embedder
from ._encoder import fit_and_embed
from ._index import Doc
from ._labels import ClusterLabel, label_clusters
from ._meaning import MeaningEncoder, as_vectors, encode
from ._metric import Metric, default_metric
from ._morph import EojeolAnalyser, chunks_many, nouns_many
from ._normalize import squash
from ._partition import Cells, blocks

__all__ = [
    "ASSIGN_THRESHOLD",
    "LINK_THRESHOLD",
    "MEANING_ASSIGN_THRESHOLD",
    "MEANING_LINK_THRESHOLD",
    "MEANING_MAX",
    "ClusterLabel",
    "Clustering",
    "DemandIndex",
    "cluster",
]

# LSA cosines. On pieces of one petition vs pieces of different ones the median is 0.46 vs 0.15 (99.9th
# percentile of the latter 0.52); average linkage and centroids both smooth single-pair noise.
LINK_THRESHOLD = 0.45  # average-linkage cosine at which proposals are merged into one candidate demand
# Cosines of centred meaning vectors under the learned metric (_meaning, _metric). Chosen by leave-one-set-
# out cross-validation on the labelled paraphrase sets a–e, g and h in tests/text/fixtures (the metric
# refitted without the set scored); set f was written afterwards and held out. Mixing in a lexical cosine
# of Kiwi nouns did not help (docs/text.md).
MEANING_LINK_THRESHOLD = 0.27
MEANING_ASSIGN_THRESHOLD = 0.25
# The same without a metric (SORI_TEXT_METRIC=none): plain centred cosines, chosen the same way on a–c.
PLAIN_LINK_THRESHOLD = 0.12
PLAIN_ASSIGN_THRESHOLD = 0.45
_SHIPPED = "shipped"
MEANING_MAX = 3000  # inputs up to this size are grouped by meaning by default (one linkage block; ~30 s)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Clustering:
    """Result of :func:`cluster`: each id's cluster (-1 for none) and a label per cluster.

    ``index`` assigns further texts to these clusters (demand ids are the cluster numbers as strings); on
    the clustered documents themselves it reproduces ``assignments`` exactly.
    """

    assignments: dict[str, int]
    clusters: tuple[ClusterLabel, ...]
    index: DemandIndex = field(compare=False, repr=False)


def _link(emb: np.ndarray, threshold: float = LINK_THRESHOLD) -> np.ndarray:
    """Return average-linkage cluster numbers (from 0) of the rows, cut at ``threshold`` cosine."""
    n = emb.shape[0]
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - np.clip(emb.astype(np.float64) @ emb.T.astype(np.float64), -1.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    dist = np.maximum(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    return np.asarray(fcluster(tree, t=1.0 - threshold, criterion="distance"), dtype=np.int64) - 1


def _link_many(parts: Sequence[np.ndarray]) -> list[np.ndarray]:
    return [_link(b) for b in parts]


def cluster(
    docs: Sequence[Doc],
    *,
    min_size: int = 2,
    progress: Progress | None = None,
    analyser: EojeolAnalyser | None = None,
    workers: int = 1,
    meaning: bool = False,
    vectors: np.ndarray | None = None,
    _texts: list[str] | None = None,
    _roots: list[int] | None = None,
    _mapper: Mapper | None = None,
    _metric: Metric | str | None = _SHIPPED,
) -> Clustering:
    """Group ``docs`` into candidate demands of at least ``min_size`` documents each.

    Near-duplicates are linked first, the distinct texts are merged by average linkage on LSA vectors of
    character n-gram TF-IDF (after a k-means split when there are many), then every document is assigned
    to the nearest cluster centroid reaching ``ASSIGN_THRESHOLD`` — the same rule :class:`DemandIndex` applies
    to new documents. Cluster numbers run from 0 in order of each cluster's earliest document.

    When the input is split (more than ``2 * BLOCK`` distinct texts), that last assignment compares each
    document with the centroids of its own part and the nearest other parts only, which keeps a million
    proposals to minutes; ``workers`` processes share the chunked stages.

    ``meaning=True`` groups by meaning instead: sentence-encoder vectors (:func:`sori.text.encode`, or the
    stored ``vectors`` given, one row per document in order), centred on their mean, mapped by the learned
    grouping metric (:func:`sori.text._metric.default_metric`), merged by average linkage at
    ``MEANING_LINK_THRESHOLD`` and assigned to centroids at ``MEANING_ASSIGN_THRESHOLD``. It
    finds paraphrases that share no words, at about 100 texts/s for encoding; meant for up to a few
    thousand proposals (:data:`MEANING_MAX`). The returned ``index`` then assigns new texts by meaning.
    """
    if _mapper is None:
        with mapper(workers) as m:
            return cluster(
                docs,
                min_size=min_size,
                progress=progress,
                analyser=analyser,
                meaning=meaning,
                vectors=vectors,
                _texts=_texts,
                _roots=_roots,
                _mapper=m,
                _metric=_metric,
            )
    report = progress or (lambda _done, _total: None)
    texts = _texts if _texts is not None else [squash(d.text) for d in docs]
    n = len(docs)
    thresholds = (LINK_THRESHOLD, ASSIGN_THRESHOLD)
    encoder: Embedder
    if meaning or vectors is not None:
        raw = as_vectors(vectors, n) if vectors is not None else encode(texts)
        metric = default_metric() if isinstance(_metric, str) else _metric
        encoder = MeaningEncoder.fit(raw, metric)
        emb = encoder.transform(raw)
        thresholds = (
            (MEANING_LINK_THRESHOLD, MEANING_ASSIGN_THRESHOLD)
            if metric is not None
            else (PLAIN_LINK_THRESHOLD, PLAIN_ASSIGN_THRESHOLD)
        )
    else:
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
    parts = blocks(emb, leaders, 0) if leaders.size else []
    if thresholds[0] == LINK_THRESHOLD:
        batches = [parts[i : i + 16] for i in range(0, len(parts), 16)]
        linked = [
            labels
            for batch in _mapper(_link_many, [[emb[b] for b in bs] for bs in batches])
            for labels in batch
        ]
    else:
        linked = [_link(emb[b], thresholds[0]) for b in parts]
    homes: list[int] = []
    next_label = 0
    for b, (block, labels) in enumerate(zip(parts, linked, strict=True)):
        initial[block] = labels + next_label
        width = int(labels.max()) + 1 if labels.size else 0
        homes.extend([b] * width)
        next_label += width
    initial = initial[roots] if n else initial
    report(3, 4)
    cells = Cells(emb, parts, roots) if len(parts) > 1 else None
    final, index = _settle(
        emb, initial, min_size, encoder, cells, np.asarray(homes, dtype=np.int64), thresholds[1]
    )
    run = _mapper
    named = label_clusters(
        docs,
        texts,
        emb,
        final,
        index,
        lambda sample: nouns_many(sample, run, analyser),
        lambda sample: chunks_many(sample, run, analyser),
    )
    report(4, 4)
    return Clustering({d.id: int(c) for d, c in zip(docs, final.tolist(), strict=True)}, named, index)


def _settle(
    emb: np.ndarray,
    initial: np.ndarray,
    min_size: int,
    encoder: Embedder,
    cells: Cells | None = None,
    homes: np.ndarray | None = None,
    threshold: float = ASSIGN_THRESHOLD,
) -> tuple[np.ndarray, DemandIndex]:
    """Turn initial groups into centroids, assign every row to its nearest one, drop the small ones."""
    index = DemandIndex(encoder, threshold)
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
    renamed = DemandIndex(encoder, threshold)
    olds = [old for old, _new in sorted(order.items(), key=lambda p: p[1])]
    renamed._put_many([str(i) for i in range(len(olds))], index._sums[olds], [index._counts[o] for o in olds])
    final = np.array([order[b] if b >= 0 else -1 for b in best.tolist()], dtype=np.int64)
    return final, renamed
