"""In-process indexes of the text core, kept fresh by cheap fingerprints of the database.

``proposal_index()`` answers "similar earlier proposals" while staff type (a ``SimilarityIndex`` over accepted
proposals); ``demand_index()`` assigns a new proposal to the demand it most likely belongs to (a
``DemandIndex`` over demands not merged away) and ``demand_search_index()`` finds earlier demands across
rounds and years. Each is built lazily on first use. On every use a fingerprint (a count, a highest id and a
last change) is read: new proposals only are added incrementally with ``.add``; anything else rebuilds.
A lock makes the check-then-build atomic per process; queries on a built index need no lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from sori.core.models import AuditRecord
from sori.text import DemandIndex, Doc, SimilarityIndex, keywords
from sori.voices.models import Demand, Moderation, Proposal, Stage

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
    # Moderation can take a proposal out of (or back into) the accepted set without a new row.
    changed = AuditRecord.objects.filter(action="proposal.moderate").aggregate(top=Max("id"), at=Max("at"))
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


def clear() -> None:
    """Forget every cached index (tests, and after restoring a backup)."""
    with _lock:
        _cache.clear()
