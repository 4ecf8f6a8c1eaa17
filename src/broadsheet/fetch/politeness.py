"""Per-host politeness: how many requests may be in flight to a host, and how often.

A :class:`HostGate` owns, for each host, a semaphore (at most ``concurrency`` requests
in flight) and the earliest time the next request may start (``delay`` seconds after
the previous start, pushed further by a server's ``Retry-After``). It also computes
retry back-off. State lives in the gate object the fetcher owns; nothing here does I/O.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = ["HostGate", "backoff_delay", "parse_retry_after"]

# Exponential back-off for 429/503 without Retry-After: base * 2**attempt, capped, with
# full jitter (AWS architecture blog's "full jitter" scheme) so many clients do not
# retry in lock-step.
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 60.0


# A robots.txt Crawl-delay above this is capped: a site asking for one request an
# hour would otherwise stall every poll of it; one a minute is what Bing (which honours
# Crawl-delay) treats as the slowest useful rate.
MAX_CRAWL_DELAY_SECONDS = 60.0


@dataclass(slots=True)
class _HostState:
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    delay: float | None = None  # the host's own (robots.txt Crawl-delay), if longer


class HostGate:
    """Limits concurrency and start rate per host.

    Args:
        concurrency: the most requests in flight to one host.
        delay: the least seconds between two request starts to one host.
    """

    def __init__(self, concurrency: int = 2, delay: float = 1.0) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.delay = max(0.0, delay)
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            state = _HostState(asyncio.Semaphore(self.concurrency))
            self._hosts[host] = state
        return state

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Wait for a free slot for ``host`` and its start time, then hold the slot."""
        state = self._state(host)
        async with state.semaphore:
            async with state.lock:
                wait = state.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                state.next_start = time.monotonic() + max(self.delay, state.delay or 0.0)
            yield

    def slow_down(self, host: str, seconds: float) -> None:
        """Space requests to ``host`` by ``seconds`` (capped) when that is longer."""
        self._state(host).delay = min(max(0.0, seconds), MAX_CRAWL_DELAY_SECONDS)

    def defer(self, host: str, seconds: float) -> None:
        """Let no request start to ``host`` for ``seconds`` (a Retry-After)."""
        state = self._state(host)
        state.next_start = max(state.next_start, time.monotonic() + seconds)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date).

    Returns ``None`` when the header is absent or unreadable; never negative.
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # delta-seconds is ASCII digits only (RFC 9110)
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def backoff_delay(attempt: int, *, rng: random.Random | None = None) -> float:
    """Full-jitter exponential back-off for retry number ``attempt`` (0-based)."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
    return (rng or random).uniform(0, ceiling)
