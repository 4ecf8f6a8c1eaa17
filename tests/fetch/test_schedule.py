"""The adaptive polling policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.fetch import next_poll

T0 = datetime(2026, 3, 1, tzinfo=UTC)
BOUNDS = {"min_interval": 300, "max_interval": 86400}


def every(minutes: float, count: int = 10) -> list[datetime]:
    return [T0 + timedelta(minutes=minutes * n) for n in range(count)]


def test_busy_feed_is_polled_more_often_than_a_slow_one() -> None:
    busy = next_poll(every(20), **BOUNDS)
    slow = next_poll(every(60 * 24), **BOUNDS)
    assert busy == timedelta(minutes=10)
    assert slow == timedelta(hours=12)


def test_no_history_gives_the_default() -> None:
    assert next_poll([], **BOUNDS) == timedelta(hours=1)


def test_bounds_are_respected() -> None:
    assert next_poll(every(1), **BOUNDS) == timedelta(seconds=300)
    assert next_poll(every(60 * 24 * 30), **BOUNDS) == timedelta(seconds=86400)


def test_failing_feed_backs_off_up_to_the_cap() -> None:
    healthy = next_poll(every(20), **BOUNDS)
    intervals = [next_poll(every(20), consecutive_failures=n, **BOUNDS) for n in range(12)]
    assert intervals[0] == healthy
    assert intervals[1] == 2 * healthy and intervals[3] == 8 * healthy
    assert intervals[-1] == timedelta(seconds=86400)
    assert intervals == sorted(intervals)


def test_retry_after_is_honoured_even_beyond_the_cap() -> None:
    assert next_poll(every(20), retry_after=7200, **BOUNDS) == timedelta(seconds=7200)
    assert next_poll(every(20), retry_after=2 * 86400, **BOUNDS) == timedelta(days=2)


def test_settings_give_the_bounds() -> None:
    env = {"BROADSHEET_FETCH_MIN_INTERVAL": "600", "BROADSHEET_FETCH_MAX_INTERVAL": "900"}
    assert next_poll(every(1), environ=env) == timedelta(seconds=600)
    assert next_poll([], environ=env) == timedelta(seconds=900)


@given(
    st.lists(st.datetimes(timezones=st.just(UTC)), max_size=30),
    st.integers(min_value=0, max_value=1000),
)
def test_always_within_bounds(published: list[datetime], failures: int) -> None:
    interval = next_poll(published, consecutive_failures=failures, **BOUNDS)
    assert timedelta(seconds=300) <= interval <= timedelta(seconds=86400)
