"""Writes of feed polling: store each feed's new items exactly once and keep its state.

The network work is :func:`broadsheet.fetch.poll_feeds`; this module decides which
sources are due, hands them over with what we remember (ETag, Last-Modified, identities
already stored), and persists each feed's outcome in ONE transaction: the new documents,
a processing task per document (the tasks table lives in the same database, so the
enqueue commits or rolls back with them) and the feed's polling state. A process killed
at any moment therefore leaves either all of a feed's poll or none of it; the next run
fetches again what was not committed and skips what was (identity is unique), so every
item ends up stored exactly once with no clean-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from broadsheet.site.news.models import Document, Source
from broadsheet.site.news.services import document_store

__all__ = ["FeedResult", "feeds_due", "feeds_poll", "next_due_in"]

logger = logging.getLogger(__name__)

# Identities of stored items handed to the poller per feed, newest first: enough to
# cover any feed's current window (feeds rarely list more than 100 items), so items
# still listed are not fetched again; older ones are still deduplicated by the unique
# identity when stored.
KNOWN_IDENTITIES = 2000


@dataclass(frozen=True, slots=True)
class FeedResult:
    """One feed's poll as reported by ``broadsheet fetch``."""

    feed: str
    status: str  # "ok" | "not-modified" | "error"
    new: int
    error: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"feed": self.feed, "status": self.status, "new": self.new, "error": self.error}


def feeds_due(*, now: datetime | None = None, all_sources: bool = False) -> list[Source]:
    """Active feed and sitemap sources whose next poll time has come."""
    now = now or timezone.now()
    sources = Source.objects.filter(
        active=True, url__isnull=False, kind__in=[Source.Kind.FEED, Source.Kind.SITEMAP]
    )
    if not all_sources:
        sources = sources.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
    return list(sources.order_by("next_poll_at", "pk"))


def _spec(source: Source) -> object:
    from broadsheet.fetch import FeedSpec

    known = (
        Document.objects.filter(source=source)
        .order_by("-pk")
        .values_list("identity", flat=True)[:KNOWN_IDENTITIES]
    )
    return FeedSpec(
        url=source.url or "",
        etag=source.etag or None,
        last_modified=source.last_modified or None,
        title=source.name,
        known=frozenset(known),
    )


@transaction.atomic
def _outcome_save(source: Source, outcome: object) -> FeedResult:
    from broadsheet.fetch import next_poll
    from broadsheet.site.news.tasks import document_process_task

    now = timezone.now()
    source = Source.objects.select_for_update().get(pk=source.pk)
    status: str = outcome.status  # type: ignore[attr-defined]
    source.last_polled_at = now
    new = 0
    error = _error_text(source, outcome.error)  # type: ignore[attr-defined]
    if status == "error":
        source.failure_count += 1
        source.last_error = (error or "unknown error")[:2000]
    else:
        source.failure_count = 0
        source.last_error = ""
        source.last_success_at = now
        source.etag = (outcome.etag or source.etag or "")[:500]  # type: ignore[attr-defined]
        source.last_modified = (outcome.last_modified or source.last_modified or "")[:100]  # type: ignore[attr-defined]
        if outcome.title and source.name == source.url:  # type: ignore[attr-defined]
            source.name = outcome.title[:300]  # type: ignore[attr-defined]
        for polled in outcome.items:  # type: ignore[attr-defined]
            document, created = document_store(
                raw=polled.raw, source=source, identity=polled.identity[:600]
            )
            if created:
                new += 1
                document_process_task.enqueue(document.pk)
    interval = next_poll(
        outcome.published,  # type: ignore[attr-defined]
        consecutive_failures=source.failure_count,
        retry_after=outcome.retry_after,  # type: ignore[attr-defined]
    )
    source.poll_interval = int(interval.total_seconds())
    source.next_poll_at = now + interval
    source.save()
    return FeedResult(source.url or "", status, new, error)


def _error_text(source: Source, error: str | None) -> str | None:
    """The error without a leading copy of the feed's own URL (it is shown beside it)."""
    if error and source.url and error.startswith(f"{source.url}: "):
        return error[len(source.url) + 2 :]
    return error


def feeds_poll(
    *,
    sources: Iterable[Source],
    on_result: Callable[[FeedResult], None] | None = None,
    fetcher_factory: Callable[[], object] | None = None,
) -> list[FeedResult]:
    """Poll the given sources once, concurrently, storing each feed's outcome as it ends.

    Never stops on a bad feed: its result has status "error" and the reason, and the
    source backs off (``Source.failure_count``, ``next_poll_at``).

    Args:
        sources: the sources to poll.
        on_result: called with each feed's result as it is stored (progress display).
        fetcher_factory: builds the fetcher (default :class:`broadsheet.fetch.Fetcher`).
    """
    from broadsheet.fetch import Fetcher, poll_feeds

    by_url = {source.url: source for source in sources if source.url}
    specs = [_spec(source) for source in by_url.values()]
    results: list[FeedResult] = []

    async def run() -> None:
        fetcher = (fetcher_factory or Fetcher)()
        async with fetcher:  # type: ignore[attr-defined]
            async for outcome in poll_feeds(specs, fetcher=fetcher, extract=False):  # type: ignore[arg-type]
                source = by_url[outcome.url]
                result = await asyncio.to_thread(_outcome_save_closing, source, outcome)
                if result.status == "error":
                    logger.warning("feed %s could not be fetched: %s", result.feed, result.error)
                results.append(result)
                if on_result is not None:
                    on_result(result)

    asyncio.run(run())
    return results


def _outcome_save_closing(source: Source, outcome: object) -> FeedResult:
    """Save from a worker thread, closing that thread's database connection after."""
    from django.db import connection

    try:
        return _outcome_save(source, outcome)
    finally:
        connection.close()


def next_due_in(*, now: datetime | None = None) -> timedelta | None:
    """Time until the next source is due (None when no source is active)."""
    now = now or timezone.now()
    active = Source.objects.filter(active=True, url__isnull=False)
    if not active.exists():
        return None
    if active.filter(next_poll_at__isnull=True).exists():
        return timedelta(0)
    first = active.order_by("next_poll_at").values_list("next_poll_at", flat=True).first()
    if first is None or first <= now:
        return timedelta(0)
    return first - now
