"""In-process indexes of the text core, kept fresh by cheap fingerprints of the database.

``proposal_index()`` answers "similar earlier proposals" while staff type (a ``SimilarityIndex`` over accepted
proposals); ``demand_index()`` assigns a new proposal to the demand it most likely belongs to (a
``DemandIndex`` over demands not merged away) and ``demand_search_index()`` finds earlier demands across
rounds and years. Each is built lazily on first use. On every use a fingerprint (a count, a highest id and a
last change) is read: new proposals only are added incrementally with ``.add``; anything else rebuilds.
A lock makes the check-then-build atomic per process; queries on a built index need no lock.

Meaning: ``meaning_index()`` (a ``MeaningIndex`` over accepted proposals) and ``demand_meaning_index()``
(one entry per live demand, at the centre of its proposals' vectors through the grouping metric) are built
from the vectors stored per proposal (``sori.voices.vectors``) and never encode; ``nearest_demand()`` joins
the meaning and the word signal. Proposals whose vector is not stored yet are found by words only until it is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Max

from sori.core.models import AuditRecord
from sori.text import MODEL_VERSION, DemandIndex, Doc, MeaningIndex, SimilarityIndex, keywords
from sori.voices import vectors as stored
from sori.voices.models import Demand, Moderation, Proposal, ProposalVector, Stage

# Proposal texts per demand fed to the demand indexes (the title counts once more).
_MEMBERS_PER_DEMAND = 50
_DEMAND_DOC_CHARS = 1500

_lock = threading.Lock()


@dataclass
class _Cached:
    fingerprint: tuple[Any, ...]
    index: Any
    extra: dict[str, Any]


_cache: dict[str, _Cached] = {}


def _proposal_fingerprint() -> tuple[Any, ...]:
    accepted = Proposal.objects.filter(moderation=Moderation.ACCEPTED).aggregate(
        n=Count("id"), top=Max("id"), last=Max("created_at")
    )
    # Moderation, deleting and restoring take a proposal out of (or back into) the set without a new row.
    changed = AuditRecord.objects.filter(
        action__in=("proposal.moderate", "proposal.delete", "proposal.restore")
    ).aggregate(top=Max("id"), at=Max("at"))
    return (accepted["n"], accepted["top"], accepted["last"], changed["top"], changed["at"])


def _demand_fingerprint() -> tuple[Any, ...]:
    demands = Demand.objects.aggregate(n=Count("id"), top=Max("id"), last=Max("updated_at"))
    # Grouping moves proposals with a bulk update that leaves the demand untouched; its audit record does not.
    changed = AuditRecord.objects.filter(action__startswith="demand.").aggregate(top=Max("id"), at=Max("at"))
    return (demands["n"], demands["top"], demands["last"], changed["top"], changed["at"])


def proposal_index() -> SimilarityIndex:
    """Return the similarity index of accepted proposals, adding new ones or rebuilding when stale."""
    fingerprint = _proposal_fingerprint()
    with _lock:
        cached = _cache.get("proposals")
        if cached is not None and cached.fingerprint == fingerprint:
            return cached.index
        if cached is not None and _only_new(cached.fingerprint, fingerprint):
            new = list(
                Proposal.objects.filter(moderation=Moderation.ACCEPTED, id__gt=cached.fingerprint[1] or 0)
                .order_by("id")
                .values_list("id", "text")
            )
            if len(new) == fingerprint[0] - cached.fingerprint[0]:
                for pid, text in new:
                    cached.index.add(Doc(str(pid), text))
                cached.fingerprint = fingerprint
                return cached.index
        rows = (
            Proposal.objects.filter(moderation=Moderation.ACCEPTED).order_by("id").values_list("id", "text")
        )
        index = SimilarityIndex.build([Doc(str(pid), text) for pid, text in rows.iterator(chunk_size=2000)])
        _cache["proposals"] = _Cached(fingerprint, index, {})
        return index


def _only_new(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Return whether the change between two proposal fingerprints is new rows only (no moderation)."""
    return old[3:] == new[3:] and (new[1] or 0) > (old[1] or 0) and new[0] > old[0]


def _demand_members() -> tuple[dict[str, list[str]], dict[str, str]]:
    """Return each live demand's texts (title, then its accepted proposals) and its title."""
    demands = dict(
        Demand.objects.exclude(stage=Stage.MERGED).order_by("id").values_list("id", "title").iterator()
    )
    members: dict[str, list[str]] = {str(i): [t] for i, t in demands.items()}
    rows = (
        Proposal.objects.filter(demand_id__in=list(demands), moderation=Moderation.ACCEPTED)
        .order_by("demand_id", "id")
        .values_list("demand_id", "text")
    )
    for demand_id, text in rows.iterator(chunk_size=2000):
        texts = members[str(demand_id)]
        if len(texts) <= _MEMBERS_PER_DEMAND:
            texts.append(text)
    return members, {str(i): t for i, t in demands.items()}


def _demand_state(fingerprint: tuple[Any, ...]) -> _Cached:
    cached = _cache.get("demands")
    if cached is not None and cached.fingerprint == fingerprint:
        return cached
    members, titles = _demand_members()
    fit = [t for texts in members.values() for t in texts]
    index = DemandIndex.build(members, fit_texts=fit or None) if members else None
    docs = [Doc(i, " ".join(texts)[:_DEMAND_DOC_CHARS]) for i, texts in members.items()]
    search = SimilarityIndex.build(docs)
    state = _Cached(fingerprint, index, {"titles": titles, "search": search, "members": members})
    _cache["demands"] = state
    return state


def demand_index() -> tuple[DemandIndex | None, dict[str, str]]:
    """Return the demand index (None when there are no demands) and each demand id's title."""
    fingerprint = _demand_fingerprint()
    with _lock:
        state = _demand_state(fingerprint)
        return state.index, state.extra["titles"]


def demand_search_index() -> SimilarityIndex:
    """Return a similarity index of live demands (title and proposals) for repeats across rounds and years."""
    fingerprint = _demand_fingerprint()
    with _lock:
        search: SimilarityIndex = _demand_state(fingerprint).extra["search"]
        return search


def demand_keywords(demand_id: str, k: int = 8) -> list[str]:
    """Return the keywords of a demand's title and proposals (cached with the index)."""
    with _lock:
        state = _cache.get("demands")
        if state is None:
            return []
        words: dict[str, list[str]] = state.extra.setdefault("keywords", {})
        if demand_id not in words:
            texts = state.extra["members"].get(demand_id, [])
            words[demand_id] = keywords(" ".join(texts)[:_DEMAND_DOC_CHARS], k=k)
        return words[demand_id]


def shared(text_keywords: list[str] | tuple[str, ...], other: list[str] | tuple[str, ...]) -> list[str]:
    """Return the keywords of the first list also found in (or containing, or contained in) the second."""
    out = []
    for word in text_keywords:
        if any(word == o or (len(word) > 1 and word in o) or (len(o) > 1 and o in word) for o in other):
            out.append(word)
    return list(dict.fromkeys(out))


# ----------------------------------------------------------------------------------------------------
# Meaning, from stored vectors

# Cosine, through the grouping metric, of a proposal's vector to the centre of a demand's vectors needed to
# suggest joining it. On the labelled paraphrase sets (each proposal against the other members of every
# demand, a metric that never saw the set): 91 % of suggestions right and 60 % of proposals whose demand
# exists placed, where plain cosines at 0.45 gave 73 % and 48 % (docs/text.md).
DEMAND_BY_MEANING = 0.35
# The same for the word signal (``DemandIndex``, character n-gram LSA) keeps its own threshold inside. When
# meaning finds no demand, words alone must come close to a near-duplicate: in the demo, every demand the
# word signal alone suggested at 0.45–0.52 was wrong (overseas certification costs → housing subsidies).
WORDS_ALONE = 0.6


def _vector_fingerprint() -> tuple[Any, ...]:
    rows = ProposalVector.objects.filter(model=MODEL_VERSION).aggregate(n=Count("id"), last=Max("created_at"))
    return (rows["n"], rows["last"])


def meaning_index() -> MeaningIndex:
    """Return the meaning index of accepted proposals with a stored vector; new vectors are added."""
    proposals = _proposal_fingerprint()
    fingerprint = (proposals[3:], _vector_fingerprint())
    with _lock:
        cached = _cache.get("meaning")
        if cached is not None and cached.fingerprint == fingerprint:
            return cached.index
        if (
            cached is not None
            and cached.fingerprint[0] == fingerprint[0]
            and cached.extra["last"] is not None
            and fingerprint[1][0] >= cached.fingerprint[1][0]
        ):
            # Only vectors were written (new proposals, or texts encoded again): add those.
            fresh = ProposalVector.objects.filter(
                model=MODEL_VERSION,
                created_at__gte=cached.extra["last"],
                proposal__moderation=Moderation.ACCEPTED,
            ).values_list("proposal_id", "text_hash", "vector", "proposal__text")
            index: MeaningIndex = cached.index
            for pid, digest, raw, text in fresh:
                if digest == stored.text_hash(text):
                    index.add(Doc(str(pid), text), vector=stored.to_array(raw))
            cached.fingerprint, cached.extra["last"] = fingerprint, fingerprint[1][1]
            return index
        rows = (
            Proposal.objects.filter(moderation=Moderation.ACCEPTED).order_by("id").values_list("id", "text")
        )
        texts = dict(rows.iterator(chunk_size=2000))
        vectors = stored.stored_vectors(texts)
        ids = [pid for pid in texts if pid in vectors]
        index = MeaningIndex.build(
            [Doc(str(pid), texts[pid]) for pid in ids], vectors=stored.matrix_of(ids, vectors)
        )
        _cache["meaning"] = _Cached(fingerprint, index, {"last": fingerprint[1][1]})
        return index


def demand_meaning_index() -> DemandIndex:
    """Return live demands as centroids of their proposals' vectors, compared through the grouping metric."""
    fingerprint = (_demand_fingerprint(), _vector_fingerprint())
    with _lock:
        cached = _cache.get("demand_meaning")
        if cached is not None and cached.fingerprint == fingerprint:
            return cached.index
        members, _titles = _demand_members()
        rows = (
            Proposal.objects.filter(demand_id__in=[int(i) for i in members], moderation=Moderation.ACCEPTED)
            .order_by("demand_id", "-id")
            .values_list("demand_id", "id")
        )
        by_demand: dict[int, list[int]] = {}
        for demand_id, pid in rows.iterator(chunk_size=2000):
            ids = by_demand.setdefault(demand_id, [])
            if len(ids) < _MEMBERS_PER_DEMAND:
                ids.append(pid)
        vectors = stored.stored_vectors([p for ids in by_demand.values() for p in ids])
        members_of = {
            str(demand_id): stored.matrix_of([p for p in ids if p in vectors], vectors)
            for demand_id, ids in by_demand.items()
            if any(p in vectors for p in ids)
        }
        index = DemandIndex.by_meaning(members_of, threshold=DEMAND_BY_MEANING)
        _cache["demand_meaning"] = _Cached(fingerprint, index, {})
        return index


@dataclass(frozen=True)
class DemandMatch:
    """The demand a text most likely joins: the higher of its meaning and word scores, with both kept."""

    id: int
    title: str
    score: float
    meaning: float | None
    words: float | None
    keywords: list[str]


def nearest_demand(
    text: str, vector: np.ndarray | None, *, exclude: frozenset[int] = frozenset()
) -> DemandMatch | None:
    """Return the live demand ``text`` most likely joins (by meaning when ``vector`` is given, and by words).

    Answered demands count: a new voice asking what was already decided may join that demand. Demands in
    ``exclude`` (staff said no to them for this proposal) are never returned.
    """
    index, titles = demand_index()
    candidates: dict[int, dict[str, Any]] = {}
    if vector is not None:
        for found_id, score in demand_meaning_index().nearest_k(vector, 3 + len(exclude)):
            candidates.setdefault(int(found_id), {})["meaning"] = (min(1.0, score), [])
    if index is not None:
        for w in index.assign_many([text]):
            if w is not None:
                candidates.setdefault(int(w.id), {})["words"] = (float(w.score), list(w.shared_keywords))
    best: DemandMatch | None = None
    for demand_id, found in candidates.items():
        if demand_id in exclude or str(demand_id) not in titles:
            continue
        if vector is not None and "meaning" not in found and found["words"][0] < WORDS_ALONE:
            continue  # meaning saw no match; shared common words (AI, 지원, 비용) alone are not one
        meaning = found.get("meaning", (None, []))
        words = found.get("words", (None, []))
        score = max(s for s in (meaning[0], words[0]) if s is not None)
        reasons = shared(keywords(text), demand_keywords(str(demand_id))) or meaning[1] or words[1]
        match = DemandMatch(
            id=demand_id,
            title=titles[str(demand_id)],
            score=round(score, 4),
            meaning=None if meaning[0] is None else round(meaning[0], 4),
            words=None if words[0] is None else round(words[0], 4),
            keywords=list(reasons),
        )
        if best is None or match.score > best.score:
            best = match
    return best


def clear() -> None:
    """Forget every cached index (tests, and after restoring a backup)."""
    with _lock:
        _cache.clear()
