"""Turn the text core's results into ``Suggestion`` rows, each with its score and its reasons (keywords)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from sori.text import DemandIndex, Doc, Organised
from sori.voices import text_index
from sori.voices import vectors as stored
from sori.voices.models import OrganisingRun, Suggestion, SuggestionKind, Theme
from sori.voices.organise.placement import _refusals
from sori.voices.organise.runs import char_jaccard, theme_label

log = logging.getLogger(__name__)


def _demand_suggestion(
    proposal_id: int, text_words: Sequence[str], match: Any, titles: dict[str, str], run: OrganisingRun | None
) -> Suggestion:
    reasons = text_index.shared(list(text_words), text_index.demand_keywords(match.id))
    return Suggestion(
        proposal_id=proposal_id,
        kind=SuggestionKind.DEMAND,
        run=run,
        demand_id=int(match.id),
        value=f"demand:{match.id}",
        label=titles.get(match.id, "")[:300],
        score=round(float(match.score), 4),
        reasons=reasons or list(match.shared_keywords),
    )


def _demand_suggestion_meaning(
    proposal_id: int, match: text_index.DemandMatch, run: OrganisingRun | None
) -> Suggestion:
    return Suggestion(
        proposal_id=proposal_id,
        kind=SuggestionKind.DEMAND,
        run=run,
        demand_id=match.id,
        value=f"demand:{match.id}",
        label=match.title[:300],
        score=match.score,
        reasons=match.keywords,
        evidence={"meaning": match.meaning, "words": match.words, "nearest": []},
    )


def build_suggestions(
    run: OrganisingRun,
    docs: list[Doc],
    result: Organised | None,
    index: DemandIndex | None,
    titles: dict[str, str],
    themes: dict[str, Theme],
    *,
    vectors: dict[int, np.ndarray] | None = None,
) -> tuple[list[Suggestion], list[dict[str, Any]]]:
    """Return the suggestion rows of a run and the description of each suggested group.

    With the proposals' stored ``vectors`` (a run grouped by meaning), each fit and each nearest demand is
    scored by meaning as well as by words; demands staff refused for a proposal are not suggested again.
    """
    if result is None or not docs:
        return [], []
    vectors = vectors if vectors and all(int(d.id) in vectors for d in docs) else None
    refused, _mates = _refusals([int(d.id) for d in docs])
    texts = {d.id: d.text for d in docs}
    rows: list[Suggestion] = []
    clustering = result.clustering
    members: dict[int, list[str]] = defaultdict(list)
    for doc in docs:
        number = clustering.assignments.get(doc.id, -1)
        if number >= 0:
            members[number].append(doc.id)
    # Each member's score is its cosine to its group's centroid, by the rule that made the group.
    in_groups = [i for n in sorted(members) for i in members[n]]
    fits = clustering.index.assign_many(
        [texts[i] for i in in_groups],
        vectors=stored.matrix_of([int(i) for i in in_groups], vectors) if vectors else None,
    )
    fit_of = dict(zip([i for n in sorted(members) for i in members[n]], fits, strict=True))
    groups: list[dict[str, Any]] = []
    labels = {c.cluster: c for c in clustering.clusters}
    for number in sorted(members):
        label = labels[number]
        ids = members[number]
        for pid in ids:
            fit = fit_of.get(pid)
            rows.append(
                Suggestion(
                    proposal_id=int(pid),
                    kind=SuggestionKind.NEW_GROUP,
                    run=run,
                    group=number,
                    value=f"group:{number}",
                    label=label.representative_text[:300],
                    score=round(float(fit.score), 4) if fit is not None else 0.0,
                    reasons=text_index.shared(list(result.keywords.get(pid, ())), list(label.keywords)),
                )
            )
        groups.append(_group(number, label, ids, result, index, titles, themes, texts, vectors))
    # Every waiting proposal: the existing demand it would join, its theme, and what it duplicates.
    if vectors:
        meaning = [
            text_index.nearest_demand(d.text, vectors[int(d.id)], exclude=frozenset(refused[int(d.id)]))
            for d in docs
        ]
    matches = (
        index.assign_many([d.text for d in docs]) if index is not None and not vectors else [None] * len(docs)
    )
    for i, (doc, match) in enumerate(zip(docs, matches, strict=True)):
        proposal_id = int(doc.id)
        words = result.keywords.get(doc.id, ())
        found = meaning[i] if vectors else None
        if found is not None:
            rows.append(_demand_suggestion_meaning(proposal_id, found, run))
        elif match is not None and int(match.id) not in refused[proposal_id]:
            rows.append(_demand_suggestion(proposal_id, words, match, titles, run))
        prediction = result.categories.get(doc.id)
        if prediction is not None:
            rows.append(
                Suggestion(
                    proposal_id=proposal_id,
                    kind=SuggestionKind.THEME,
                    run=run,
                    value=prediction.label,
                    label=theme_label(prediction.label, themes)[:300],
                    score=round(float(prediction.score), 4),
                    reasons=list(prediction.top_features),
                )
            )
        original = result.duplicates.get(doc.id)
        if original is not None:
            rows.append(
                Suggestion(
                    proposal_id=proposal_id,
                    kind=SuggestionKind.DUPLICATE,
                    run=run,
                    value=f"proposal:{original}",
                    label=texts[original][:300],
                    score=round(char_jaccard(doc.text, texts[original]), 4),
                    reasons=text_index.shared(list(words), list(result.keywords.get(original, ()))),
                )
            )
    return rows, groups


def _group(
    number: int,
    label: Any,
    ids: list[str],
    result: Organised,
    index: DemandIndex | None,
    titles: dict[str, str],
    themes: dict[str, Theme],
    texts: dict[str, str],
    vectors: dict[int, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Describe a suggested group: label, the theme most of its members point to, the demand it could join."""
    votes: dict[str, float] = defaultdict(float)
    reasons: dict[str, list[str]] = defaultdict(list)
    for pid in ids:
        p = result.categories.get(pid)
        if p is not None:
            votes[p.label] += p.score
            reasons[p.label].extend(p.top_features)
    theme = max(votes, key=lambda code: votes[code]) if votes else ""
    described: dict[str, Any] = {
        "group": number,
        "keywords": list(label.keywords),
        "representative_id": int(label.representative_id),
        "representative_text": label.representative_text,
        "size": len(ids),
        "theme": theme,
        "theme_label": theme_label(theme, themes) if theme else "",
        "theme_score": round(votes[theme] / len(ids), 4) if theme else 0.0,
        "theme_reasons": list(dict.fromkeys(reasons[theme]))[:5] if theme else [],
        "demand_id": None,
    }
    joined = "\n".join(texts[i] for i in ids)
    if vectors:
        centre = np.mean(np.stack([vectors[int(i)] for i in ids]), axis=0)
        found = text_index.nearest_demand(joined, centre / max(float(np.linalg.norm(centre)), 1e-9))
        if found is not None:
            described.update(
                demand_id=found.id,
                demand_title=found.title,
                demand_score=found.score,
                demand_reasons=found.keywords,
            )
        return described
    match = index.assign(joined) if index is not None else None
    if match is not None:
        described.update(
            demand_id=int(match.id),
            demand_title=titles.get(match.id, ""),
            demand_score=round(float(match.score), 4),
            demand_reasons=text_index.shared(list(label.keywords), text_index.demand_keywords(match.id)),
        )
    return described


def proposals_suggest_demand(*, proposal_ids: Sequence[int]) -> int:
    """Encode new proposals and place each one still waiting (see ``placement``); return suggestions written.

    Incremental: against the cached indexes, no re-run. Earlier undecided demand and group suggestions of
    these proposals are retired.
    """
    from sori.voices.organise.placement import proposals_place

    return proposals_place(proposal_ids=proposal_ids)


def suggest_after_commit(proposal_ids: list[int]) -> None:
    """Queue the demand suggestions of just-recorded proposals as one task; never fail the recording."""
    from sori.voices.organise.tasks import suggest_demand_task

    try:
        suggest_demand_task.delay(proposal_ids)
    except Exception:
        log.exception("demand suggestion for proposals %s failed", proposal_ids[:10])
