"""Korean public-office formats: ``2025. 11. 11.(화)``, ``07:30``, ``1,234``, ``96억 원``, ``D-3``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import ngettext, pgettext_lazy

WEEKDAYS = "월화수목금토일"
# A context, because a lone "월"/"일" also means month/day; in English kdate shows "(Tue)".
WEEKDAY_NAMES = (
    pgettext_lazy("weekday", "월"),
    pgettext_lazy("weekday", "화"),
    pgettext_lazy("weekday", "수"),
    pgettext_lazy("weekday", "목"),
    pgettext_lazy("weekday", "금"),
    pgettext_lazy("weekday", "토"),
    pgettext_lazy("weekday", "일"),
)


def _weekday(value: dt.date) -> str:
    return str(WEEKDAY_NAMES[value.weekday()])


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def kdate(value: dt.date | dt.datetime | None) -> str:
    """Return ``2025. 11. 11.(화)``; an empty string for None."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.year}. {value.month}. {value.day}.({_weekday(value)})"


def kdatetime(value: dt.datetime | None) -> str:
    """Return ``2025. 11. 11.(화) 07:30``."""
    if value is None:
        return ""
    local = _local(value)
    return f"{kdate(local)} {local:%H:%M}"


def number(value: int | float | None) -> str:
    """Return ``1,234``."""
    return "" if value is None else f"{value:,}"


def won(value: int | None, *, short: bool = False) -> str:
    """Return ``9,600,000,000원``, or with ``short`` ``96억 원`` (units of 억 and 만)."""
    if value is None:
        return ""
    if not short:
        return f"{value:,}원"
    eok, rest = divmod(value, 100_000_000)
    man = rest // 10_000
    parts = []
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    return (" ".join(parts) or "0") + " 원"


def days_left(due: dt.date | None, today: dt.date | None = None) -> int | None:
    """Return whole days from ``today`` to ``due`` (negative once it has passed)."""
    if due is None:
        return None
    today = today or timezone.localdate()
    return (due - today).days


def dday(due: dt.date | None, today: dt.date | None = None) -> str:
    """Return ``D-3``, ``D-day`` or ``3일 초과`` for a deadline."""
    left = days_left(due, today)
    if left is None:
        return ""
    if left > 0:
        return f"D-{left}"
    if left == 0:
        return "D-day"
    return ngettext("%(days)d일 초과", "%(days)d일 초과", -left) % {"days": -left}
