"""Months as dates: a month is the date of its first day; terms are counted in whole months."""

from __future__ import annotations

import datetime as dt

# One unit is one GPU for a 30-day month, as in ``sori.alloc`` (43,200 GPU-minutes).
HOURS_PER_UNIT_MONTH = 30 * 24


def first_of(day: dt.date) -> dt.date:
    """Return the first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    """Return the first day of the month ``n`` months after ``month`` (``n`` may be negative)."""
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Return how many months ``end`` lies after ``start`` (both taken as months)."""
    return (end.year * 12 + end.month) - (start.year * 12 + start.month)


def month_label(month: dt.date) -> str:
    """Return ``2026. 3.``."""
    return f"{month.year}. {month.month}."


def month_range_label(start: dt.date, months: int) -> str:
    """Return ``2026. 1.~2026. 12.`` for a term of ``months`` months from ``start``."""
    if months <= 1:
        return month_label(start)
    return f"{month_label(start)}~{month_label(add_months(start, months - 1))}"
