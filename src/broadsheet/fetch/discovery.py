"""Feed auto-discovery: the feeds a home page advertises.

:func:`discover_feeds` reads ``<link rel="alternate">`` elements of RSS, Atom and JSON
Feed types (resolving relative URLs against ``<base href>`` or the page URL) and,
only when there are none, anchors whose URL looks like a feed (``/feed``, ``.rss``,
``/atom.xml`` ...). Pure: it parses the page it is given and fetches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml.etree import ParserError

from broadsheet.fetch.decoding import decode_text

__all__ = ["DiscoveredFeed", "discover_feeds"]

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/rdf+xml": "rss",
    "application/feed+json": "json",
    "application/json": "json",
    "application/x-rss+xml": "rss",
    "text/xml": "rss",
    "application/xml": "rss",
}
_FEEDISH_HREF = re.compile(
    r"(/feeds?/?$|/rss/?$|\.rss$|/atom\.xml$|/rss\.xml$|/feed\.xml$|/index\.xml$|/feed\.json$|"
    r"[?&](feed|format)=(rss|atom)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DiscoveredFeed:
    """A feed a page links to: absolute URL, title if given, format (rss/atom/json)."""

    url: str
    title: str | None
    format: str


def discover_feeds(
    page: bytes | str, base_url: str, *, content_type: str | None = None
) -> list[DiscoveredFeed]:
    """List the feeds a page advertises, in page order, without duplicates.

    Args:
        page: the HTML page.
        base_url: the page's URL, for resolving relative links.
        content_type: the page's Content-Type header (for its charset).

    Returns:
        The feeds found (empty when none; never raises on bad HTML).
    """
    text = page if isinstance(page, str) else decode_text(page, content_type)
    if not text.strip():
        return []
    try:
        document = lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (ParserError, ValueError):
        return []
    base = base_url
    for element in document.iter("base"):
        href = element.get("href")
        if href:
            base = urljoin(base_url, href.strip())
            break
    found: list[DiscoveredFeed] = []
    seen: set[str] = set()
    for element in document.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = FEED_TYPES.get((element.get("type") or "").split(";")[0].strip().lower())
        href = (element.get("href") or "").strip()
        if "alternate" not in rel or kind is None or not href:
            continue
        url = urljoin(base, href)
        if url not in seen and url.startswith(("http://", "https://")):
            seen.add(url)
            found.append(DiscoveredFeed(url, (element.get("title") or "").strip() or None, kind))
    if found:
        return found
    for element in document.iter("a"):
        href = (element.get("href") or "").strip()
        if not href or not _FEEDISH_HREF.search(href.split("#")[0]):
            continue
        url = urljoin(base, href)
        if url not in seen and url.startswith(("http://", "https://")):
            seen.add(url)
            kind = "json" if url.lower().endswith(".json") else "rss"
            title = " ".join(element.text_content().split()) or None
            found.append(DiscoveredFeed(url, title, kind))
    return found


_PARSER = lxml.html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False)
