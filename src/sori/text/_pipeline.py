"""End-to-end organising of many proposals, near-duplicate mapping and repeat detection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ._classify import Classifier, Prediction, default_classifier
from ._cluster import Clustering, cluster
from ._dedup import duplicate_groups
from ._index import Doc, Match, SimilarityIndex
from ._morph import EojeolAnalyser, rank_phrases
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
) -> Organised:
    """Organise ``docs`` in one pass: near-duplicates, candidate demands with labels, categories, keywords.

    ``classifier`` defaults to :func:`default_classifier`. ``progress(done, total)`` is called after each of
    the six stages. Kiwi analyses each distinct word once for labels, categories and keywords together.
    """
    total = 6
    report = progress or (lambda _done, _total: None)
    analyser = EojeolAnalyser()
    texts = [squash(d.text) for d in docs]
    report(1, total)
    clustering, roots = cluster_with_roots(
        docs, texts, min_size, analyser, lambda done, _t: report(1 + done, total)
    )
    duplicates = {d.id: docs[r].id for d, r in zip(docs, roots, strict=True) if docs[r].id != d.id}
    model = classifier or default_classifier()
    predictions = model.predict(texts, analyser=analyser, normalised=True)
    nouns = analyser.nouns(texts)
    keywords = {d.id: tuple(rank_phrases(ns, 5)) for d, ns in zip(docs, nouns, strict=True)}
    report(total, total)
    return Organised(
        duplicates, clustering, {d.id: p for d, p in zip(docs, predictions, strict=True)}, keywords
    )


def cluster_with_roots(
    docs: Sequence[Doc],
    texts: list[str],
    min_size: int,
    analyser: EojeolAnalyser,
    progress: Callable[[int, int], None],
) -> tuple[Clustering, list[int]]:
    """Run :func:`cluster` on prepared texts and also return each document's duplicate-group root."""
    roots: list[int] = []
    clustering = cluster(
        docs, min_size=min_size, progress=progress, analyser=analyser, _texts=texts, _roots=roots
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
