"""Korean public holidays (공휴일) and working days, for deadlines counted as 민원처리법 counts them.

The calendar is the ``holidays`` package's Korean one (public category, Korean names): fixed-date and lunar
holidays, election days, temporary holidays and the substitute-holiday rules of 2014, 2021 and 2023, kept up
to date by its maintainers as laws change (제헌절 and 노동절 became public holidays from 2026).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays as holiday_calendars


@cache
def holidays_of(year: int) -> dict[dt.date, str]:
    """Return the public holidays of ``year`` (with substitutes) as {date: name}, in date order."""
    calendar = holiday_calendars.country_holidays("KR", years=year, language="ko")
    return dict(sorted(calendar.items()))


def holiday_name(day: dt.date) -> str:
    """Return the holiday's name, or "" for an ordinary day."""
    return holidays_of(day.year).get(day, "")


def is_working_day(day: dt.date) -> bool:
    """Return whether government offices work on ``day``: Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in holidays_of(day.year)


def add_days(start: dt.date, days: int, *, working: bool) -> dt.date:
    """Return the deadline ``days`` days from ``start``.

    Calendar days: ``start + days``. Working days: the ``days``-th working day counting ``start`` itself as
    the first when it is one (민원처리법: 첫날 산입, 토요일·공휴일 불산입); ``days`` ≤ 0 gives ``start``.
    """
    if not working:
        return start + dt.timedelta(days=days)
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted >= days:
                return day
        day += dt.timedelta(days=1)
