"""Reads of resource pools: capacity, units held by awards and pending per month, for pages, services and CLI.

``held`` is what live awards of any call on the pool hold (renewals, extensions and supplements already
decided included); ``pending`` is what is asked but not yet decided: the grants of each call's latest
selection run that is computed but not confirmed, and renewal, extension and supplement requests still under
review.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from sori.programs.models import (
    SHORT_TRACK,
    Application,
    ApplicationStatus,
    Award,
    AwardStatus,
    Call,
    Capacity,
    PoolCapacity,
    ResourcePool,
    RuleCode,
    RuleException,
    RunStatus,
    SelectionLine,
    SelectionRun,
)
from sori.programs.models.pools import capacity_in
from sori.programs.months import add_months, month_range_label, months_between

PerMonth = dict[dt.date, int]


def month_span(start: dt.date, end: dt.date) -> list[dt.date]:
    """Return every month from ``start`` to ``end``, both included (empty if ``end`` is earlier)."""
    return [add_months(start, i) for i in range(months_between(start, end) + 1)]


def term_months(start: dt.date, months: int) -> list[dt.date]:
    return [add_months(start, i) for i in range(months)]


def capacity_rows(pool_ids: Iterable[int]) -> dict[int, list[PoolCapacity]]:
    """Return each pool's capacity rows, oldest first (one query)."""
    rows: dict[int, list[PoolCapacity]] = defaultdict(list)
    for row in PoolCapacity.objects.filter(pool_id__in=list(pool_ids)).order_by("from_month"):
        rows[row.pool_id].append(row)
    return rows


def live_awards(pool_ids: Iterable[int], *, exclude_award_ids: Iterable[int] = ()) -> list[Award]:
    """Return the awards that hold units on the pools (every call's; reclaimed ones hold nothing)."""
    return list(
        Award.objects.filter(pool_id__in=list(pool_ids))
        .exclude(status=AwardStatus.RECLAIMED)
        .exclude(pk__in=list(exclude_award_ids))
        .select_related("organisation", "application", "call")
        .order_by("start_month", "id")
    )


def held_by_month(awards: Iterable[Award]) -> dict[int, Counter[dt.date]]:
    """Return units held per pool and month by ``awards``."""
    held: dict[int, Counter[dt.date]] = defaultdict(Counter)
    for award in awards:
        for m in term_months(award.start_month, award.months):
            held[award.pool_id][m] += award.units_in(m)
    return held


def pending_by_month(
    pool_ids: Iterable[int], *, exclude_call_id: int | None = None
) -> dict[int, Counter[dt.date]]:
    """Return units pending per pool and month: unconfirmed selection runs and undecided follow-ups.

    Only each call's latest run counts (an earlier run of the same call is superseded), and only its lines
    for applications still waiting for a decision; ``exclude_call_id`` leaves one call's runs out.
    """
    pool_ids = list(pool_ids)
    pending: dict[int, Counter[dt.date]] = defaultdict(Counter)
    pool_of = {
        (call_id, resource): pool_id
        for call_id, resource, pool_id in Capacity.objects.filter(pool_id__in=pool_ids).values_list(
            "call_id", "resource", "pool_id"
        )
    }
    latest = (
        SelectionRun.objects.filter(call=OuterRef("run__call")).order_by("-created_at", "-id").values("id")
    )
    lines = (
        SelectionLine.objects.filter(
            run__call_id__in={call_id for call_id, _r in pool_of},
            run__status=RunStatus.DONE,
            final__gt=0,
            application__status=ApplicationStatus.SUBMITTED,
        )
        .filter(run_id=Subquery(latest[:1]))
        .values_list(
            "run__call_id",
            "application__resource",
            "application__start_month",
            "application__months",
            "final",
        )
    )
    if exclude_call_id is not None:
        lines = lines.exclude(run__call_id=exclude_call_id)
    for call_id, resource, start, months, units in lines:
        pool_id = pool_of.get((call_id, resource))
        if pool_id is not None:
            for m in term_months(start, months):
                pending[pool_id][m] += units
    follow_ups = Application.objects.filter(
        award__pool_id__in=pool_ids, request_type__in=SHORT_TRACK, status=ApplicationStatus.SUBMITTED
    ).values_list("award__pool_id", "start_month", "months", "amount")
    for pool_id, start, months, units in follow_ups:
        for m in term_months(start, months):
            pending[pool_id][m] += units
    return pending


def capacity_exceptions(pool_ids: Iterable[int]) -> dict[int, list[RuleException]]:
    """Return each pool's capacity exceptions on awards that hold units (one query)."""
    out: dict[int, list[RuleException]] = defaultdict(list)
    rows = (
        RuleException.objects.filter(
            rule=RuleCode.CAPACITY, pool_id__in=list(pool_ids), award__isnull=False, first_month__isnull=False
        )
        .exclude(award__status=AwardStatus.RECLAIMED)
        .select_related("approved_by")
        .order_by("approved_at", "id")
    )
    for row in rows:
        if row.pool_id is not None:
            out[row.pool_id].append(row)
    return out


def exception_json(exception: RuleException) -> dict[str, Any]:
    return {
        "reason": exception.reason,
        "units": exception.units or 0,
        "approved_by": exception.approver_label,
        "approved_at": f"{timezone.localtime(exception.approved_at):%Y-%m-%d}",
    }


def approved_exceptions(pool: ResourcePool, month: dt.date) -> list[dict[str, Any]]:
    """Return the approved exceptions that let awards hold more than ``pool``'s capacity in ``month``.

    Each is ``{"reason": str, "units": int, "approved_by": str, "approved_at": "YYYY-MM-DD"}``: ``units`` is
    what the approval booked per month beyond what fitted (the whole request it let through).
    """
    return [exception_json(e) for e in capacity_exceptions([pool.pk])[pool.pk] if e.covers(month)]


@dataclass(frozen=True)
class OccupancyRow:
    """One pool-month: capacity, units held by awards, units pending, and exceptions allowing more."""

    pool: ResourcePool
    month: dt.date
    capacity: int
    held: int
    pending: int
    exceptions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def free(self) -> int:
        return self.capacity - self.held - self.pending

    @property
    def over(self) -> bool:
        return self.held > self.capacity

    @property
    def held_share(self) -> float:
        if not self.capacity:
            return 1.0 if self.held else 0.0
        return min(1.0, self.held / self.capacity)

    @property
    def pending_share(self) -> float:
        return min(1.0 - self.held_share, self.pending / self.capacity) if self.capacity else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "pool": self.pool.name,
            "month": f"{self.month:%Y-%m}",
            "capacity": self.capacity,
            "held": self.held,
            "pending": self.pending,
            "exceptions": self.exceptions,
        }


def _default_span(
    rows: list[PoolCapacity],
    held: Counter[dt.date],
    pending: Counter[dt.date],
    windows: list[tuple[dt.date, dt.date]],
) -> list[dt.date]:
    starts = [r.from_month for r in rows] + [m for m, u in held.items() if u] + [w[0] for w in windows]
    ends = (
        [r.from_month for r in rows] + [m for m, u in (held + pending).items() if u] + [w[1] for w in windows]
    )
    if not starts:
        return []
    return month_span(min(starts), max(ends))


def occupancy(
    *, pools: Iterable[ResourcePool] | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> list[OccupancyRow]:
    """Return one row per pool and month, pools by name.

    Without ``start``/``end`` each pool's months run from its first capacity, award or call month to its last
    call, award or pending month. A fixed number of queries for any number of pools.
    """
    pools = list(pools if pools is not None else ResourcePool.objects.all())
    ids = [p.id for p in pools]
    rows = capacity_rows(ids)
    held = held_by_month(live_awards(ids))
    pending = pending_by_month(ids)
    excepted = capacity_exceptions(ids)
    windows: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for cap in Capacity.objects.filter(pool_id__in=ids).select_related("call"):
        windows[cap.pool_id].append((cap.call.first_month, cap.call.last_month))
    out = []
    for pool in sorted(pools, key=lambda p: (p.name, p.id)):
        months = _default_span(rows[pool.id], held[pool.id], pending[pool.id], windows[pool.id])
        if start is not None or end is not None:
            first = start or (months[0] if months else end)
            last = end or (months[-1] if months else start)
            months = month_span(first, last) if first and last else []
        for m in months:
            out.append(
                OccupancyRow(
                    pool=pool,
                    month=m,
                    capacity=capacity_in(rows[pool.id], m),
                    held=held[pool.id][m],
                    pending=pending[pool.id][m],
                    exceptions=[exception_json(e) for e in excepted[pool.id] if e.covers(m)],
                )
            )
    return out


@dataclass(frozen=True)
class Holding:
    """An award holding units on a pool: who, which months, how many at most."""

    award: Award
    months_label: str
    units: int


@dataclass(frozen=True)
class PoolPage:
    pool: ResourcePool
    timeline: list[PoolCapacity]
    rows: list[OccupancyRow]
    holdings: list[Holding]
    calls: list[Call]


def holding(award: Award, months: list[dt.date] | None = None) -> Holding:
    """Describe what ``award`` holds in ``months`` (its whole term by default)."""
    span = [m for m in (months or term_months(award.start_month, award.months)) if award.units_in(m)]
    if not span:
        return Holding(award, "", 0)
    return Holding(
        award,
        month_range_label(span[0], months_between(span[0], span[-1]) + 1),
        max(award.units_in(m) for m in span),
    )


def pool_page(pool: ResourcePool) -> PoolPage:
    """Return a pool's capacity timeline, occupancy per month, the awards holding it and the calls on it."""
    awards = live_awards([pool.id])
    return PoolPage(
        pool=pool,
        timeline=list(pool.capacities.select_related("created_by")),
        rows=occupancy(pools=[pool]),
        holdings=[h for h in (holding(a) for a in awards) if h.units],
        calls=list(Call.objects.filter(capacities__pool=pool).select_related("program").distinct()),
    )


@dataclass(frozen=True)
class PoolSummary:
    pool: ResourcePool
    capacity_now: int
    held_now: int
    pending_now: int
    over_months: int
    calls: int


def pool_list(today: dt.date) -> list[PoolSummary]:
    """Return every pool with this month's capacity, held and pending, and how many months are over."""
    pools = list(ResourcePool.objects.select_related("operator"))
    rows = occupancy(pools=pools)
    month = today.replace(day=1)
    by_pool: dict[int, list[OccupancyRow]] = defaultdict(list)
    for row in rows:
        by_pool[row.pool.id].append(row)
    calls = Counter(Capacity.objects.filter(pool__in=pools).values_list("pool_id", flat=True))
    caps = capacity_rows(p.id for p in pools)
    out = []
    for pool in pools:
        now = next((r for r in by_pool[pool.id] if r.month == month), None)
        out.append(
            PoolSummary(
                pool=pool,
                capacity_now=capacity_in(caps[pool.id], month),
                held_now=now.held if now else 0,
                pending_now=now.pending if now else 0,
                over_months=sum(1 for r in by_pool[pool.id] if r.over and not r.exceptions),
                calls=calls[pool.id],
            )
        )
    return out


@dataclass(frozen=True)
class RunMonth:
    """One month of a selection run's pool: before the run, this run's grants, and after."""

    month: dt.date
    capacity: int
    held: int
    pending: int
    proposed: int

    @property
    def after(self) -> int:
        return self.held + self.proposed

    @property
    def free_after(self) -> int:
        return self.capacity - self.held - self.pending - self.proposed

    @property
    def over(self) -> bool:
        return self.after > self.capacity

    def share(self, units: int) -> float:
        return min(1.0, units / self.capacity) if self.capacity else 0.0


@dataclass(frozen=True)
class RunPool:
    pool: ResourcePool
    resource: str
    months: list[RunMonth]

    @property
    def utilisation_before(self) -> float:
        return _ratio(sum(m.held for m in self.months), sum(m.capacity for m in self.months))

    @property
    def utilisation_after(self) -> float:
        return _ratio(sum(m.after for m in self.months), sum(m.capacity for m in self.months))

    @property
    def over_months(self) -> list[RunMonth]:
        return [m for m in self.months if m.over]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def run_occupancy(run: SelectionRun) -> list[RunPool]:
    """Return, per pool the run's call draws on, each month of the call: capacity, held by other awards,
    pending elsewhere, this run's final grants and the total after it (live figures, not the run's snapshot).
    """
    call = run.call
    caps = list(call.capacities.select_related("pool").order_by("resource"))
    ids = [c.pool_id for c in caps]
    lines = list(run.lines.filter(final__gt=0).select_related("application"))
    own = {line.application_id for line in lines}
    rows = capacity_rows(ids)
    held = held_by_month(a for a in live_awards(ids) if a.application_id not in own)
    pending = pending_by_month(ids, exclude_call_id=call.id)
    months = month_span(call.first_month, call.last_month)
    out = []
    for cap in caps:
        proposed: Counter[dt.date] = Counter()
        for line in lines:
            if line.application.resource == cap.resource:
                for m in term_months(line.application.start_month, line.application.months):
                    proposed[m] += line.final
        out.append(
            RunPool(
                pool=cap.pool,
                resource=cap.resource,
                months=[
                    RunMonth(
                        month=m,
                        capacity=capacity_in(rows[cap.pool_id], m),
                        held=held[cap.pool_id][m],
                        pending=pending[cap.pool_id][m],
                        proposed=proposed[m],
                    )
                    for m in months
                ],
            )
        )
    return out
