"""OPML subscription lists: import and export, round-tripping title, URL and folder.

:func:`parse_opml` reads every ``<outline>`` that has an ``xmlUrl`` (at any depth)
into an :class:`OpmlFeed` whose ``folder`` is the path of titles of the outlines
around it; :func:`write_opml` writes them back, nesting folders, so parse(write(x))
gives x back. XML goes through defusedxml. Pure: no file or network I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, SubElement, tostring

import defusedxml.ElementTree as safe_etree
from defusedxml import DefusedXmlException

from broadsheet.errors import FeedError

__all__ = ["OpmlFeed", "parse_opml", "write_opml"]

# Subscription lists of heavy users run to a few thousand feeds; this bounds memory.
MAX_OPML_FEEDS = 100_000


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: feed URL, title, folder path (outer first) and home page."""

    url: str
    title: str | None = None
    folder: tuple[str, ...] = ()
    html_url: str | None = None


def parse_opml(content: bytes | str) -> list[OpmlFeed]:
    """Read the feeds of an OPML document, in document order.

    Raises:
        FeedError: not OPML, malformed, or declaring entities.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        root = safe_etree.fromstring(data, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise FeedError(f"OPML with entity declarations refused: {exc}") from exc
    except safe_etree.ParseError as exc:
        raise FeedError(f"not OPML: malformed XML: {exc}") from exc
    if root.tag.lower() != "opml":
        raise FeedError(f"not OPML: root element <{root.tag}>")
    body = next((child for child in root if child.tag.lower() == "body"), None)
    if body is None:
        raise FeedError("not OPML: no <body>")
    feeds: list[OpmlFeed] = []

    def walk(element: Element, folder: tuple[str, ...]) -> None:
        for outline in element:
            if outline.tag.lower() != "outline":
                continue
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
            text = (outline.get("text") or "").strip()
            title = (outline.get("title") or "").strip() or (text if text != url else "") or None
            if url:
                if len(feeds) >= MAX_OPML_FEEDS:
                    raise FeedError(f"OPML lists more than {MAX_OPML_FEEDS} feeds")
                html_url = (outline.get("htmlUrl") or "").strip() or None
                feeds.append(OpmlFeed(url, title, folder, html_url))
            walk(outline, folder + (title,) if not url and title else folder)

    walk(body, ())
    return feeds


def write_opml(feeds: Iterable[OpmlFeed], *, title: str = "Broadsheet subscriptions") -> bytes:
    """Write feeds as an OPML 2.0 document, nesting folders as outlines.

    Returns:
        UTF-8 encoded XML with an XML declaration.
    """
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = SubElement(root, "body")
    folders: dict[tuple[str, ...], Element] = {(): body}

    def folder_element(path: tuple[str, ...]) -> Element:
        if path not in folders:
            parent = folder_element(path[:-1])
            folders[path] = SubElement(parent, "outline", text=path[-1], title=path[-1])
        return folders[path]

    for feed in feeds:
        attributes = {"type": "rss", "xmlUrl": feed.url}
        if feed.title:
            attributes["text"] = feed.title
            attributes["title"] = feed.title
        else:
            attributes["text"] = feed.url
        if feed.html_url:
            attributes["htmlUrl"] = feed.html_url
        SubElement(folder_element(feed.folder), "outline", attributes)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode").encode()
