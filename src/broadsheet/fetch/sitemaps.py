"""Sitemaps: Google News sitemaps, plain XML or text sitemaps and sitemap indexes.

:func:`parse_sitemap` reads fetched bytes (gzip-compressed or not) into a
:class:`ParsedSitemap`: the page entries with their ``lastmod`` and, for Google News
sitemaps, the news title, publication date, language and publication name; and, for a
sitemap index, the child sitemap URLs. XML goes through defusedxml (no entity
expansion, no external entities); decompression and entry counts are bounded. Pure:
it never fetches the child sitemaps or pages.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_etree
from defusedxml import DefusedXmlException

from broadsheet.errors import FeedError, ResponseTooLarge
from broadsheet.fetch.decoding import decode_text

__all__ = ["ParsedSitemap", "SitemapEntry", "parse_sitemap"]

# sitemaps.org protocol: at most 50,000 URLs and 50 MB (uncompressed) per sitemap.
MAX_SITEMAP_ENTRIES = 50_000
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One page listed in a sitemap (news fields only in Google News sitemaps)."""

    url: str
    lastmod: datetime | None = None
    title: str | None = None
    published: datetime | None = None
    language: str | None = None
    publication: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedSitemap:
    """A sitemap's pages, or (for an index) the sitemaps it lists."""

    entries: tuple[SitemapEntry, ...]
    sitemaps: tuple[str, ...] = ()
    is_news: bool = False


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1].lower()


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _find(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _gunzip(content: bytes, url: str | None) -> bytes:
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(content, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise FeedError(f"corrupt gzip sitemap: {exc}", url=url) from exc
    if len(out) > MAX_SITEMAP_BYTES:
        raise ResponseTooLarge(f"sitemap larger than {MAX_SITEMAP_BYTES} bytes", url=url)
    return out


def parse_sitemap(content: bytes, *, url: str | None = None) -> ParsedSitemap:
    """Parse a sitemap, Google News sitemap, sitemap index or text sitemap.

    Args:
        content: the fetched bytes (gzip is undone here, within the size limit).
        url: where it came from, for messages.

    Raises:
        FeedError: not a sitemap, or refused XML.
        ResponseTooLarge: over 50,000 entries or 50 MB.
    """
    if content.startswith(_GZIP_MAGIC):
        content = _gunzip(content, url)
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise FeedError("empty document, not a sitemap", url=url)
    if not stripped.startswith(b"<"):
        return _parse_text(content, url)
    try:
        root = safe_etree.fromstring(content, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise FeedError(f"XML with entity declarations refused: {exc}", url=url) from exc
    except safe_etree.ParseError as exc:
        raise FeedError(f"not a sitemap: malformed XML: {exc}", url=url) from exc
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = [loc for node in root if (loc := _child_text(node, "loc"))]
        if len(children) > MAX_SITEMAP_ENTRIES:
            raise ResponseTooLarge(f"more than {MAX_SITEMAP_ENTRIES} sitemaps", url=url)
        return ParsedSitemap(entries=(), sitemaps=tuple(children))
    if kind != "urlset":
        raise FeedError(f"not a sitemap: root element <{kind}>", url=url)
    entries: list[SitemapEntry] = []
    is_news = False
    for node in root:
        loc = _child_text(node, "loc")
        if _local(node.tag) != "url" or not loc:
            continue
        if len(entries) >= MAX_SITEMAP_ENTRIES:
            raise ResponseTooLarge(f"more than {MAX_SITEMAP_ENTRIES} entries", url=url)
        news = _find(node, "news")
        title = published = language = publication = None
        if news is not None:
            is_news = True
            title = _child_text(news, "title")
            published = _date(_child_text(news, "publication_date"))
            pub = _find(news, "publication")
            if pub is not None:
                publication = _child_text(pub, "name")
                language = _child_text(pub, "language")
        entries.append(
            SitemapEntry(
                url=loc,
                lastmod=_date(_child_text(node, "lastmod")),
                title=title,
                published=published,
                language=language,
                publication=publication,
            )
        )
    return ParsedSitemap(entries=tuple(entries), is_news=is_news)


def _parse_text(content: bytes, url: str | None) -> ParsedSitemap:
    lines = [line.strip() for line in decode_text(content, "text/plain").splitlines()]
    urls = [line for line in lines if line]
    if not urls or not all(u.startswith(("http://", "https://")) for u in urls):
        raise FeedError("not a sitemap: neither XML nor one URL per line", url=url)
    if len(urls) > MAX_SITEMAP_ENTRIES:
        raise ResponseTooLarge(f"more than {MAX_SITEMAP_ENTRIES} entries", url=url)
    return ParsedSitemap(entries=tuple(SitemapEntry(url=u) for u in urls))
