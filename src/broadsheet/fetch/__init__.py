"""Fetching: all of Broadsheet's network I/O, polite, guarded and bounded.

The public surface (everything else in this package is private):

- :func:`normalise_url` — canonical URL, tracking parameters dropped; idempotent;
  raises only :class:`~broadsheet.errors.InputError` (for non-http(s) URLs).
- :class:`AddressGuard`, :class:`MappingResolver` — SSRF guard checked on the resolved
  address of every connection (redirects included); connects to the checked address.
- :class:`Fetcher`, :class:`FetchResponse`, :class:`FetchLimits` — the async client:
  ``await fetcher.get(url, etag=..., last_modified=...)``; robots.txt, per-host
  concurrency and delay, Retry-After/429/503 back-off, size/time/redirect/ratio limits.
- :func:`parse_feed` → :class:`ParsedFeed` of :class:`FeedItem` (RSS, Atom, JSON Feed);
  :func:`parse_sitemap` → :class:`ParsedSitemap`; :func:`discover_feeds`;
  :func:`parse_opml` / :func:`write_opml` over :class:`OpmlFeed`; :func:`decode_text`.
- :func:`next_poll` — the adaptive polling interval policy (pure).
- :func:`poll_feeds` over :class:`FeedSpec` yielding :class:`FeedOutcome` with
  :class:`PolledItem`; :func:`fetch_document` for single pages.

It may import :mod:`broadsheet.pipeline` (extraction) but never Django: the site calls
it and stores what it returns.
"""

from broadsheet.fetch.client import Fetcher, FetchLimits, FetchResponse, ServerBusy
from broadsheet.fetch.decoding import decode_text
from broadsheet.fetch.discovery import DiscoveredFeed, discover_feeds
from broadsheet.fetch.feeds import FeedItem, ParsedFeed, item_identity, parse_feed
from broadsheet.fetch.guard import AddressGuard, MappingResolver
from broadsheet.fetch.opml import OpmlFeed, parse_opml, write_opml
from broadsheet.fetch.poll import (
    FeedOutcome,
    FeedSpec,
    PolledItem,
    fetch_document,
    item_hints,
    partial_extractor,
    poll_feeds,
)
from broadsheet.fetch.schedule import next_poll
from broadsheet.fetch.sitemaps import ParsedSitemap, SitemapEntry, parse_sitemap
from broadsheet.fetch.urls import normalise_url

__all__ = [
    "AddressGuard",
    "DiscoveredFeed",
    "FeedItem",
    "FeedOutcome",
    "FeedSpec",
    "FetchLimits",
    "FetchResponse",
    "Fetcher",
    "MappingResolver",
    "OpmlFeed",
    "ParsedFeed",
    "ParsedSitemap",
    "PolledItem",
    "ServerBusy",
    "SitemapEntry",
    "decode_text",
    "discover_feeds",
    "fetch_document",
    "item_hints",
    "item_identity",
    "next_poll",
    "normalise_url",
    "parse_feed",
    "parse_opml",
    "parse_sitemap",
    "partial_extractor",
    "poll_feeds",
    "write_opml",
]
