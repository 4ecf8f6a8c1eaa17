"""Retry-After parsing, back-off and the per-host gate (no network)."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.fetch.politeness import (
    BACKOFF_CAP_SECONDS,
    HostGate,
    backoff_delay,
    parse_retry_after,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_retry_after_forms() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Sun, 01 Mar 2026 12:02:00 GMT", now=NOW) == 120.0
    assert parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", now=NOW) == 0.0  # in the past
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None
    assert parse_retry_after("\u00b9") is None  # "¹" passes str.isdigit but is no number
    assert parse_retry_after("\u0663") is None  # an Arabic-Indic 3: not delta-seconds


@given(st.text(max_size=40))
def test_retry_after_never_raises_or_goes_negative(value: str) -> None:
    wait = parse_retry_after(value, now=NOW)
    assert wait is None or wait >= 0


def test_backoff_grows_and_is_capped() -> None:
    rng = random.Random(1)
    ceilings = [max(backoff_delay(n, rng=rng) for _ in range(200)) for n in range(10)]
    assert ceilings[0] <= 1.0 < ceilings[3]
    assert all(c <= BACKOFF_CAP_SECONDS for c in ceilings)


def test_gate_limits_concurrency_per_host_not_across_hosts() -> None:
    gate = HostGate(concurrency=2, delay=0)
    in_flight: dict[str, int] = {}
    most: dict[str, int] = {}

    async def request(host: str) -> None:
        async with gate.slot(host):
            in_flight[host] = in_flight.get(host, 0) + 1
            most[host] = max(most.get(host, 0), in_flight[host])
            await asyncio.sleep(0.05)
            in_flight[host] -= 1

    async def scenario() -> None:
        await asyncio.gather(*(request(f"h{n % 3}") for n in range(12)))

    started = time.monotonic()
    asyncio.run(scenario())
    assert most == {"h0": 2, "h1": 2, "h2": 2}
    assert time.monotonic() - started < 12 * 0.05


def test_defer_and_slow_down_push_the_next_start() -> None:
    gate = HostGate(concurrency=1, delay=0)

    async def scenario() -> float:
        gate.defer("h", 0.3)
        started = time.monotonic()
        async with gate.slot("h"):
            pass
        gate.slow_down("h", 0.2)
        async with gate.slot("h"):
            pass
        async with gate.slot("h"):
            pass
        return time.monotonic() - started

    # 0.3 s deferred; then the new spacing applies from the next start computed.
    assert asyncio.run(scenario()) >= 0.3 + 0.2 - 0.02
