"""Reads for repeat demands: what staff confirmed was asked before (이전에도 제기된 요구), and when.

A demand's history is every demand it was confirmed to repeat, followed link by link (2026 → 2025 → 2020
gives both). A demand's date is when it was first raised: its first accepted proposal, else its creation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.voices.models import Demand, Moderation, Proposal, RepeatLink, RepeatStatus

# Links are followed at most this deep; a longer chain is cut, never looped (links cannot form a cycle).
MAX_DEPTH = 20


@dataclass(frozen=True)
class EarlierDemand:
    """An earlier demand asking for the same, with when it was first raised and in which series.

    ``link`` is the confirmed link from the asking demand itself, or None when it is reached through
    another earlier demand (only a direct link can be undone from the asking demand's page).
    """

    demand: Demand
    first_at: dt.datetime
    series: tuple[str, ...]
    link: RepeatLink | None

    @property
    def year(self) -> int:
        return timezone.localtime(self.first_at).year

    @property
    def direct(self) -> bool:
        return self.link is not None


@dataclass(frozen=True)
class AskedBefore:
    """A demand's confirmed history: the earlier demands oldest first, the rounds and the first year.

    ``rounds`` counts the distinct meetings where the demand or an earlier one was raised (a demand raised
    outside meetings counts as one round); ``first_year`` is the year the oldest of them was first raised.
    Both are 0 when nothing was asked before.
    """

    demand_id: int
    earlier: tuple[EarlierDemand, ...] = ()
    rounds: int = 0
    first_year: int = 0

    def __bool__(self) -> bool:
        return bool(self.earlier)

    @property
    def years(self) -> list[int]:
        """Return the distinct years the earlier demands were raised in, oldest first."""
        return sorted({e.year for e in self.earlier})

    @property
    def years_label(self) -> str:
        """Return '2020년, 2025년'."""
        return ", ".join(_("%(year)s년") % {"year": y} for y in self.years)

    @property
    def rounds_label(self) -> str:
        """Return '3회 (2020년부터)', or '' when nothing was asked before."""
        if not self.earlier:
            return ""
        return _("%(rounds)s회 (%(year)s년부터)") % {"rounds": self.rounds, "year": self.first_year}


def first_raised(demands: Iterable[Demand]) -> dict[int, dt.datetime]:
    """Return when each demand was first raised (first accepted proposal, else creation); one query."""
    demands = list(demands)
    found = dict(
        Proposal.objects.filter(demand__in=demands, moderation=Moderation.ACCEPTED)
        .order_by()
        .values("demand")
        .annotate(first=Min("received_at"))
        .values_list("demand", "first")
    )
    return {d.id: found.get(d.id) or d.created_at for d in demands}


def _confirmed_graph(ids: set[int]) -> tuple[dict[int, list[RepeatLink]], dict[int, Demand]]:
    """Return the confirmed links out of ``ids`` and out of every demand they reach, one query per level."""
    links: dict[int, list[RepeatLink]] = defaultdict(list)
    reached: dict[int, Demand] = {}
    frontier, seen = set(ids), set(ids)
    for _level in range(MAX_DEPTH):
        if not frontier:
            break
        rows = RepeatLink.objects.filter(
            demand_id__in=frontier, status=RepeatStatus.CONFIRMED
        ).select_related("earlier__theme")
        frontier = set()
        for link in rows:
            links[link.demand_id].append(link)
            reached[link.earlier_id] = link.earlier
            if link.earlier_id not in seen:
                seen.add(link.earlier_id)
                frontier.add(link.earlier_id)
    return links, reached


def asked_before_many(demand_ids: Iterable[int]) -> dict[int, AskedBefore]:
    """Return the confirmed history of each demand, keyed by id (an empty ``AskedBefore`` when none).

    One query per level of links (one in all when no demand has any), and one more for the proposals of the
    demands found, whatever the number of demands asked about.
    """
    ids = {int(i) for i in demand_ids}
    links, reached = _confirmed_graph(ids)
    out = {i: AskedBefore(demand_id=i) for i in ids}
    if not reached:
        return out
    ancestors: dict[int, dict[int, RepeatLink | None]] = {}
    for i in ids:
        found: dict[int, RepeatLink | None] = {link.earlier_id: link for link in links.get(i, [])}
        stack = list(found)
        while stack:
            for link in links.get(stack.pop(), []):
                if link.earlier_id != i and link.earlier_id not in found:
                    found[link.earlier_id] = None
                    stack.append(link.earlier_id)
        if found:
            ancestors[i] = found
    if not ancestors:
        return out

    first: dict[int, dt.datetime] = {}
    series: dict[int, set[str]] = defaultdict(set)
    meetings: dict[int, set[int]] = defaultdict(set)
    wanted = set(ancestors) | {e for found in ancestors.values() for e in found}
    rows = Proposal.objects.filter(demand_id__in=wanted, moderation=Moderation.ACCEPTED).values_list(
        "demand_id", "received_at", "engagement_id", "engagement__series__title"
    )
    for demand_id, received_at, engagement_id, series_title in rows:
        if demand_id not in first or received_at < first[demand_id]:
            first[demand_id] = received_at
        if engagement_id is not None:
            meetings[demand_id].add(engagement_id)
            series[demand_id].add(series_title)
    asking = {d.id: d for d in Demand.objects.filter(id__in=[i for i in ancestors if i not in first])}

    def first_at(demand_id: int) -> dt.datetime:
        if demand_id in first:
            return first[demand_id]
        demand = reached.get(demand_id) or asking[demand_id]
        return demand.created_at

    for i, found in ancestors.items():
        earlier = sorted(
            (
                EarlierDemand(
                    demand=reached[e], first_at=first_at(e), series=tuple(sorted(series[e])), link=link
                )
                for e, link in found.items()
            ),
            key=lambda x: (x.first_at, x.demand.id),
        )
        chain = [i, *found]
        rounds = len({m for d in chain for m in meetings[d]}) + sum(1 for d in chain if not meetings[d])
        first_year = min(timezone.localtime(first_at(d)).year for d in chain)
        out[i] = AskedBefore(demand_id=i, earlier=tuple(earlier), rounds=rounds, first_year=first_year)
    return out


def asked_before(demand: Demand) -> AskedBefore:
    """Return the demands ``demand`` repeats (confirmed, transitively), oldest first, with rounds and year."""
    return asked_before_many([demand.id])[demand.id]


def decided_with(demand: Demand) -> set[int]:
    """Return the demands staff already judged against ``demand`` (linked either way, or dismissed)."""
    pairs = RepeatLink.objects.filter(Q(demand=demand) | Q(earlier=demand)).values_list(
        "demand_id", "earlier_id"
    )
    return {other for pair in pairs for other in pair if other != demand.id}
