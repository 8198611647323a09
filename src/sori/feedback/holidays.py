"""Korean public holidays (공휴일) for counting answer deadlines in working days. Pure: no Django.

Covered years: **2020–2030**. The fixed-date holidays follow every year by rule; the lunar holidays
(설날, 추석, 부처님오신날) come from ``LUNAR`` and election days and one-off holidays (임시공휴일) from
``EXTRA`` — both tables are written by hand for 2020–2030 and **must be extended** (from the 한국천문연구원
월력요항 published each year, and the government's announcements) before 2031, or whenever a temporary holiday
is declared. A year outside the tables raises ``HolidayTableMissing`` rather than silently counting lunar
holidays as working days.

Substitute holidays (대체공휴일, 관공서의 공휴일에 관한 규정 제3조) are derived, not listed:

- 설날·추석 연휴: when a day of the three overlaps a Sunday or another holiday (since 2014);
- 어린이날: when it falls on a Saturday or Sunday or overlaps another holiday (since 2014);
- 삼일절·광복절·개천절·한글날: likewise, from 4 August 2021 (first: 광복절 2021 → 16 Aug);
- 부처님오신날·기독탄신일: likewise, from 4 May 2023 (first: 부처님오신날 2023 → 29 May);
- 신정, 현충일, election days and temporary holidays: never.

The substitute is the first day after the holiday that is neither a weekend day nor a holiday nor already a
substitute. (The regulation says "the first non-holiday"; government offices, whose working week this models,
never get a Saturday as a substitute.) Each overlap gives one substitute day: 어린이날 and 부처님오신날 on the
same Monday (2025) give one, not two.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

D = dt.date

# Lunar holidays by year: 설날 (음력 1월 1일), 부처님오신날 (음력 4월 8일), 추석 (음력 8월 15일).
LUNAR: dict[int, tuple[D, D, D]] = {
    2020: (D(2020, 1, 25), D(2020, 4, 30), D(2020, 10, 1)),
    2021: (D(2021, 2, 12), D(2021, 5, 19), D(2021, 9, 21)),
    2022: (D(2022, 2, 1), D(2022, 5, 8), D(2022, 9, 10)),
    2023: (D(2023, 1, 22), D(2023, 5, 27), D(2023, 9, 29)),
    2024: (D(2024, 2, 10), D(2024, 5, 15), D(2024, 9, 17)),
    2025: (D(2025, 1, 29), D(2025, 5, 5), D(2025, 10, 6)),
    2026: (D(2026, 2, 17), D(2026, 5, 24), D(2026, 9, 25)),
    2027: (D(2027, 2, 7), D(2027, 5, 13), D(2027, 9, 15)),
    2028: (D(2028, 1, 27), D(2028, 5, 2), D(2028, 10, 3)),
    2029: (D(2029, 2, 13), D(2029, 5, 20), D(2029, 9, 22)),
    2030: (D(2030, 2, 3), D(2030, 5, 9), D(2030, 9, 12)),
}

# Election days of term-expiry elections (선거일, a public holiday by law) and temporary holidays.
# Future election days are the statutory dates and must be checked when the election is called.
EXTRA: dict[D, str] = {
    D(2020, 4, 15): "제21대 국회의원선거",
    D(2020, 8, 17): "임시공휴일",
    D(2022, 3, 9): "제20대 대통령선거",
    D(2022, 6, 1): "제8회 전국동시지방선거",
    D(2023, 10, 2): "임시공휴일",
    D(2024, 4, 10): "제22대 국회의원선거",
    D(2024, 10, 1): "국군의 날(임시공휴일)",
    D(2025, 1, 27): "임시공휴일",
    D(2025, 6, 3): "제21대 대통령선거",
    D(2026, 6, 3): "제9회 전국동시지방선거",
    D(2028, 4, 12): "제23대 국회의원선거",
    D(2030, 6, 5): "제10회 전국동시지방선거",
}

FIXED: tuple[tuple[int, int, str], ...] = (
    (1, 1, "신정"),
    (3, 1, "삼일절"),
    (5, 5, "어린이날"),
    (6, 6, "현충일"),
    (8, 15, "광복절"),
    (10, 3, "개천절"),
    (10, 9, "한글날"),
    (12, 25, "기독탄신일"),
)

SEOLLAL, CHUSEOK, BUDDHA = "설날", "추석", "부처님오신날"


class HolidayTableMissing(LookupError):
    """The lunar holiday table does not cover the year asked for; extend ``LUNAR`` and ``EXTRA``."""


def _substitute_rule(name: str, day: D) -> str:
    """Return which days trigger a substitute for this holiday: "sun", "weekend" or "" (no substitute)."""
    if name.startswith((SEOLLAL, CHUSEOK)):
        return "sun"
    if name == "어린이날":
        return "weekend"
    if name in ("삼일절", "광복절", "개천절", "한글날") and day >= D(2021, 8, 4):
        return "weekend"
    if name in (BUDDHA, "기독탄신일") and day >= D(2023, 5, 4):
        return "weekend"
    return ""


def _base(year: int) -> dict[D, list[str]]:
    if year not in LUNAR:
        raise HolidayTableMissing(
            f"공휴일 표에 {year}년이 없습니다. sori/feedback/holidays.py의 LUNAR와 EXTRA에 추가해 주세요."
        )
    days: dict[D, list[str]] = {}
    for month, day_of_month, name in FIXED:
        days.setdefault(D(year, month, day_of_month), []).append(name)
    seollal, buddha, chuseok = LUNAR[year]
    one = dt.timedelta(days=1)
    for centre, name in ((seollal, SEOLLAL), (chuseok, CHUSEOK)):
        for offset, label in ((-1, " 연휴"), (0, ""), (1, " 연휴")):
            days.setdefault(centre + offset * one, []).append(name + label)
    days.setdefault(buddha, []).append(BUDDHA)
    for day, name in EXTRA.items():
        if day.year == year:
            days.setdefault(day, []).append(name)
    return days


@cache
def holidays(year: int) -> dict[D, str]:
    """Return the public holidays of ``year`` (with substitutes) as {date: name}; names joined by "·"."""
    base = _base(year)
    # 설 on 1–2 January or 추석 late in December never spill across years in 2020–2030, so one year suffices.
    found = {day: "·".join(names) for day, names in base.items()}
    for day in sorted(base):
        names = base[day]
        rules = [_substitute_rule(n, day) for n in names]
        eligible = [r for r in rules if r]
        if not eligible:
            continue
        if day.weekday() == 6:
            lost = len(eligible)
        elif day.weekday() == 5:
            lost = sum(1 for r in eligible if r == "weekend")
        else:
            lost = len(names) - 1  # overlapping holidays on a weekday lose all but one day
        lost = min(lost, len(eligible))
        candidate = day
        while lost > 0:
            candidate += dt.timedelta(days=1)
            if candidate.weekday() >= 5 or candidate in found:
                continue
            found[candidate] = "대체공휴일"
            lost -= 1
    return dict(sorted(found.items()))


def holiday_name(day: D) -> str:
    """Return the holiday's name, or "" for an ordinary day."""
    return holidays(day.year).get(day, "")


def is_working_day(day: D) -> bool:
    """Return whether government offices work on ``day``: Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in holidays(day.year)
