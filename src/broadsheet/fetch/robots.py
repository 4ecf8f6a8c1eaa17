"""robots.txt: fetched once per origin, cached, consulted before every request.

:class:`RobotsCache` keeps one parsed robots.txt (protego) per scheme+host+port for
``ttl`` seconds. Following RFC 9309: a 4xx answer means no rules (everything allowed);
a 5xx answer or an unreachable server means "disallow everything" until the entry
expires (sooner, ``UNREACHABLE_TTL``). It does not do HTTP itself: the fetcher passes
a function that fetches the file through the same guard, limits and politeness.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from broadsheet.errors import FetchError, RobotsDisallowed
from broadsheet.fetch.decoding import decode_text

__all__ = ["RobotsCache", "RobotsFile", "robots_url"]

# RFC 9309 section 2.4: crawlers should not use a cached robots.txt for more than 24 h.
ROBOTS_TTL_SECONDS = 24 * 3600
# An unreachable robots.txt is retried sooner, so a short outage does not silence a
# host for a day; 10 minutes is shorter than our shortest feed poll interval (300 s
# twice over), so the next poll after an outage sees fresh rules.
UNREACHABLE_TTL_SECONDS = 600
# RFC 9309 section 2.5: parsers must handle at least 500 KiB; a longer file is read up
# to this many bytes and the rules in that prefix apply (the rest is not downloaded).
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class RobotsFile:
    """What fetching robots.txt gave: a status and a body (status 0: unreachable)."""

    status: int
    content: bytes = b""
    error: str | None = None


@dataclass(slots=True)
class _Entry:
    parser: Protego | None  # None: allow everything
    disallow_all: str | None  # the reason when the file was unreachable
    expires: float


def robots_url(url: str) -> str:
    """The robots.txt URL of ``url``'s origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class RobotsCache:
    """Per-origin robots.txt rules.

    Args:
        user_agent: the product token matched against robots.txt groups.
        ttl: seconds a fetched file stays valid.
    """

    def __init__(self, user_agent: str, *, ttl: float = ROBOTS_TTL_SECONDS) -> None:
        self._agent = user_agent.split("/", 1)[0].strip() or user_agent
        self._ttl = ttl
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str, fetch: Callable[[str], Awaitable[RobotsFile]]) -> float:
        """Raise unless robots.txt lets us fetch ``url``; return its Crawl-delay.

        Args:
            url: the URL about to be fetched.
            fetch: fetches a robots.txt URL (called at most once per origin and TTL).

        Returns:
            The Crawl-delay robots.txt asks of us, in seconds (0 when none).

        Raises:
            RobotsDisallowed: the rules forbid ``url`` or robots.txt was unreachable.
        """
        entry = await self._entry(url, fetch)
        if entry.disallow_all is not None:
            raise RobotsDisallowed(
                f"robots.txt unreachable ({entry.disallow_all}); treated as disallow-all "
                "(RFC 9309)",
                url=url,
            )
        if entry.parser is None:
            return 0.0
        if not entry.parser.can_fetch(url, self._agent):
            raise RobotsDisallowed("robots.txt disallows this URL", url=url)
        delay = entry.parser.crawl_delay(self._agent)
        return float(delay) if delay else 0.0

    async def _entry(self, url: str, fetch: Callable[[str], Awaitable[RobotsFile]]) -> _Entry:
        key = robots_url(url)
        entry = self._entries.get(key)
        if entry is not None and entry.expires > time.monotonic():
            return entry
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            entry = self._entries.get(key)
            if entry is not None and entry.expires > time.monotonic():
                return entry
            entry = self._load(await fetch(key))
            self._entries[key] = entry
            return entry

    def _load(self, answer: RobotsFile) -> _Entry:
        now = time.monotonic()
        if answer.status == 0 or answer.status >= 500:
            reason = answer.error or f"HTTP {answer.status}"
            return _Entry(None, reason, now + UNREACHABLE_TTL_SECONDS)
        if answer.status >= 400 or answer.status < 200:
            return _Entry(None, None, now + self._ttl)
        text = decode_text(answer.content[:ROBOTS_MAX_BYTES], "text/plain")
        return _Entry(Protego.parse(text), None, now + self._ttl)


def robots_failure(exc: FetchError) -> RobotsFile:
    """A :class:`RobotsFile` standing for a robots.txt fetch that failed with ``exc``."""
    return RobotsFile(0, b"", exc.reason)
