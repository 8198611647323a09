"""Budget burn-down and low-use checks from an award's term and its ledger (GPU-hours per month)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Sum

from sori.programs.months import HOURS_PER_UNIT_MONTH, add_months, first_of, months_between


@dataclass(frozen=True)
class BurnRow:
    """One month of an award: hours allotted and used that month and cumulatively."""

    month: dt.date
    allotted: float
    used: float
    allotted_total: float
    used_total: float


@dataclass(frozen=True)
class UseCheck:
    """Use against the pro-rata budget of the months elapsed; ``low`` once the call's threshold is missed."""

    elapsed_months: int
    pro_rata_hours: float
    used_hours: float
    share: float | None
    low: bool


def hours_by_month(award: object) -> dict[dt.date, float]:
    """Return the counted GPU-hours per month of the term (flagged and rejected jobs left out)."""
    rows = (
        award.usage.filter(review="counted")  # type: ignore[attr-defined]
        .values("month")
        .annotate(s=Sum("gpu_seconds"))
    )
    return in_term(award, {r["month"]: r["s"] / 3600 for r in rows})


def in_term(award: object, hours: Mapping[dt.date, float]) -> dict[dt.date, float]:
    """Return ``hours`` with months outside the term moved to its nearest month (accepted early/late jobs)."""
    first = award.start_month  # type: ignore[attr-defined]
    last = add_months(first, award.months - 1)  # type: ignore[attr-defined]
    out: dict[dt.date, float] = {}
    for month, used in hours.items():
        key = min(max(month, first), last)
        out[key] = out.get(key, 0.0) + used
    return out


def burn_down(award: object, used: Mapping[dt.date, float]) -> list[BurnRow]:
    """Return one row per month of the term."""
    rows, a_total, u_total = [], 0.0, 0.0
    for i in range(award.months):  # type: ignore[attr-defined]
        m = add_months(award.start_month, i)  # type: ignore[attr-defined]
        a = award.units_in(m) * HOURS_PER_UNIT_MONTH  # type: ignore[attr-defined]
        u = used.get(m, 0.0)
        a_total += a
        u_total += u
        rows.append(BurnRow(m, a, u, a_total, u_total))
    return rows


def use_check(award: object, used: Mapping[dt.date, float], today: dt.date) -> UseCheck:
    """Compare use in the completed months of the term with what those months allotted."""
    call = award.call  # type: ignore[attr-defined]
    elapsed = min(max(0, months_between(award.start_month, first_of(today))), award.months)  # type: ignore[attr-defined]
    months = [add_months(award.start_month, i) for i in range(elapsed)]  # type: ignore[attr-defined]
    pro_rata = sum(award.units_in(m) for m in months) * HOURS_PER_UNIT_MONTH  # type: ignore[attr-defined]
    used_hours = sum(used.get(m, 0.0) for m in months)
    share = used_hours / pro_rata if pro_rata else None
    low = elapsed >= call.low_use_after_months and share is not None and share < call.low_use_threshold
    return UseCheck(elapsed, pro_rata, used_hours, share, low)


def usage_share(award: object, today: dt.date) -> float | None:
    return use_check(award, hours_by_month(award), today).share
