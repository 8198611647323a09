"""Reads for the organise screen, the "similar while typing" panel and the suggestion audit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from sori.text import normalize
from sori.voices import text_index, vectors
from sori.voices.models import (
    Decision,
    Demand,
    Moderation,
    OrganisingRun,
    Proposal,
    RunStatus,
    Stage,
    Suggestion,
    SuggestionKind,
    Theme,
)
from sori.voices.organise.runs import run_is_stale

# Waiting proposals outside any suggested group shown on one screen (the rest through the proposals list).
SINGLES_SHOWN = 200
MIN_QUERY_CHARS = 4
# Cosine of meaning from which a stored proposal counts as similar to the typed text (same-request pairs of
# the labelled paraphrase sets score 0.36 in the median, different requests 0.28 at the 90th percentile).
SIMILAR_BY_MEANING = 0.35


@dataclass
class Member:
    """One proposal of a suggested group: who said what, how well it fits, why, and what it duplicates."""

    proposal: Proposal
    score: float
    reasons: list[str]
    duplicate_of: Suggestion | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class Group:
    """A suggested group as the organise screen shows it."""

    number: int
    keywords: list[str]
    representative_text: str
    members: list[Member]
    theme: Theme | None
    theme_code: str
    theme_label: str
    theme_score: float
    theme_reasons: list[str]
    demand: Demand | None
    demand_score: float
    demand_reasons: list[str]
    run_id: int | None = None  # None: suggested when its proposals were saved, outside any run

    @property
    def key(self) -> str:
        """Return a key unique on the screen (group numbers repeat between a run and placement)."""
        return f"{self.run_id or 'p'}-{self.number}"

    @property
    def title(self) -> str:
        """Return the prefilled title of the new demand: the representative sentence."""
        return self.representative_text[:300]


@dataclass
class Single:
    """A waiting proposal in no suggested group, with the existing demand it would most likely join."""

    proposal: Proposal
    suggestion: Suggestion | None


@dataclass
class OrganisePage:
    run: OrganisingRun | None
    current: OrganisingRun | None
    groups: list[Group]
    singles: list[Single]
    waiting: int
    themes: list[Theme] = field(default_factory=list)
    # The latest run when it failed or its worker died (no progress for a long time): shown with its error.
    failed: OrganisingRun | None = None


def organise_page() -> OrganisePage:
    """Return the latest run's groups still waiting to be grouped, and the waiting proposals outside them."""
    runs = list(OrganisingRun.objects.order_by("-created_at", "-id")[:5])
    active = (RunStatus.QUEUED, RunStatus.RUNNING)
    current = next((r for r in runs if r.status in active and not run_is_stale(r)), None)
    latest = runs[0] if runs else None
    ended_badly = latest is not None and (latest.status == RunStatus.FAILED or run_is_stale(latest))
    failed = latest if ended_badly else None
    run = next((r for r in runs if r.status == RunStatus.DONE), None)
    themes = list(Theme.objects.all())
    waiting = list(
        Proposal.objects.filter(moderation=Moderation.ACCEPTED, demand__isnull=True)
        .select_related("organisation", "person", "engagement")
        .order_by("received_at", "id")
    )
    by_id = {p.id: p for p in waiting}
    suggestions = (
        list(
            Suggestion.objects.filter(
                proposal__moderation=Moderation.ACCEPTED, proposal__demand__isnull=True, active=True
            )
            .exclude(decision=Decision.REJECTED)
            .select_related("demand")
            .order_by("id")
        )
        if by_id
        else []
    )
    groups = _groups(run, suggestions, by_id, themes) if run is not None else []
    groups += _placed_groups(suggestions, by_id)
    grouped = {m.proposal.id for g in groups for m in g.members}
    best_demand: dict[int, Suggestion] = {}
    for s in suggestions:
        if s.kind == SuggestionKind.DEMAND and s.demand is not None and s.demand.stage != Stage.MERGED:
            best_demand[s.proposal_id] = s  # latest wins (ordered by id)
    singles = [Single(p, best_demand.get(p.id)) for p in waiting if p.id not in grouped][:SINGLES_SHOWN]
    return OrganisePage(run, current, groups, singles, len(waiting), themes, failed)


def _groups(
    run: OrganisingRun, suggestions: list[Suggestion], by_id: dict[int, Proposal], themes: list[Theme]
) -> list[Group]:
    members: dict[int, list[Member]] = {}
    duplicates = {s.proposal_id: s for s in suggestions if s.kind == SuggestionKind.DUPLICATE}
    for s in suggestions:
        if s.kind == SuggestionKind.NEW_GROUP and s.run_id == run.id and s.group is not None:
            members.setdefault(s.group, []).append(
                Member(
                    by_id[s.proposal_id],
                    s.score,
                    list(s.reasons),
                    duplicates.get(s.proposal_id),
                    dict(s.evidence or {}),
                )
            )
    described = {g["group"]: g for g in run.groups}
    demand_ids = [g["demand_id"] for g in run.groups if g.get("demand_id") and g["group"] in members]
    demands = (
        {d.id: d for d in Demand.objects.filter(id__in=demand_ids).exclude(stage=Stage.MERGED)}
        if demand_ids
        else {}
    )
    theme_by_code = {t.code: t for t in themes}
    out = []
    for number, group_members in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        g = described.get(number, {})
        demand = demands.get(g.get("demand_id") or 0)
        out.append(
            Group(
                number=number,
                keywords=list(g.get("keywords", [])),
                representative_text=_representative(g, group_members),
                members=group_members,
                theme=theme_by_code.get(g.get("theme", "")),
                theme_code=g.get("theme", ""),
                theme_label=g.get("theme_label", ""),
                theme_score=float(g.get("theme_score", 0.0)),
                theme_reasons=list(g.get("theme_reasons", [])),
                demand=demand,
                demand_score=float(g.get("demand_score", 0.0)) if demand else 0.0,
                demand_reasons=list(g.get("demand_reasons", [])) if demand else [],
                run_id=run.id,
            )
        )
    return out


def _placed_groups(suggestions: list[Suggestion], by_id: dict[int, Proposal]) -> list[Group]:
    """Return the groups suggested as proposals were saved (no run), of two or more waiting proposals."""
    found: dict[int, list[Suggestion]] = {}
    for s in suggestions:
        placed = s.kind == SuggestionKind.NEW_GROUP and s.run_id is None and s.group is not None
        if placed and s.group is not None and s.decision == "" and s.proposal_id in by_id:
            found.setdefault(s.group, []).append(s)
    out = []
    for number, rows in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(rows) < 2:
            continue
        members = [
            Member(by_id[s.proposal_id], s.score, list(s.reasons), None, dict(s.evidence or {})) for s in rows
        ]
        first = min(rows, key=lambda s: s.id)
        words = list((first.evidence or {}).get("keywords", [])) or list(first.reasons)
        out.append(
            Group(
                number=number,
                keywords=words,
                representative_text=first.label,
                members=members,
                theme=None,
                theme_code="",
                theme_label="",
                theme_score=0.0,
                theme_reasons=[],
                demand=None,
                demand_score=0.0,
                demand_reasons=[],
                run_id=None,
            )
        )
    return out


def _representative(described: dict[str, Any], members: list[Member]) -> str:
    """Return the run's representative sentence, or the best-fitting waiting member if it was grouped."""
    if any(m.proposal.id == described.get("representative_id") for m in members):
        return str(described.get("representative_text", ""))
    return max(members, key=lambda m: m.score).proposal.text


def running_run() -> OrganisingRun | None:
    """Return the latest run (for the progress bar)."""
    return OrganisingRun.objects.order_by("-created_at", "-id").first()


# ----------------------------------------------------------------------------------------------------
# Similar while typing


def similar_to(text: str, *, k: int = 5) -> dict[str, Any]:
    """Return the accepted proposals and the demand most similar to ``text``, each with score and keywords."""
    text = normalize(text or "")
    if len(text.replace(" ", "")) < MIN_QUERY_CHARS:
        return {"proposals": [], "demands": []}
    # The typed text is encoded once; stored proposals are compared through their stored vectors.
    meaning_index = text_index.meaning_index()
    vector = vectors.encode_query(text) if len(meaning_index) else None
    scored: dict[int, dict[str, Any]] = {}
    if vector is not None:
        for m in meaning_index.query(text, k=k, min_score=SIMILAR_BY_MEANING, vector=vector):
            scored.setdefault(int(m.id), {"words": None})["meaning"] = (m.score, list(m.shared_keywords))
    # Near-duplicates and shared phrases stay the word index's job.
    for m in text_index.proposal_index().query(text, k=k, min_score=0.2):
        scored.setdefault(int(m.id), {"meaning": None})["words"] = (m.score, list(m.shared_keywords))
    found = {
        p.id: p
        for p in Proposal.objects.filter(id__in=list(scored)).select_related(
            "organisation", "person", "demand"
        )
    }
    proposals: list[dict[str, Any]] = []
    for pid, s in scored.items():
        p = found.get(pid)
        if p is None:
            continue
        meaning, words = s.get("meaning"), s.get("words")
        score = max(x[0] for x in (meaning, words) if x is not None)
        proposals.append(
            {
                "id": p.id,
                "text": p.text[:300],
                "who": p.proposer_label,
                "score": round(float(score), 2),
                "meaning": round(float(meaning[0]), 2) if meaning else None,
                "words": round(float(words[0]), 2) if words else None,
                "keywords": (words[1] if words else []) or (meaning[1] if meaning else []),
                "demand": {"id": p.demand.id, "title": p.demand.title} if p.demand else None,
                "url": reverse("voices:demand_detail", args=[p.demand_id])
                if p.demand_id
                else reverse("voices:proposal_list") + f"?grouped=no&q={_first_words(p.text)}",
            }
        )
    proposals.sort(key=lambda row: (-row["score"], row["id"]))
    demands = []
    match = text_index.nearest_demand(text, vector)
    if match is not None:
        demands.append(
            {
                "id": match.id,
                "title": match.title,
                "score": round(match.score, 2),
                "meaning": round(match.meaning, 2) if match.meaning is not None else None,
                "words": round(match.words, 2) if match.words is not None else None,
                "keywords": match.keywords,
                "url": reverse("voices:demand_detail", args=[match.id]),
            }
        )
    return {"proposals": proposals[:k], "demands": demands}


def _first_words(text: str) -> str:
    from urllib.parse import quote

    return quote(" ".join(text.split()[:3]))


# ----------------------------------------------------------------------------------------------------
# The suggestion audit


def suggestion_rows(*, kind: str = "", decision: str = "") -> QuerySet[Suggestion]:
    """Return every suggestion with its proposal and decision; ``decision="none"`` keeps undecided ones."""
    qs = Suggestion.objects.select_related(
        "proposal__organisation", "proposal__person", "proposal__demand", "decided_by", "run"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if decision == "none":
        qs = qs.filter(decision="")
    elif decision:
        qs = qs.filter(decision=decision)
    return qs
