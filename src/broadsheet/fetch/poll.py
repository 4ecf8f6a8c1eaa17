"""Polling many feeds at once: fetch, parse, complete teasers with their page, extract.

:func:`poll_feeds` is the one entry point the site and the CLI use. For every
:class:`FeedSpec` it fetches the feed (conditionally: an unchanged feed costs one 304),
parses it (RSS, Atom, JSON Feed, or a news sitemap), skips items the caller already
stores (``FeedSpec.known``), fetches the linked page of teaser items (per
BROADSHEET_FETCH_FULL_TEXT), builds a :class:`~broadsheet.types.RawDocument` per item
and, unless told not to, extracts an :class:`~broadsheet.types.Article` from it —
optionally in an executor (a process pool spreads extraction over cores). It yields one
:class:`FeedOutcome` per feed as each finishes and never stops on a bad feed: a failure
is an outcome with ``status="error"`` and its reason; an item whose page cannot be
fetched is still returned, built from what the feed gave, with the reason in
``PolledItem.error``. Storage (exactly once, by ``identity``) is the caller's job.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from broadsheet import config
from broadsheet.errors import BroadsheetError, ConfigError, FeedError, FetchError
from broadsheet.fetch.client import Fetcher, FetchResponse
from broadsheet.fetch.discovery import discover_feeds
from broadsheet.fetch.feeds import FeedItem, ParsedFeed, item_identity, parse_feed
from broadsheet.fetch.sitemaps import ParsedSitemap, parse_sitemap
from broadsheet.types import Article, FeedHints, RawDocument

__all__ = [
    "FeedOutcome",
    "FeedSpec",
    "FullTextMode",
    "PolledItem",
    "fetch_document",
    "item_hints",
    "poll_feeds",
]

logger = logging.getLogger(__name__)

FullTextMode = Literal["auto", "always", "never"]
Extractor = Callable[[RawDocument], Article]
T = TypeVar("T")

# Feeds fetched at once. Per-host politeness is the HostGate's job; this bounds memory
# and sockets when thousands of feeds are polled (each feed holds at most its body and
# its items' pages). 256 keeps 50+ hosts busy at 2 requests each with room to spare.
MAX_FEEDS_IN_FLIGHT = 256
# New items taken from one feed per poll (newest first). A new subscription to a feed
# with a long archive, or a plain sitemap of 50,000 URLs, must not turn one poll into
# thousands of page fetches against one host; the rest comes on later polls only if
# it is still listed, which for news is what matters.
MAX_NEW_ITEMS_PER_POLL = 100
# Child sitemaps followed from a sitemap index in one poll.
MAX_CHILD_SITEMAPS = 5
# Links that are not article pages (podcast and video enclosures, documents, images):
# never downloaded as "full text".
_MEDIA_LINK = re.compile(
    r"\.(mp3|m4a|aac|ogg|opus|wav|flac|mp4|m4v|mov|webm|avi|mkv|pdf|jpe?g|png|gif|webp|zip)$",
    re.IGNORECASE,
)
# Content types kept as a fetched page; anything else falls back on the feed's text.
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """A feed to poll and what we remember of it.

    Args:
        url: the feed (or news sitemap) URL.
        etag: ETag of the last response (for a conditional GET).
        last_modified: Last-Modified of the last response.
        title: the feed's title as stored (used as the items' source when the feed
            gives none).
        known: identities of items already stored; they are not fetched again.
        full_text: this feed's own full-text mode, overriding the setting.
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    known: frozenset[str] = frozenset()
    full_text: FullTextMode | None = None


@dataclass(frozen=True, slots=True)
class PolledItem:
    """A new item: what the feed said, the document built for it, and its article.

    ``article`` is None when extraction was not asked for or failed; ``error`` says
    why a page could not be fetched or why extraction failed.
    """

    item: FeedItem
    raw: RawDocument
    article: Article | None = None
    error: str | None = None
    page_fetched: bool = False

    @property
    def identity(self) -> str:
        """The item's stable identity (see :class:`~broadsheet.fetch.feeds.FeedItem`)."""
        return self.item.identity


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """The result of polling one feed.

    ``status`` is "ok" (``items`` are the new items), "not-modified" (a 304) or
    "error" (``error`` is the reason, ``error_kind`` the exception class name).
    ``etag``/``last_modified`` are what to send next time; ``published`` are the
    publication times of every dated item in the feed and ``retry_after`` the seconds
    a busy server asked for (both for :func:`~broadsheet.fetch.schedule.next_poll`).
    When the URL turned out to be a web page, ``discovered`` lists the feeds it links.
    """

    url: str
    status: Literal["ok", "not-modified", "error"]
    items: tuple[PolledItem, ...] = ()
    error: str | None = None
    error_kind: str | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    title: str | None = None
    link: str | None = None
    published: tuple[datetime, ...] = ()
    skipped: int = 0
    retry_after: float | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    discovered: tuple[str, ...] = ()


def _full_text_mode(value: str) -> FullTextMode:
    if value not in {"auto", "always", "never"}:
        raise ConfigError(
            f"expected auto, always or never, got {value!r}", input="BROADSHEET_FETCH_FULL_TEXT"
        )
    return value  # type: ignore[return-value]


def _default_extractor() -> Extractor:
    from broadsheet.pipeline.extract import extract

    return extract


async def _run_cpu(executor: Executor | None, fn: Callable[..., T], *args: Any) -> T:
    if executor is None:
        return fn(*args)
    return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)


def _sitemap_as_feed(sitemap: ParsedSitemap, url: str) -> ParsedFeed:
    entries = sorted(
        sitemap.entries,
        key=lambda e: e.published or e.lastmod or datetime.min.replace(tzinfo=UTC),
        reverse=True,
    )
    items = tuple(
        FeedItem(
            identity=item_identity(
                guid=None,
                url=entry.url,
                title=entry.title,
                summary=None,
                content=None,
                feed_url=url,
            ),
            guid=None,
            url=entry.url,
            title=entry.title,
            summary=None,
            content_html=None,
            published=entry.published or entry.lastmod,
            author=None,
            categories=(),
            has_full_text=False,
        )
        for entry in entries
    )
    publication = next((e.publication for e in entries if e.publication), None)
    return ParsedFeed(title=publication, link=None, items=items, format="sitemap")


def _parse_source(response: FetchResponse) -> ParsedFeed | ParsedSitemap:
    """Parse a fetched feed, falling back to a sitemap (pure; run in an executor)."""
    try:
        return parse_feed(
            response.content, url=response.final_url, content_type=response.content_type
        )
    except FeedError as feed_error:
        head = response.content[:2048].lower()
        if b"<urlset" not in head and b"<sitemapindex" not in head:
            raise
        try:
            return parse_sitemap(response.content, url=response.final_url)
        except FeedError:
            raise feed_error from None


def item_hints(item: FeedItem, feed: ParsedFeed, *, feed_title: str | None = None) -> FeedHints:
    """What a feed says about one of its items, as extraction hints.

    Args:
        item: the item.
        feed: the feed it came from.
        feed_title: the source's stored name, used when the feed gives no title.
    """
    return FeedHints(
        title=item.title,
        url=item.url,
        source=feed.title or feed_title,
        byline=item.author,
        published=item.published,
        summary=item.summary,
        categories=item.categories,
        guid=item.guid,
        language=feed.language,
    )


async def fetch_document(
    fetcher: Fetcher, url: str, *, hints: FeedHints | None = None
) -> RawDocument:
    """Fetch a single page as a :class:`RawDocument` (for single-page sources).

    Raises:
        FetchError: any fetch failure (see :meth:`Fetcher.get`).
    """
    response = await fetcher.get(url)
    return RawDocument(
        content=response.content,
        name=response.final_url,
        url=response.final_url,
        fetched_at=response.fetched_at,
        content_type=response.content_type,
        hints=hints or FeedHints(url=response.final_url),
    )


@dataclass(frozen=True, slots=True)
class _Options:
    fetcher: Fetcher
    full_text: FullTextMode
    extractor: Extractor | None
    executor: Executor | None


async def _item(item: FeedItem, feed: ParsedFeed, spec: FeedSpec, options: _Options) -> PolledItem:
    mode = spec.full_text or options.full_text
    hints = item_hints(item, feed, feed_title=spec.title)
    from_feed = item.content_html or item.summary or item.title or ""
    raw = RawDocument(
        content=from_feed,
        name=item.url or spec.url,
        url=item.url,
        fetched_at=datetime.now(UTC),
        content_type="text/html",
        input_format="html",
        hints=hints,
    )
    error: str | None = None
    page_fetched = False
    wants_page = mode == "always" or (mode == "auto" and not item.has_full_text)
    if item.url and wants_page and _MEDIA_LINK.search(urlsplit(item.url).path):
        error = "the link is a media file, not a page: using the feed's text"
    elif item.url and wants_page:
        try:
            page = await fetch_document(options.fetcher, item.url, hints=hints)
        except FetchError as exc:
            error = f"page not fetched, using the feed's text: {exc}"
        else:
            kind = (page.content_type or "text/html").split(";")[0].strip().lower()
            if kind in _PAGE_TYPES:
                raw, page_fetched = page, True
            else:
                error = f"the link is {kind}, not a page: using the feed's text"
    article: Article | None = None
    if options.extractor is not None:
        try:
            article = await _run_cpu(options.executor, options.extractor, raw)
        except BroadsheetError as exc:
            error = f"{error}; " if error else ""
            error += f"extraction failed: {exc.__class__.__name__}: {exc}"
    return PolledItem(item=item, raw=raw, article=article, error=error, page_fetched=page_fetched)


async def _poll_one(spec: FeedSpec, options: _Options) -> FeedOutcome:
    try:
        response = await options.fetcher.get(
            spec.url, etag=spec.etag, last_modified=spec.last_modified
        )
    except FetchError as exc:
        return FeedOutcome(
            url=spec.url,
            status="error",
            error=str(exc),
            error_kind=exc.__class__.__name__,
            http_status=getattr(exc, "status", None),
            retry_after=getattr(exc, "retry_after", None),
            etag=spec.etag,
            last_modified=spec.last_modified,
        )
    common: dict[str, Any] = {
        "url": spec.url,
        "http_status": response.status,
        "etag": response.etag or spec.etag,
        "last_modified": response.last_modified or spec.last_modified,
        "final_url": response.final_url,
    }
    if response.not_modified:
        return FeedOutcome(status="not-modified", **common)
    try:
        parsed = await _run_cpu(options.executor, _parse_source, response)
        if isinstance(parsed, ParsedSitemap):
            parsed = await _expand_sitemap(parsed, spec, options)
    except BroadsheetError as exc:
        reason = str(exc)
        discovered: tuple[str, ...] = ()
        if isinstance(exc, FeedError) and b"<html" in response.content[:4096].lower():
            found = discover_feeds(
                response.content, response.final_url, content_type=response.content_type
            )
            discovered = tuple(feed.url for feed in found)
            if discovered:
                reason += f" (this is a web page; it links to the feed {discovered[0]})"
        return FeedOutcome(
            status="error",
            error=reason,
            error_kind=exc.__class__.__name__,
            discovered=discovered,
            **common,
        )
    fresh = [item for item in parsed.items if item.identity not in spec.known]
    seen: set[str] = set()
    unique = []
    for item in fresh:  # a feed listing one item twice yields it once
        if item.identity not in seen:
            seen.add(item.identity)
            unique.append(item)
    taken = unique[:MAX_NEW_ITEMS_PER_POLL]
    items = await asyncio.gather(*(_item(item, parsed, spec, options) for item in taken))
    return FeedOutcome(
        status="ok",
        items=tuple(items),
        title=parsed.title,
        link=parsed.link,
        published=tuple(i.published for i in parsed.items if i.published is not None),
        skipped=len(parsed.items) - len(taken),
        **common,
    )


async def _expand_sitemap(sitemap: ParsedSitemap, spec: FeedSpec, options: _Options) -> ParsedFeed:
    entries = list(sitemap.entries)
    for child_url in sitemap.sitemaps[:MAX_CHILD_SITEMAPS]:
        child = parse_sitemap((await options.fetcher.get(child_url)).content, url=child_url)
        entries.extend(child.entries)
    merged = ParsedSitemap(entries=tuple(entries), is_news=sitemap.is_news)
    return _sitemap_as_feed(merged, spec.url)


async def poll_feeds(
    specs: Iterable[FeedSpec],
    *,
    fetcher: Fetcher,
    full_text: FullTextMode | None = None,
    extract: bool = True,
    extractor: Extractor | None = None,
    executor: Executor | None = None,
    max_feeds_in_flight: int = MAX_FEEDS_IN_FLIGHT,
    environ: Mapping[str, str] | None = None,
) -> AsyncIterator[FeedOutcome]:
    """Poll feeds concurrently, yielding one outcome per feed as each finishes.

    Args:
        specs: the feeds to poll.
        fetcher: the (polite, guarded) fetcher to use; the caller owns and closes it.
        full_text: fetch linked pages: "auto" (teasers only), "always", "never"
            (default BROADSHEET_FETCH_FULL_TEXT).
        extract: extract an Article per item; False returns raw items only (for a
            caller that extracts in background tasks).
        extractor: the extraction function (default
            :func:`broadsheet.pipeline.extract.extract`); must be picklable to run
            in a process pool.
        executor: where CPU work (feed parsing, extraction) runs; None runs it in
            the event loop. A ``ProcessPoolExecutor`` spreads it over cores.
        max_feeds_in_flight: feeds being worked on at once.
        environ: where settings are read from.

    Yields:
        One :class:`FeedOutcome` per spec, in completion order.
    """
    mode = full_text or _full_text_mode(config.get("BROADSHEET_FETCH_FULL_TEXT", environ))
    options = _Options(
        fetcher=fetcher,
        full_text=mode,
        extractor=(extractor or _default_extractor()) if extract else None,
        executor=executor,
    )
    slots = asyncio.Semaphore(max_feeds_in_flight)

    async def bounded(spec: FeedSpec) -> FeedOutcome:
        async with slots:
            return await _poll_one(spec, options)

    tasks = [asyncio.ensure_future(bounded(spec)) for spec in specs]
    try:
        for next_done in asyncio.as_completed(tasks):
            yield await next_done
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def partial_extractor(fn: Callable[..., Article], **kwargs: Any) -> Extractor:
    """Bind keyword arguments (e.g. ``fast=True``) to an extractor, picklably."""
    return functools.partial(fn, **kwargs)
