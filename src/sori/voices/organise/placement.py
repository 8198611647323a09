"""Placing newly saved proposals right away, from their stored meaning vectors (no organising run needed).

After the transaction that recorded proposals commits (fast entry, imports, minutes, a public proposal
accepted by staff), one task encodes them in a batch and places each waiting one:

1. **join a demand** — the live demand (answered ones included) whose proposals' centre is nearest in
   meaning, or that the word index assigns it to (``text_index.nearest_demand``);
2. else **form a group** with other waiting proposals close in meaning (or in words: near-duplicates), or
   join the suggested group such a proposal is already in;
3. else it **waits**.

Each suggestion keeps why in ``evidence``: the meaning and word scores and the nearest proposals with
theirs. Placement only writes ``Suggestion`` rows: it never moves a proposal, and never changes a decided
suggestion. What staff refused for a proposal (a demand, or being grouped with certain proposals) is never
suggested to it again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction

from sori.text import keywords
from sori.voices import text_index, vectors
from sori.voices.models import Decision, Moderation, Proposal, Suggestion, SuggestionKind

# Cosine of meaning from which a waiting proposal is suggested as a group-mate (pairs asking the same in
# other words score 0.36 in the median on the labelled paraphrase sets; different requests reach 0.45 at
# the 99th percentile, so this errs on the side of leaving a proposal waiting).
GROUP_BY_MEANING = 0.45
# Word similarity (character n-grams) from which a waiting proposal is a group-mate: near-duplicates.
GROUP_BY_WORDS = 0.5
NEIGHBOURS = 20  # nearest proposals looked at per placed proposal
EVIDENCE_SHOWN = 3  # nearest proposals kept as the reason of a suggestion


@dataclass(frozen=True)
class Neighbour:
    id: int
    meaning: float | None
    words: float | None

    @property
    def score(self) -> float:
        return max(s for s in (self.meaning, self.words) if s is not None)

    @property
    def close(self) -> bool:
        return (self.meaning or 0.0) >= GROUP_BY_MEANING or (self.words or 0.0) >= GROUP_BY_WORDS


def _neighbours(pid: int, text: str, vector: np.ndarray | None) -> list[Neighbour]:
    found: dict[int, dict[str, float]] = defaultdict(dict)
    if vector is not None:
        for m in text_index.meaning_index().query(text, k=NEIGHBOURS + 1, min_score=0.3, vector=vector):
            found[int(m.id)]["meaning"] = float(m.score)
    for m in text_index.proposal_index().query(text, k=NEIGHBOURS + 1, min_score=0.3):
        found[int(m.id)]["words"] = float(m.score)
    found.pop(pid, None)
    out = [Neighbour(i, f.get("meaning"), f.get("words")) for i, f in found.items()]
    return sorted(out, key=lambda n: (-n.score, n.id))


def _refusals(ids: Sequence[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Return, per proposal, the demands and the group-mates staff said no to."""
    demands: dict[int, set[int]] = defaultdict(set)
    mates: dict[int, set[int]] = defaultdict(set)
    refused = Suggestion.objects.filter(proposal_id__in=list(ids), decision=Decision.REJECTED)
    groups = set()
    for s in refused.only("proposal_id", "kind", "demand_id", "run_id", "group"):
        if s.kind == SuggestionKind.DEMAND and s.demand_id is not None:
            demands[s.proposal_id].add(s.demand_id)
        elif s.kind == SuggestionKind.NEW_GROUP:
            groups.add((s.run_id, s.group))
    for run_id, group in groups:
        members = list(
            Suggestion.objects.filter(kind=SuggestionKind.NEW_GROUP, run_id=run_id, group=group).values_list(
                "proposal_id", flat=True
            )
        )
        for p in members:
            if p in ids:
                mates[p].update(m for m in members if m != p)
    return demands, mates


def _evidence(
    match: Any, neighbours: list[Neighbour], texts: dict[int, str], keep: set[int] | None = None
) -> dict[str, Any]:
    shown = [n for n in neighbours if keep is None or n.id in keep][:EVIDENCE_SHOWN]
    return {
        "meaning": None if match is None else match.meaning,
        "words": None if match is None else match.words,
        "nearest": [
            {"id": n.id, "text": texts.get(n.id, "")[:160], "score": round(n.score, 4), "meaning": n.meaning}
            for n in shown
        ],
    }


def proposals_place(*, proposal_ids: Sequence[int]) -> int:
    """Encode the proposals (those not yet encoded) and suggest where each waiting one goes; return how many
    suggestions were written."""
    ids = [int(i) for i in proposal_ids]
    vecs = vectors.vectors_ensure(ids)
    waiting = list(
        Proposal.objects.filter(id__in=ids, moderation=Moderation.ACCEPTED, demand__isnull=True)
        .order_by("id")
        .values_list("id", "text")
    )
    if not waiting:
        return 0
    placed = [pid for pid, _t in waiting]
    refused_demands, refused_mates = _refusals(placed)
    rows: list[Suggestion] = []
    # Group rows written in this batch, by proposal: a later proposal of the batch joins them, not a copy.
    pending: dict[int, Suggestion] = {}
    found = {pid: _neighbours(pid, text, vecs.get(pid)) for pid, text in waiting}
    # The neighbours' demands and words, read once for the whole batch (an import places thousands).
    rows_of = {
        nid: (demand_id, words)
        for nid, demand_id, words in Proposal.objects.filter(
            id__in={n.id for ns in found.values() for n in ns}, moderation=Moderation.ACCEPTED
        ).values_list("id", "demand_id", "text")
    }
    for pid, text in waiting:
        vector = vecs.get(pid)
        neighbours = [n for n in found[pid] if n.id in rows_of]
        near = {n.id: rows_of[n.id][0] for n in neighbours}
        texts = {n.id: rows_of[n.id][1] for n in neighbours}
        match = text_index.nearest_demand(text, vector, exclude=frozenset(refused_demands[pid]))
        if match is not None:
            members = {n.id for n in neighbours if near[n.id] == match.id}
            rows.append(
                Suggestion(
                    proposal_id=pid,
                    kind=SuggestionKind.DEMAND,
                    demand_id=match.id,
                    value=f"demand:{match.id}",
                    label=match.title[:300],
                    score=match.score,
                    reasons=match.keywords,
                    evidence=_evidence(match, neighbours, texts, members),
                )
            )
            continue
        if pid in pending:
            continue  # already put in a group by a proposal placed before it in this batch
        mates = [n for n in neighbours if n.close and near[n.id] is None and n.id not in refused_mates[pid]]
        if mates:
            new = _group_rows(pid, text, mates, neighbours, texts, pending, set(placed))
            rows.extend(new)
            pending.update((r.proposal_id, r) for r in new)
    with transaction.atomic():
        Suggestion.objects.filter(
            proposal_id__in=placed,
            kind__in=[SuggestionKind.DEMAND, SuggestionKind.NEW_GROUP],
            decision="",
            active=True,
        ).update(active=False)
        Suggestion.objects.bulk_create(rows)
    return len(rows)


def _group_rows(
    pid: int,
    text: str,
    mates: list[Neighbour],
    neighbours: list[Neighbour],
    texts: dict[int, str],
    pending: dict[int, Suggestion],
    batch: set[int],
) -> list[Suggestion]:
    """Return the rows putting ``pid`` in a suggested group with its close waiting neighbours."""
    mate_ids = {n.id for n in mates}
    words = keywords(text)
    # A close neighbour already in a suggested group (of this batch, or saved earlier): join that group.
    joined = next((pending[n.id] for n in mates if n.id in pending), None) or (
        Suggestion.objects.filter(
            proposal_id__in=list(mate_ids - batch), kind=SuggestionKind.NEW_GROUP, decision="", active=True
        )
        .order_by("-run_id", "id")
        .first()
    )
    if joined is not None:
        best = next(n for n in mates if n.id == joined.proposal_id)
        return [
            Suggestion(
                proposal_id=pid,
                kind=SuggestionKind.NEW_GROUP,
                run_id=joined.run_id,
                group=joined.group,
                value=joined.value,
                label=joined.label,
                score=round(best.score, 4),
                reasons=text_index.shared(words, keywords(texts.get(best.id, ""))),
                evidence={
                    **_evidence(None, neighbours, texts, mate_ids),
                    "keywords": joined.evidence.get("keywords", []),
                },
            )
        ]
    # Otherwise a new group of its own (numbered by the proposal that formed it; it belongs to no run).
    members = sorted([pid, *mate_ids])
    label = (texts.get(members[0]) if members[0] != pid else text) or text
    shared = text_index.shared(words, [w for m in mate_ids for w in keywords(texts.get(m, ""))])
    rows = [
        Suggestion(
            proposal_id=pid,
            kind=SuggestionKind.NEW_GROUP,
            group=pid,
            value=f"group:{pid}",
            label=label[:300],
            score=round(mates[0].score, 4),
            reasons=shared,
            evidence={**_evidence(None, neighbours, texts, mate_ids), "keywords": shared[:5]},
        )
    ]
    for n in mates:
        if n.id in pending:
            continue
        rows.append(
            Suggestion(
                proposal_id=n.id,
                kind=SuggestionKind.NEW_GROUP,
                group=pid,
                value=f"group:{pid}",
                label=label[:300],
                score=round(n.score, 4),
                reasons=text_index.shared(keywords(texts.get(n.id, "")), words),
                evidence={
                    "meaning": n.meaning,
                    "words": n.words,
                    "nearest": [
                        {"id": pid, "text": text[:160], "score": round(n.score, 4), "meaning": n.meaning}
                    ],
                    "keywords": shared[:5],
                },
            )
        )
    return rows
