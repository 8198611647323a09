"""Capacity checks shared by the services that book units: the pool first, then the call's own cap.

A booking (a confirmed selection, an approved renewal, extension or supplement) locks the pool's row first, so
two bookings on one pool run one after the other and the second counts the first's units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sori.programs.models import Award, AwardStatus, Call, Capacity, ResourcePool
from sori.programs.models.pools import capacity_in
from sori.programs.months import month_label
from sori.programs.occupancy import capacity_rows, held_by_month, live_awards, term_months


def call_resource(call: Call, resource: str) -> Capacity:
    """Return the call's resource row with its pool; ValidationError if ``resource`` is not the call's."""
    cap = call.capacities.select_related("pool").filter(resource=resource).first()
    if cap is None:
        raise ValidationError(
            _("'%(r)s'은(는) 이 공고의 자원이 아닙니다. 공고의 자원 용량을 확인하세요.") % {"r": resource}
        )
    return cap


def pools_lock(pool_ids: Iterable[int]) -> list[ResourcePool]:
    """Lock the pools' rows until the transaction ends (in id order, so two lockers never deadlock)."""
    return list(ResourcePool.objects.select_for_update().filter(pk__in=set(pool_ids)).order_by("pk"))


def units_used(
    *, call: Call, resource: str, months: Iterable[dt.date], exclude_award_id: int | None = None
) -> dict[dt.date, int]:
    """Return the units the call's own live awards hold in each of ``months`` for ``resource``."""
    months = list(months)
    used = dict.fromkeys(months, 0)
    awards = Award.objects.filter(call=call, resource=resource).exclude(status=AwardStatus.RECLAIMED)
    if exclude_award_id is not None:
        awards = awards.exclude(pk=exclude_award_id)
    for award in awards:
        for m in months:
            used[m] += award.units_in(m)
    return used


@dataclass(frozen=True)
class Shortfall:
    """The first month a booking does not fit: the limit (the pool's or the call's own cap) and the units."""

    month: dt.date
    pool: ResourcePool
    limit: int
    taken: int
    extra: int
    call_cap: bool = False


def shortfall(
    *,
    call: Call,
    resource: str,
    start: dt.date,
    months: int,
    extra: int,
    exclude_award_id: int | None = None,
    pending: dict[dt.date, int] | None = None,
    pool: ResourcePool | None = None,
) -> Shortfall | None:
    """Return where ``extra`` more units per month from ``start`` would not fit, or None if they fit.

    The pool counts the live awards of every call on it; ``pending`` adds units about to be booked with
    these (the other grants of the same run). ``pool`` overrides the call's (an award stays on the pool it
    was booked on). The call's own cap, when set, counts only its awards.
    """
    cap = call_resource(call, resource)
    pool = pool or cap.pool
    span = term_months(start, months)
    rows = capacity_rows([pool.pk])[pool.pk]
    awards = [a for a in live_awards([pool.pk]) if a.id != exclude_award_id]
    held = held_by_month(awards)[pool.pk]
    pending = pending or {}
    for m in span:
        taken = held[m] + pending.get(m, 0)
        limit = capacity_in(rows, m)
        if taken + extra > limit:
            return Shortfall(m, pool, limit, taken, extra)
    if cap.units_per_month is not None:
        own = units_used(call=call, resource=resource, months=span, exclude_award_id=exclude_award_id)
        for m in span:
            taken = own[m] + pending.get(m, 0)
            if taken + extra > cap.units_per_month:
                return Shortfall(m, pool, cap.units_per_month, taken, extra, call_cap=True)
    return None


def shortfall_text(short: Shortfall) -> str:
    """Say which month and pool (or call cap) is short, with the figures."""
    if short.call_cap:
        return _(
            "%(month)s에 이 공고의 %(r)s 월 한도가 모자랍니다: "
            "한도 %(cap)s, 이미 배정 %(used)s, 요청 %(extra)s."
        ) % {
            "month": month_label(short.month),
            "r": short.pool.resource,
            "cap": short.limit,
            "used": short.taken,
            "extra": short.extra,
        }
    return _(
        "%(month)s에 '%(pool)s' 풀의 용량이 모자랍니다: 월 용량 %(cap)s, "
        "이미 배정 %(used)s(같은 풀의 다른 공고 포함), 요청 %(extra)s."
    ) % {
        "month": month_label(short.month),
        "pool": short.pool.name,
        "cap": short.limit,
        "used": short.taken,
        "extra": short.extra,
    }


def check_fits(
    *,
    call: Call,
    resource: str,
    start: dt.date,
    months: int,
    extra: int,
    exclude_award_id: int | None = None,
    pending: dict[dt.date, int] | None = None,
    pool: ResourcePool | None = None,
) -> None:
    """Raise ValidationError naming the first month and pool where ``extra`` more units would not fit."""
    short = shortfall(
        call=call,
        resource=resource,
        start=start,
        months=months,
        extra=extra,
        exclude_award_id=exclude_award_id,
        pending=pending,
        pool=pool,
    )
    if short is not None:
        raise ValidationError(
            shortfall_text(short)
            + " "
            + _("배정량을 줄이거나 다른 협약의 용량을 회수한 뒤 다시 하세요 — 아무 것도 바뀌지 않았습니다.")
        )


def request_limits(call: Call) -> dict[str, int]:
    """Return, per resource of the call, the most one application may ask per month.

    That is the pool's largest monthly capacity within the call's window, or the call's own cap if lower.
    """
    caps = list(call.capacities.all())
    rows = capacity_rows(c.pool_id for c in caps)
    window = term_months(call.first_month, call.months)
    limits = {}
    for cap in caps:
        pool_max = max((capacity_in(rows[cap.pool_id], m) for m in window), default=0)
        limits[cap.resource] = pool_max if cap.units_per_month is None else min(pool_max, cap.units_per_month)
    return limits
