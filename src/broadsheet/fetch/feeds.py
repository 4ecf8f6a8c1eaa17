"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom (feedparser) and JSON Feed (our own), hardened.

:func:`parse_feed` turns fetched bytes into a :class:`ParsedFeed` of :class:`FeedItem`.
It is pure: it never fetches (feedparser is only ever given an in-memory stream, never
a string it could take for a URL or a file name). XML that declares entities is
refused before parsing (defusedxml's policy: no billion laughs, no external entities),
feeds with more items than ``MAX_FEED_ITEMS`` are refused, and anything that is not a
feed raises :class:`~broadsheet.errors.FeedError`. Each item gets a stable
``identity`` (feed GUID, else canonical URL, else a content hash) so storage can keep
it exactly once.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import defusedxml.ElementTree as safe_etree
import feedparser
from defusedxml import DefusedXmlException

from broadsheet.errors import FeedError, InputError, ResponseTooLarge
from broadsheet.fetch.decoding import decode_text
from broadsheet.fetch.urls import normalise_url

__all__ = ["FeedItem", "ParsedFeed", "item_identity", "parse_feed"]

# Real news feeds carry 10-100 items and podcast archives a few thousand (the largest
# capture in rss-parser's real-world test set, a 1.6 MB podcast feed, has about 700);
# 10,000 bounds parse time and memory (about 2 s for feedparser) with ample margin.
MAX_FEED_ITEMS = 10_000
# An item "has full text" when its content carries at least this many characters of
# text. Teasers (RSS descriptions) are one to three sentences, under 400 characters;
# the shortest article body in article-extraction-benchmark's ground truth is 369
# characters and its median 3,158, so 600 separates the two with margin on both sides.
FULL_TEXT_MIN_CHARS = 600
# Content ending in one of these is a teaser however long it is.
_TEASER_ENDINGS = re.compile(
    r"(\.\.\.|…|\[\s*(?:…|\.\.\.)\s*\]|read more|continue reading|weiterlesen|lire la suite)"
    r"\W*$",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
_ENTITY_DECLARATIONS = tuple(
    "<!ENTITY".encode(codec)
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_ITEM_TAGS = (b"<item", b"<entry", b":item", b":entry")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed, as the feed gave it.

    ``identity`` is stable across polls: ``guid:`` + the GUID (scoped to the feed when
    it is not a URI), else ``url:`` + the canonical URL, else ``sha256:`` of the text.
    """

    identity: str
    guid: str | None
    url: str | None
    title: str | None
    summary: str | None
    content_html: str | None
    published: datetime | None
    author: str | None
    categories: tuple[str, ...]
    has_full_text: bool


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: its title, home page link, items and format (rss/atom/json)."""

    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]
    format: str
    language: str | None = None
    bozo: str | None = None  # why a tolerant parse was needed, if it was


def _text_length(fragment: str) -> int:
    return len(" ".join(html.unescape(_TAG.sub(" ", fragment)).split()))


def has_full_text(content: str | None) -> bool:
    """Whether feed content is the whole article rather than a teaser."""
    if not content:
        return False
    text = " ".join(html.unescape(_TAG.sub(" ", content)).split())
    return len(text) >= FULL_TEXT_MIN_CHARS and not _TEASER_ENDINGS.search(text)


def item_identity(
    *,
    guid: str | None,
    url: str | None,
    title: str | None,
    summary: str | None,
    content: str | None,
    feed_url: str | None,
) -> str:
    """The stable identity of a feed item (see :class:`FeedItem`)."""
    if guid and guid.strip():
        guid = guid.strip()
        if re.match(r"^[a-z][a-z0-9+.-]*:", guid, re.IGNORECASE):
            return f"guid:{guid}"
        scope = feed_url or ""
        try:
            scope = normalise_url(scope) if scope else ""
        except InputError:
            pass
        return f"guid:{scope}#{guid}"
    if url:
        try:
            return f"url:{normalise_url(url)}"
        except InputError:
            pass
    digest = hashlib.sha256(
        "\x1f".join(part or "" for part in (title, summary, content)).encode("utf-8")
    ).hexdigest()
    return f"sha256:{digest[:32]}"


def _check_xml_safety(content: bytes, url: str | None) -> None:
    if not any(needle in content for needle in _ENTITY_DECLARATIONS):
        return
    try:
        safe_etree.fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(
            f"XML declares entities, refused (entity expansion / external entity "
            f"protection): {exc}",
            url=url,
        ) from exc
    except safe_etree.ParseError as exc:
        raise FeedError(f"malformed XML with entity declarations refused: {exc}", url=url) from exc


def _count_items(content: bytes) -> int:
    return sum(content.count(tag) for tag in _ITEM_TAGS)


def _datetime(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in parsed[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _iso_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _str(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_feed(
    content: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    max_items: int = MAX_FEED_ITEMS,
) -> ParsedFeed:
    """Parse an RSS, Atom or JSON Feed document.

    Args:
        content: the document as fetched.
        url: where it came from (base for relative links, scope for GUIDs, messages).
        content_type: the Content-Type header, if any (charset, JSON detection).
        max_items: the most items accepted.

    Returns:
        The feed; malformed-but-readable XML parses with ``bozo`` set to the reason.

    Raises:
        FeedError: not a feed, or refused XML (entity declarations).
        ResponseTooLarge: more than ``max_items`` items.
    """
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise FeedError("empty document, not a feed", url=url)
    if stripped[:1] == b"{":  # by content, not label: servers mislabel feeds often
        return _parse_json_feed(content, url=url, content_type=content_type, max_items=max_items)
    _check_xml_safety(content, url)
    if _count_items(content) > max_items * 2:  # ":item" and "<item" may both match
        raise ResponseTooLarge(f"feed has more than {max_items} items", url=url)
    # No content-location: feedparser would then also "resolve" entry ids against it
    # (lower-casing "HTTP://" ids, Atom 4.2.6.1 says ids are never normalised); links
    # are resolved against the feed URL below instead.
    headers: dict[str, str] = {}
    if content_type:
        headers["content-type"] = content_type
    result = feedparser.parse(io.BytesIO(content), response_headers=headers)
    if not result.get("version"):
        reason = "not a feed (no RSS, RDF or Atom root element)"
        if result.get("bozo"):
            reason += f": {result.get('bozo_exception')}"
        raise FeedError(reason, url=url)
    if len(result.entries) > max_items:
        raise ResponseTooLarge(f"feed has more than {max_items} items", url=url)
    feed = result.feed
    feed_link = _str(feed.get("link"))
    items = tuple(_item_from_entry(entry, url) for entry in result.entries)
    bozo = str(result.get("bozo_exception")) if result.get("bozo") else None
    return ParsedFeed(
        title=_str(feed.get("title")),
        link=urljoin(url, feed_link) if url and feed_link else feed_link,
        items=items,
        format="atom" if result.version.startswith("atom") else "rss",
        language=_str(feed.get("language")),
        bozo=bozo,
    )


def _item_from_entry(entry: Mapping[str, Any], feed_url: str | None) -> FeedItem:
    contents = entry.get("content") or []
    content_html = None
    if contents:
        content_html = max((c.get("value") or "" for c in contents), key=len) or None
    summary = _str(entry.get("summary"))
    if content_html is None and summary and _text_length(summary) >= FULL_TEXT_MIN_CHARS:
        # RSS 2.0 feeds often put the whole article in <description>.
        content_html = summary
    guid = _str(entry.get("id"))
    link = _str(entry.get("link"))
    if link and feed_url:
        link = urljoin(feed_url, link)
    title = _str(entry.get("title"))
    categories = tuple(
        term for tag in entry.get("tags") or [] if (term := _str(tag.get("term")))
    )
    return FeedItem(
        identity=item_identity(
            guid=guid, url=link, title=title, summary=summary, content=content_html,
            feed_url=feed_url,
        ),
        guid=guid,
        url=link,
        title=title,
        summary=summary,
        content_html=content_html,
        published=_datetime(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=_str(entry.get("author")),
        categories=categories,
        has_full_text=has_full_text(content_html),
    )


def _parse_json_feed(
    content: bytes, *, url: str | None, content_type: str | None, max_items: int
) -> ParsedFeed:
    try:
        document = json.loads(decode_text(content, content_type))
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"not a feed: invalid JSON: {exc}", url=url) from exc
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise FeedError("not a feed: JSON without an items list", url=url)
    version = document.get("version")
    if not (isinstance(version, str) and "jsonfeed.org/version/" in version):
        raise FeedError("not a feed: JSON without a jsonfeed.org version", url=url)
    raw_items = document["items"]
    if len(raw_items) > max_items:
        raise ResponseTooLarge(f"feed has more than {max_items} items", url=url)
    items = []
    for raw in raw_items:
        if not isinstance(raw, dict):
            continue
        content_html = _str(raw.get("content_html"))
        if content_html is None and (text := _str(raw.get("content_text"))):
            content_html = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
        link = _str(raw.get("url")) or _str(raw.get("external_url"))
        guid = _str(str(raw["id"])) if raw.get("id") is not None else None
        title = _str(raw.get("title"))
        summary = _str(raw.get("summary"))
        authors = raw.get("authors") or ([raw["author"]] if raw.get("author") else [])
        author = next(
            (n for a in authors if isinstance(a, dict) and (n := _str(a.get("name")))), None
        )
        tags = raw["tags"] if isinstance(raw.get("tags"), list) else []
        items.append(
            FeedItem(
                identity=item_identity(
                    guid=guid, url=link, title=title, summary=summary, content=content_html,
                    feed_url=url,
                ),
                guid=guid,
                url=link,
                title=title,
                summary=summary,
                content_html=content_html,
                published=_iso_datetime(raw.get("date_published"))
                or _iso_datetime(raw.get("date_modified")),
                author=author,
                categories=tuple(t.strip() for t in tags if isinstance(t, str) and t.strip()),
                has_full_text=has_full_text(content_html),
            )
        )
    return ParsedFeed(
        title=_str(document.get("title")),
        link=_str(document.get("home_page_url")),
        items=tuple(items),
        format="json",
        language=_str(document.get("language")),
    )
