"""Recognise what kind of document an input is.

``detect_format`` looks at the content, not the file name: markup that is a feed
(RSS, Atom, RDF), markup that is a page (HTML), JSON (a JSON Feed, or an article
import: JSON Lines, one object or an array of objects with a title and a text; see
``records``), and plain text, which is either one clean article or the select-all copy
of a whole web page with its menus and footers. ``content_type`` and ``url`` are only
used to break ties. ``parse_articles_jsonl`` (from ``records``) is re-exported here.
"""

from __future__ import annotations

import re

from broadsheet.pipeline.extract.decoding import decode_bytes
from broadsheet.pipeline.extract.records import json_document_format, parse_articles_jsonl
from broadsheet.types import RawDocument

__all__ = ["detect_format", "document_text", "parse_articles_jsonl", "text_format"]

# How much of the start of a document to inspect for format signatures.
SNIFF_CHARS = 4096
# Plain text counts as a page dump when at least this share of its non-blank lines are
# short and unpunctuated (menu items, buttons, bylines) AND there are at least
# MIN_CHROME_LINES of them. Checked on shared/data: 88 of the 90 page dumps pass (the two
# that do not are near-empty pages), the seed page has 13 such lines (31%), and 3 of
# the 1,764 BBC articles of bbc-news fail (results tables and lists of names).
PAGE_DUMP_CHROME_SHARE = 0.25
MIN_CHROME_LINES = 6
# A line of this many characters or fewer without closing punctuation reads as chrome.
CHROME_LINE_CHARS = 40

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF|channel)\b", re.IGNORECASE)
_HTML_SIGNS = re.compile(
    r"<(!doctype\s+html|html|head|body|div|p|article|meta|title|span|table|section|br)\b",
    re.IGNORECASE,
)
_HTML_TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’»)]$")


def document_text(raw: RawDocument) -> str:
    """The text of ``raw``: decoded when it is bytes, as given otherwise."""
    if isinstance(raw.content, bytes):
        return decode_bytes(raw.content, content_type=raw.content_type)
    return raw.content


def text_format(text: str) -> str:
    """Tell a page dump ("page-text") from a clean article ("article-text")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "article-text"
    chrome = sum(
        1 for line in lines if len(line) <= CHROME_LINE_CHARS and not _SENTENCE_END.search(line)
    )
    # The first line of an article is its title: short and unpunctuated by nature.
    chrome -= 1 if lines and len(lines[0]) <= CHROME_LINE_CHARS else 0
    if chrome >= MIN_CHROME_LINES and chrome / len(lines) >= PAGE_DUMP_CHROME_SHARE:
        return "page-text"
    return "article-text"


def detect_format(raw: RawDocument) -> str:
    """Detect the format of a document from its content.

    Args:
        raw: the document; ``content_type`` only breaks ties.

    Returns:
        One of "html", "page-text", "article-text", "feed", "articles-jsonl".

    Raises:
        EmptyInput, InputTooLarge, UnsupportedInput: the bytes cannot be decoded as text.
        UnsupportedInput: a JSON object or array that is neither a feed nor articles.
    """
    text = document_text(raw)
    head = text[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    lowered = head.lower()
    if head.startswith("<"):
        root = _FEED_ROOT.search(head)
        page = _HTML_SIGNS.search(head)
        if root and (not page or root.start() < page.start()):
            return "feed"
        if page or (raw.content_type or "").startswith("text/html"):
            return "html"
    if head.startswith(("{", "[")) and (kind := json_document_format(text)):
        return kind
    if "<html" in lowered or "<body" in lowered or len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    return text_format(text)
