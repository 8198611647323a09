import datetime as dt

from sori.core.formatting import dday, kdate, kdatetime, number, won


def test_korean_date_has_weekday_in_parentheses() -> None:
    assert kdate(dt.date(2025, 11, 11)) == "2025. 11. 11.(화)"
    assert kdate(dt.date(2025, 11, 14)) == "2025. 11. 14.(금)"


def test_datetime_is_shown_in_seoul_time() -> None:
    utc = dt.datetime(2025, 11, 10, 22, 30, tzinfo=dt.UTC)
    assert kdatetime(utc) == "2025. 11. 11.(화) 07:30"


def test_numbers_and_money() -> None:
    assert number(1234) == "1,234"
    assert won(9_600_000_000) == "9,600,000,000원"
    assert won(9_600_000_000, short=True) == "96억 원"
    assert won(150_000_000, short=True) == "1억 5,000만 원"


def test_dday_counts_down_then_counts_over() -> None:
    today = dt.date(2025, 11, 20)
    assert dday(dt.date(2025, 11, 23), today) == "D-3"
    assert dday(today, today) == "D-day"
    assert dday(dt.date(2025, 11, 17), today) == "3일 초과"
