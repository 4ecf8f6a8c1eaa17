"""httpx transports: every connection through the address guard, one small pool per host.

:class:`GuardedTransport` is httpx's own transport with its httpcore connection pool
built on :class:`~broadsheet.fetch.guard.GuardedNetworkBackend`, so no connection can
skip the guard. :class:`PerHostTransport` keeps one such transport per origin: httpcore
scans every connection of a pool on each request, so a single pool of hundreds of
connections (50+ hosts x 2) spends more CPU on bookkeeping than on HTTP (profiled in
bench/fetch.py: over 40% of the fetcher's CPU); per-origin pools hold at most a few
connections each. Pools left idle are closed. Nothing here decides what to fetch.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import AsyncIterator, Callable

import httpcore
import httpx

from broadsheet.fetch.guard import AddressGuard, GuardedNetworkBackend

__all__ = ["GuardedTransport", "PerHostTransport"]

# Idle connections are kept this long for reuse (a feed and its items' pages are
# fetched within seconds of each other; the next poll is minutes away).
KEEPALIVE_SECONDS = 15.0
# Every this many requests, per-origin pools idle for longer than KEEPALIVE_SECONDS
# are closed, so polling thousands of hosts does not leave thousands of sockets open.
PRUNE_EVERY_REQUESTS = 256


_Origin = tuple[bytes, bytes, int | None]


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body stream that calls ``release`` once when it is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._release is not None:
                release, self._release = self._release, None
                release()


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool built on the guarded backend."""

    def __init__(
        self, guard: AddressGuard, *, limits: httpx.Limits, ssl_context: ssl.SSLContext
    ) -> None:
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        # httpx (0.28) has no public hook for a network backend; the pool is rebuilt
        # with the same settings plus ours. Pinned httpx version: see pyproject.toml.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedNetworkBackend(guard),
        )


class PerHostTransport(httpx.AsyncBaseTransport):
    """Routes each request to a :class:`GuardedTransport` of its own origin.

    Args:
        guard: the address guard every connection goes through.
        max_connections: connections per origin (the per-host concurrency bounds use).
        keepalive: seconds an idle connection (and an idle origin's pool) is kept.
        prune_every: how many requests between two sweeps of idle pools.
    """

    def __init__(
        self,
        guard: AddressGuard,
        *,
        max_connections: int | None = None,
        keepalive: float = KEEPALIVE_SECONDS,
        prune_every: int = PRUNE_EVERY_REQUESTS,
    ) -> None:
        self._guard = guard
        self._keepalive = keepalive
        self._prune_every = max(1, prune_every)
        self._limits = httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=keepalive,
        )
        self._transports: dict[_Origin, GuardedTransport] = {}
        self._in_flight: dict[_Origin, int] = {}
        self._last_used: dict[_Origin, float] = {}
        self._requests = 0
        self._pruning = False
        # One TLS context for all pools: loading the CA bundle costs ~30 ms each time.
        self._ssl_context = httpx.create_ssl_context(trust_env=False)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through its origin's pool.

        The origin counts as busy until the response body is closed, not only until
        the headers arrive, so a pool is never closed under a body being read.
        """
        key: _Origin = (request.url.raw_scheme, request.url.raw_host, request.url.port)
        transport = self._transports.get(key)
        if transport is None:
            transport = GuardedTransport(
                self._guard, limits=self._limits, ssl_context=self._ssl_context
            )
            self._transports[key] = transport
        self._in_flight[key] = self._in_flight.get(key, 0) + 1
        self._last_used[key] = time.monotonic()
        self._requests += 1
        try:
            response = await transport.handle_async_request(request)
        except BaseException:
            self._release(key)
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _ReleasingStream(response.stream, lambda: self._release(key))
        if self._requests % self._prune_every == 0 and not self._pruning:
            await self._prune()
        return response

    def _release(self, key: _Origin) -> None:
        self._in_flight[key] = max(0, self._in_flight.get(key, 1) - 1)
        self._last_used[key] = time.monotonic()

    async def _prune(self) -> None:
        self._pruning = True
        try:
            cutoff = time.monotonic() - self._keepalive
            idle = [
                key
                for key, used in self._last_used.items()
                if used < cutoff and self._in_flight.get(key, 0) == 0
            ]
            closing = []
            for key in idle:  # detach synchronously, close afterwards
                transport = self._transports.pop(key, None)
                self._last_used.pop(key, None)
                self._in_flight.pop(key, None)
                if transport is not None:
                    closing.append(transport)
            for transport in closing:
                await transport.aclose()
        finally:
            self._pruning = False

    @property
    def open_pools(self) -> int:
        """How many origins currently have a pool."""
        return len(self._transports)

    async def aclose(self) -> None:
        """Close every pool."""
        transports = list(self._transports.values())
        self._transports.clear()
        for transport in transports:
            await transport.aclose()
