"""Korean public holidays 2020–2030, with substitute holidays derived from the rules."""

from __future__ import annotations

import datetime as dt

import pytest

from sori.feedback.holidays import HolidayTableMissing, holiday_name, holidays, is_working_day

D = dt.date


def substitutes(year: int) -> list[D]:
    return [d for d, name in holidays(year).items() if name == "대체공휴일"]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2020, [D(2020, 1, 27)]),  # 설 연휴 on Sunday; 개천절 on Saturday then had no substitute
        (2021, [D(2021, 8, 16), D(2021, 10, 4), D(2021, 10, 11)]),  # the national days from August 2021
        (2022, [D(2022, 9, 12), D(2022, 10, 10)]),  # 부처님오신날 on Sunday 8 May: none before 2023
        (2023, [D(2023, 1, 24), D(2023, 5, 29)]),
        (2024, [D(2024, 2, 12), D(2024, 5, 6)]),
        (2025, [D(2025, 3, 3), D(2025, 5, 6), D(2025, 10, 8)]),  # 어린이날 = 부처님오신날: one substitute
        (2026, [D(2026, 3, 2), D(2026, 5, 25), D(2026, 8, 17), D(2026, 10, 5)]),
        (2028, [D(2028, 10, 5)]),  # 추석 overlapping 개천절
    ],
)
def test_substitute_holidays(year: int, expected: list[D]) -> None:
    assert substitutes(year) == expected


def test_lunar_and_fixed_holidays() -> None:
    assert holiday_name(D(2025, 10, 6)) == "추석"
    assert holiday_name(D(2025, 10, 5)) == "추석 연휴"
    assert holiday_name(D(2026, 2, 17)) == "설날"
    assert holiday_name(D(2025, 5, 5)) == "어린이날·부처님오신날"
    assert holiday_name(D(2025, 6, 3)) == "제21대 대통령선거"
    assert holiday_name(D(2025, 11, 11)) == ""


def test_working_days() -> None:
    assert is_working_day(D(2025, 11, 11))  # a Tuesday
    assert not is_working_day(D(2025, 11, 15))  # a Saturday
    assert not is_working_day(D(2025, 10, 8))  # 추석 substitute
    assert not is_working_day(D(2025, 12, 25))


def test_a_year_outside_the_table_is_refused_not_guessed() -> None:
    with pytest.raises(HolidayTableMissing, match="2031"):
        holidays(2031)
    assert len(holidays(2030)) >= 15
