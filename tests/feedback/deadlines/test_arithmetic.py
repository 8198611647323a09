"""Deadline arithmetic: calendar and working days, across weekends and Korean holidays; reminder days."""

from __future__ import annotations

import datetime as dt

from sori.core.workdays import add_days
from sori.feedback.deadlines import Reminder, median, nearest_rank, reminder_for

D = dt.date


def test_calendar_days_add_plainly() -> None:
    assert add_days(D(2025, 11, 11), 14, working=False) == D(2025, 11, 25)


def test_working_days_count_the_first_day_and_skip_weekends() -> None:
    # Tuesday 11 Nov 2025 is day 1; 14 working days end on Friday 28 Nov
    assert add_days(D(2025, 11, 11), 14, working=True) == D(2025, 11, 28)
    assert add_days(D(2025, 11, 11), 1, working=True) == D(2025, 11, 11)
    # assigned on a Saturday: counting starts on Monday
    assert add_days(D(2025, 11, 15), 1, working=True) == D(2025, 11, 17)


def test_working_days_skip_the_chuseok_week_of_2025() -> None:
    # Wed 1 Oct (1), Thu 2 (2); 3 개천절, 4–5 weekend, 6–8 추석 and its substitute, 9 한글날; Fri 10 (3) …
    assert add_days(D(2025, 10, 1), 3, working=True) == D(2025, 10, 10)
    assert add_days(D(2025, 10, 1), 5, working=True) == D(2025, 10, 14)


def test_working_days_across_the_new_year_and_seollal_2026() -> None:
    # Mon 29 Dec 2025 … 1 Jan 신정; 설 16–18 Feb 2026
    assert add_days(D(2025, 12, 29), 4, working=True) == D(2026, 1, 2)
    assert add_days(D(2026, 2, 13), 2, working=True) == D(2026, 2, 19)


def test_reminders_before_on_and_after_the_deadline() -> None:
    due = D(2025, 12, 12)
    assert reminder_for(due=due, today=D(2025, 12, 8)) is None
    assert reminder_for(due=due, today=D(2025, 12, 9)) == Reminder("before", due)
    assert reminder_for(due=due, today=D(2025, 12, 10)) == Reminder("before", due)  # same key: written once
    assert reminder_for(due=due, today=due) == Reminder("before", due)
    assert reminder_for(due=due, today=D(2025, 12, 13)) == Reminder("overdue", D(2025, 12, 13))
    assert reminder_for(due=due, today=D(2025, 12, 19)) == Reminder("overdue", D(2025, 12, 13))
    assert reminder_for(due=due, today=D(2025, 12, 20)) == Reminder("weekly", D(2025, 12, 20))
    assert reminder_for(due=due, today=D(2025, 12, 26)) == Reminder("weekly", D(2025, 12, 20))
    assert reminder_for(due=due, today=D(2025, 12, 27)) == Reminder("weekly", D(2025, 12, 27))
    assert reminder_for(due=due, today=D(2025, 12, 5), before_days=7) == Reminder("before", due)


def test_median_and_nearest_rank_percentile() -> None:
    assert median([]) is None and nearest_rank([], 0.9) is None
    assert median([5, 1, 3]) == 3 and median([1, 2, 3, 10]) == 2.5
    days = list(range(1, 11))  # 1 … 10
    assert nearest_rank(days, 0.9) == 9 and nearest_rank(days, 1.0) == 10 and nearest_rank([7], 0.9) == 7
