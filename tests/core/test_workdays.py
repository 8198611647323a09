"""Korean public holidays and working days, from the ``holidays`` package's Korean calendar.

The dates below are the hand-kept table Sori used before (lunar holidays, election and temporary holidays,
substitutes derived from the 2014, 2021 and 2023 rules): the library must give exactly these for 2020–2025,
and on from 2026 the holidays the law has added since (제헌절, 노동절).
"""

from __future__ import annotations

import datetime as dt

import pytest

from sori.core.workdays import add_days, holiday_name, holidays_of, is_working_day

D = dt.date

# 설날, 부처님오신날, 추석 of the hand-kept table.
LUNAR = {
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
EXTRA = [
    D(2020, 4, 15),  # 제21대 국회의원선거
    D(2020, 8, 17),  # 임시공휴일
    D(2022, 3, 9),  # 제20대 대통령선거
    D(2022, 6, 1),  # 제8회 전국동시지방선거
    D(2023, 10, 2),  # 임시공휴일
    D(2024, 4, 10),  # 제22대 국회의원선거
    D(2024, 10, 1),  # 국군의 날(임시공휴일)
    D(2025, 1, 27),  # 임시공휴일
    D(2025, 6, 3),  # 제21대 대통령선거
    D(2026, 6, 3),  # 제9회 전국동시지방선거
    D(2028, 4, 12),  # 제23대 국회의원선거
]
SUBSTITUTES = {
    2020: [D(2020, 1, 27)],  # 설 연휴 on Sunday; 개천절 on Saturday then had no substitute
    2021: [D(2021, 8, 16), D(2021, 10, 4), D(2021, 10, 11)],  # the national days from August 2021
    2022: [D(2022, 9, 12), D(2022, 10, 10)],  # 부처님오신날 on Sunday 8 May: none before 2023
    2023: [D(2023, 1, 24), D(2023, 5, 29)],
    2024: [D(2024, 2, 12), D(2024, 5, 6)],
    2025: [D(2025, 3, 3), D(2025, 5, 6), D(2025, 10, 8)],  # 어린이날 = 부처님오신날: one substitute
    2026: [D(2026, 3, 2), D(2026, 5, 25), D(2026, 8, 17), D(2026, 10, 5)],
    2028: [D(2028, 10, 5)],  # 추석 overlapping 개천절
}
FIXED = [(1, 1), (3, 1), (5, 5), (6, 6), (8, 15), (10, 3), (10, 9), (12, 25)]


def _table(year: int) -> set[D]:
    days = {D(year, m, d) for m, d in FIXED}
    seollal, buddha, chuseok = LUNAR[year]
    for centre in (seollal, chuseok):
        days |= {centre + dt.timedelta(days=k) for k in (-1, 0, 1)}
    days.add(buddha)
    days |= {d for d in EXTRA if d.year == year}
    days |= set(SUBSTITUTES.get(year, []))
    return days


@pytest.mark.parametrize("year", range(2020, 2026))
def test_the_calendar_gives_the_hand_kept_table(year: int) -> None:
    assert set(holidays_of(year)) == _table(year)


@pytest.mark.parametrize("year", range(2026, 2030))
def test_later_years_keep_the_table_and_add_the_new_holidays(year: int) -> None:
    days = holidays_of(year)
    assert _table(year) <= set(days)
    assert D(year, 7, 17) in days and D(year, 5, 1) in days  # 제헌절 and 노동절, public holidays from 2026


@pytest.mark.parametrize(("year", "expected"), sorted(SUBSTITUTES.items()))
def test_substitute_holidays(year: int, expected: list[D]) -> None:
    found = [d for d, name in holidays_of(year).items() if "대체" in name]
    assert found == expected


def test_names_are_korean() -> None:
    assert holiday_name(D(2025, 10, 6)) == "추석"
    assert "설날" in holiday_name(D(2026, 2, 17))
    assert "어린이날" in holiday_name(D(2025, 5, 5)) and "부처님오신날" in holiday_name(D(2025, 5, 5))
    assert holiday_name(D(2025, 11, 11)) == ""


def test_working_days() -> None:
    assert is_working_day(D(2025, 11, 11))  # a Tuesday
    assert not is_working_day(D(2025, 11, 15))  # a Saturday
    assert not is_working_day(D(2025, 10, 8))  # 추석 substitute
    assert not is_working_day(D(2025, 12, 25))


def test_deadlines_count_across_a_holiday_week() -> None:
    # 1 October 2025, then 개천절, 추석 and its substitute, 한글날: the 3rd working day is 10 October.
    assert add_days(D(2025, 10, 1), 3, working=True) == D(2025, 10, 10)
    assert add_days(D(2025, 10, 1), 3, working=False) == D(2025, 10, 4)
