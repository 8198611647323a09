"""What the machine says on a demand: suggestion vs decision, a summary, repeats across rounds and years."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sori.text import summarize
from sori.voices import text_index
from sori.voices.models import Demand, Moderation, Proposal, Stage, Suggestion
from sori.voices.repeats import decided_with

REPEAT_MIN_SCORE = 0.25
REPEATS_SHOWN = 5
_QUERIES = 30  # the title and up to this many proposals are searched for repeats


@dataclass(frozen=True)
class Repeat:
    """An earlier demand (another series, or an earlier year) asking for much the same."""

    demand: Demand
    score: float
    keywords: list[str]
    series: list[str]


@dataclass(frozen=True)
class Compared:
    """One suggestion for a proposal of the demand and what staff decided (or what happened since)."""

    suggestion: Suggestion
    proposal: Proposal
    decision_label: str
    decided_label: str


@dataclass(frozen=True)
class MachineView:
    summary: list[str]
    compared: list[Compared]
    repeats: list[Repeat]


def demand_machine(demand: Demand) -> MachineView:
    """Return the summary, the suggestion-vs-decision rows and the earlier similar demands of ``demand``."""
    proposals = list(
        demand.proposals.filter(moderation=Moderation.ACCEPTED)
        .select_related("organisation", "person", "engagement__series")
        .order_by("received_at", "id")
    )
    suggestions = list(
        Suggestion.objects.filter(proposal__in=proposals)
        .select_related("decided_by", "demand")
        .order_by("proposal_id", "-created_at", "-id")
    )
    by_id = {p.id: p for p in proposals}
    compared = []
    for s in suggestions:
        if not s.active and not s.decision:
            continue  # retired by a later run before anyone decided
        if s.decision:
            decision, decided = s.get_decision_display(), s.decided_label
        else:
            decision, decided = "—", demand.title
        compared.append(Compared(s, by_id[s.proposal_id], str(decision), decided))
    return MachineView(
        summary=summarize([p.text for p in proposals], n=2) if proposals else [],
        compared=compared,
        repeats=demand_repeats(demand, proposals),
    )


def demand_repeats(demand: Demand, proposals: list[Proposal]) -> list[Repeat]:
    """Return demands from other series or earlier years that match this demand's title or proposals.

    Demands staff already judged against this one (linked as the same demand either way, or dismissed) are
    left out.
    """
    index = text_index.demand_search_index()
    mine = {p.engagement.series_id for p in proposals if p.engagement is not None}
    best: dict[int, float] = {}
    words: dict[int, list[str]] = defaultdict(list)
    for text in [demand.title, *(p.text for p in proposals[:_QUERIES])]:
        for m in index.query(text, k=REPEATS_SHOWN + 1, min_score=REPEAT_MIN_SCORE):
            other = int(m.id)
            if other == demand.id:
                continue
            best[other] = max(best.get(other, 0.0), float(m.score))
            words[other].extend(m.shared_keywords)
    for judged in decided_with(demand) if best else ():
        best.pop(judged, None)  # linked already (shown on the demand page) or dismissed as not the same
    if not best:
        return []
    series: dict[int, set[str]] = defaultdict(set)
    series_ids: dict[int, set[int]] = defaultdict(set)
    rows = Proposal.objects.filter(demand_id__in=list(best), engagement__isnull=False).values_list(
        "demand_id", "engagement__series_id", "engagement__series__title"
    )
    for demand_id, series_id, title in rows:
        series[demand_id].add(title)
        series_ids[demand_id].add(series_id)
    candidates = Demand.objects.filter(id__in=list(best)).exclude(stage=Stage.MERGED).select_related("theme")
    out = []
    for found in candidates:
        elsewhere = bool(series_ids[found.id]) and not (series_ids[found.id] & mine)
        earlier_year = found.created_at.year < demand.created_at.year
        if elsewhere or earlier_year:
            out.append(
                Repeat(
                    found,
                    round(best[found.id], 2),
                    list(dict.fromkeys(words[found.id]))[:6],
                    sorted(series[found.id]),
                )
            )
    out.sort(key=lambda r: -r.score)
    return out[:REPEATS_SHOWN]
