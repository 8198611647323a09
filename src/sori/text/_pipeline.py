"""End-to-end organising of many proposals, near-duplicate mapping and repeat detection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from ._bulk import Mapper, chunked, mapper, serial
from ._classify import Classifier, Prediction, default_classifier
from ._cluster import Clustering, cluster
from ._dedup import duplicate_groups
from ._index import Doc, Match, SimilarityIndex
from ._morph import EojeolAnalyser, process_analyser, rank_phrases
from ._normalize import squash

__all__ = ["Organised", "find_repeats", "near_duplicates", "organise"]


def near_duplicates(docs: Sequence[Doc]) -> dict[str, str]:
    """Map each near-duplicate's id to the id of the earliest document (input order) of its group.

    Documents are near-duplicates when their character 5-gram sets (normalised, whitespace removed) have
    Jaccard similarity ≥ 0.8, directly or through a chain of such links. The earliest document of a group
    and documents without duplicates are not keys. Exact copies are always found.
    """
    roots = duplicate_groups([d.text for d in docs])
    return {d.id: docs[r].id for d, r in zip(docs, roots, strict=True) if docs[r].id != d.id}


@dataclass(frozen=True)
class Organised:
    """Result of :func:`organise`: duplicates, clusters with labels, a category and keywords per document."""

    duplicates: dict[str, str]
    clustering: Clustering
    categories: dict[str, Prediction]
    keywords: dict[str, tuple[str, ...]]


def organise(
    docs: Sequence[Doc],
    *,
    classifier: Classifier | None = None,
    progress: Callable[[int, int], None] | None = None,
    min_size: int = 2,
    workers: int = 1,
    run: Mapper | None = None,
    meaning: bool = False,
    vectors: np.ndarray | None = None,
) -> Organised:
    """Organise ``docs`` in one pass: near-duplicates, candidate demands with labels, categories, keywords.

    ``classifier`` defaults to :func:`default_classifier`. ``progress(done, total)`` is called after each of
    the six stages. Kiwi analyses each distinct word once per process for labels, categories and keywords.
    ``workers`` processes share the chunked stages (see :func:`._bulk.auto_workers` for a default), or
    ``run`` runs them (for example on a task queue's workers); the result is the same either way.
    ``meaning`` and ``vectors`` (stored :func:`sori.text.encode` vectors, one row per document) group by
    meaning, as in :func:`cluster`.
    """
    grouping = (meaning, vectors)
    if run is not None:
        return _organise_with(docs, classifier, progress, min_size, run, grouping)
    with mapper(workers) as pool:
        return _organise_with(docs, classifier, progress, min_size, pool, grouping)


def _organise_with(
    docs: Sequence[Doc],
    classifier: Classifier | None,
    progress: Callable[[int, int], None] | None,
    min_size: int,
    run: Mapper,
    grouping: tuple[bool, np.ndarray | None] = (False, None),
) -> Organised:
    if classifier is None and run.parallel:  # train it where Kiwi is loaded anyway, not here
        classifier = run(_default_model, [None])[0]
    return _organise(docs, classifier or default_classifier(), progress, min_size, run, grouping)


def _default_model(_: None) -> Classifier:
    return default_classifier()


def _organise(
    docs: Sequence[Doc],
    model: Classifier,
    progress: Callable[[int, int], None] | None,
    min_size: int,
    run: Mapper,
    grouping: tuple[bool, np.ndarray | None] = (False, None),
) -> Organised:
    total = 6
    report = progress or (lambda _done, _total: None)
    analyser = EojeolAnalyser()
    texts = [t for part in run(_squash_all, chunked(docs)) for t in part]
    report(1, total)
    clustering, roots = cluster_with_roots(
        docs,
        texts,
        min_size,
        analyser,
        lambda done, _t: report(1 + done, total),
        run,
        meaning=grouping[0],
        vectors=grouping[1],
    )
    duplicates = {d.id: docs[r].id for d, r in zip(docs, roots, strict=True) if docs[r].id != d.id}
    if run.parallel:
        parts = run(partial(_annotate, model), chunked(texts))
    else:  # share this process's word cache with the labels
        parts = [_annotate(model, part, analyser) for part in chunked(texts)]
    predictions = [p for part, _kw in parts for p in part]
    keywords = [k for _p, part in parts for k in part]
    report(total, total)
    return Organised(
        duplicates,
        clustering,
        {d.id: p for d, p in zip(docs, predictions, strict=True)},
        {d.id: k for d, k in zip(docs, keywords, strict=True)},
    )


def _squash_all(docs: Sequence[Doc]) -> list[str]:
    return [squash(d.text) for d in docs]


def _annotate(
    model: Classifier, texts: Sequence[str], analyser: EojeolAnalyser | None = None
) -> tuple[list[Prediction], list[tuple[str, ...]]]:
    """Return the category and the keywords of each normalised text (one chunk)."""
    analyser = analyser or process_analyser()
    predictions = model.predict(texts, analyser=analyser, normalised=True)
    keywords = [tuple(rank_phrases(ns, 5)) for ns in analyser.nouns(texts)]
    return predictions, keywords


def cluster_with_roots(
    docs: Sequence[Doc],
    texts: list[str],
    min_size: int,
    analyser: EojeolAnalyser,
    progress: Callable[[int, int], None],
    run: Mapper = serial,
    *,
    meaning: bool = False,
    vectors: np.ndarray | None = None,
) -> tuple[Clustering, list[int]]:
    """Run :func:`cluster` on prepared texts and also return each document's duplicate-group root."""
    roots: list[int] = []
    clustering = cluster(
        docs,
        min_size=min_size,
        progress=progress,
        analyser=analyser,
        meaning=meaning,
        vectors=vectors,
        _texts=texts,
        _roots=roots,
        _mapper=run,
    )
    return clustering, roots


def find_repeats(
    docs: Sequence[Doc], earlier: SimilarityIndex, *, min_score: float = 0.25
) -> dict[str, Match]:
    """Match each new document to the most similar earlier demand or proposal, if any scores ≥ ``min_score``.

    ``earlier`` indexes what was asked before (for example each past demand's title and summary, keyed by
    demand id, across rounds and years). Documents without a match are not keys.
    """
    out: dict[str, Match] = {}
    for doc in docs:
        hits = earlier.query(doc.text, k=1, min_score=min_score)
        if hits:
            out[doc.id] = hits[0]
    return out
