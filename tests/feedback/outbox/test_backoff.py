"""The retry schedule: 1 min, 5 min, 30 min, 2 h, 12 h with ±20 % jitter, then a person."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sori.feedback.outbox import BACKOFF, JITTER, MAX_ATTEMPTS, backoff_delay


def test_the_schedule_without_jitter() -> None:
    middle = [backoff_delay(n, rand=lambda: 0.5) for n in range(1, MAX_ATTEMPTS + 1)]
    assert middle == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
        dt.timedelta(hours=12),
        None,  # the sixth attempt failed too: no more waiting, a person looks
    ]


def test_jitter_bounds() -> None:
    assert backoff_delay(1, rand=lambda: 0.0) == dt.timedelta(seconds=48)
    assert backoff_delay(1, rand=lambda: 0.999999) < dt.timedelta(seconds=72)
    assert backoff_delay(5, rand=lambda: 0.0) == dt.timedelta(hours=12) * 0.8


def test_attempts_start_at_one() -> None:
    with pytest.raises(ValueError):
        backoff_delay(0)
    assert backoff_delay(MAX_ATTEMPTS + 3) is None


@given(attempts=st.integers(1, len(BACKOFF)), r=st.floats(0, 1, exclude_max=True))
def test_every_wait_stays_within_its_jitter_and_grows(attempts: int, r: float) -> None:
    delay = backoff_delay(attempts, rand=lambda: r)
    assert delay is not None
    base = BACKOFF[attempts - 1]
    assert base * (1 - JITTER) <= delay.total_seconds() < base * (1 + JITTER) + 1e-6
    if attempts > 1:
        # even the unluckiest draw never waits less than the previous step's luckiest one
        assert delay.total_seconds() >= BACKOFF[attempts - 2] * (1 + JITTER)


def test_total_patience_is_about_fifteen_hours() -> None:
    total = sum((backoff_delay(n, rand=lambda: 0.5) for n in range(1, MAX_ATTEMPTS)), dt.timedelta())
    assert dt.timedelta(hours=14) < total < dt.timedelta(hours=15)
