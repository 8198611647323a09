"""The map of the voices on the organise screen: a series' proposals (or the waiting set) by meaning.

Points are coloured by demand, or by suggested group while waiting; each group is labelled with its
keywords. Hovering or focusing a point shows the proposal and who said it; clicking ticks it in the
grouping form when the screen lists it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sori.engagement.models import Series
from sori.text import keywords
from sori.voices.models import (
    Decision,
    Moderation,
    OrganisingRun,
    Proposal,
    RunStatus,
    Suggestion,
    SuggestionKind,
)
from sori.voices.voice_map import DrawnMap, PointIn, draw

WAITING = "waiting"
MAX_POINTS = 3000  # the most recent proposals of a very large series
_LABEL_CHARS = 1500


@dataclass
class StaffMap:
    choice: str
    title: str
    drawn: DrawnMap
    series: list[Series]
    total: int

    @property
    def options(self) -> list[tuple[str, str]]:
        """Return the maps to choose from: the waiting set, then each series."""
        return [(WAITING, str(_("묶기 대기 제안"))), *((f"series-{s.id}", s.title) for s in self.series)]


def map_series() -> list[Series]:
    """Return the series with accepted proposals, newest first (the map's choices besides the waiting set)."""
    return list(
        Series.objects.filter(
            engagements__proposals__moderation=Moderation.ACCEPTED,
            engagements__proposals__deleted_at__isnull=True,
        )
        .distinct()
        .order_by("-created_at", "-id")
    )


def _suggested_groups(ids: list[int]) -> dict[int, str]:
    """Return the suggested group key of each waiting proposal shown on the organise screen."""
    latest = OrganisingRun.objects.filter(status=RunStatus.DONE).order_by("-created_at", "-id").first()
    rows = (
        Suggestion.objects.filter(
            proposal_id__in=ids, kind=SuggestionKind.NEW_GROUP, active=True, proposal__demand__isnull=True
        )
        .exclude(decision=Decision.REJECTED)
        .order_by("id")
        .values_list("proposal_id", "run_id", "group")
    )
    out: dict[int, str] = {}
    for pid, run_id, group in rows:
        if run_id is None or (latest is not None and run_id == latest.id):
            out[pid] = f"g{run_id or 'p'}-{group}"
    return out


def staff_map(choice: str, *, tickable: set[int]) -> StaffMap:
    """Return the map the organise screen shows: ``series-<id>`` or the waiting set (the default)."""
    series = map_series()
    chosen = next((s for s in series if choice == f"series-{s.id}"), None)
    qs = Proposal.objects.filter(moderation=Moderation.ACCEPTED).select_related(
        "organisation", "person", "demand"
    )
    if chosen is not None:
        qs = qs.filter(engagement__series=chosen)
        title = chosen.title
    else:
        qs = qs.filter(demand__isnull=True)
        title = str(_("묶기 대기 제안"))
    total = qs.count()
    proposals = list(qs.order_by("-received_at", "-id")[:MAX_POINTS])
    suggested = _suggested_groups([p.id for p in proposals if p.demand_id is None])
    texts: dict[str, list[str]] = defaultdict(list)
    wanted = []
    for p in proposals:
        if p.demand_id is not None:
            group = f"d{p.demand_id}"
            where = _("수요") + ": " + p.demand.title[:80]  # type: ignore[union-attr]
        else:
            group = suggested.get(p.id, "")
            where = str(_("묶음 제안")) if group else str(_("묶기 대기"))
        if group:
            texts[group].append(p.text)
        wanted.append(
            PointIn(
                proposal_id=p.id,
                group=group,
                label=f"{p.proposer_label} — {p.text[:240]} ({where})",
                tickable=p.id in tickable,
            )
        )
    labels = {
        g: " · ".join(keywords(" ".join(t)[:_LABEL_CHARS], k=3)) for g, t in texts.items() if len(t) >= 2
    }
    key = f"series:{chosen.id}" if chosen is not None else WAITING
    return StaffMap(
        choice=f"series-{chosen.id}" if chosen else WAITING,
        title=title,
        drawn=draw(key, wanted, labels),
        series=series,
        total=total,
    )
