"""Adaptive polling: when to poll a feed next, from what it published and how it failed.

:func:`next_poll` is a pure policy. A healthy feed is polled about twice per typical
gap between its recent items (the median of the last gaps), so a busy news feed is
polled often and a weekly blog rarely; a feed with no dated history gets
``DEFAULT_INTERVAL``. A failing feed backs off exponentially with the number of
consecutive failures; a server's Retry-After is always respected. The result is
clamped to BROADSHEET_FETCH_MIN_INTERVAL .. MAX_INTERVAL. No I/O, no clock of its own.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from broadsheet import config

__all__ = ["next_poll"]

# A feed with no dated items is polled hourly: the common default of feed readers
# (Miniflux: 60 min, FreshRSS: 60 min) for a source we know nothing about.
DEFAULT_INTERVAL = timedelta(hours=1)
# Poll twice per median gap between items (Nyquist-style: seeing each item within
# half a gap of its publication on average).
POLLS_PER_GAP = 2
# Only the most recent gaps count: the feed's current rhythm, not last year's.
RECENT_ITEMS = 20
# Each consecutive failure doubles the interval, starting from the healthy one.
FAILURE_GROWTH = 2.0


def next_poll(
    published: Iterable[datetime],
    *,
    consecutive_failures: int = 0,
    retry_after: float | None = None,
    min_interval: float | None = None,
    max_interval: float | None = None,
    environ: Mapping[str, str] | None = None,
) -> timedelta:
    """How long to wait before polling a feed again.

    Args:
        published: publication times of the feed's items (any order, naive or aware
            but consistently so).
        consecutive_failures: how many polls in a row failed (0 when the last worked).
        retry_after: seconds the server asked us to wait (Retry-After), if any.
        min_interval: lower bound in seconds (default BROADSHEET_FETCH_MIN_INTERVAL).
        max_interval: upper bound in seconds (default BROADSHEET_FETCH_MAX_INTERVAL).
        environ: where settings are read from.

    Returns:
        The interval, within [min_interval, max_interval] except that a Retry-After
        longer than max_interval is still honoured.
    """
    low = float(min_interval if min_interval is not None else config.get(
        "BROADSHEET_FETCH_MIN_INTERVAL", environ))
    high = float(max_interval if max_interval is not None else config.get(
        "BROADSHEET_FETCH_MAX_INTERVAL", environ))
    high = max(high, low)
    times = sorted(published)[-RECENT_ITEMS:]
    gaps = [
        (later - earlier).total_seconds()
        for earlier, later in zip(times, times[1:], strict=False)
        if later > earlier
    ]
    base = statistics.median(gaps) / POLLS_PER_GAP if gaps else DEFAULT_INTERVAL.total_seconds()
    base = min(max(base, low), high)
    if consecutive_failures > 0:
        exponent = min(consecutive_failures, 64)
        base = min(base * FAILURE_GROWTH**exponent, high)
    if retry_after is not None and retry_after > base:
        base = retry_after
    return timedelta(seconds=base)
