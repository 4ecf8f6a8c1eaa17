"""Recognise what kind of document an input is, and read JSONL article imports.

``detect_format`` looks at the content, not the file name: markup that is a feed
(RSS, Atom, RDF), markup that is a page (HTML), one JSON object per line (an article
import), and plain text, which is either one clean article or the select-all copy of a
whole web page with its menus and footers. ``content_type`` and ``url`` are only used
to break ties. ``parse_articles_jsonl`` turns an import file into raw documents, one
result per line, never stopping on a bad line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from broadsheet.errors import InputError
from broadsheet.pipeline.extract.decoding import decode_bytes
from broadsheet.types import FeedHints, RawDocument

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


def _looks_like_jsonl(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0].strip()
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and ("text" in record or "title" in record)


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
    if _looks_like_jsonl(head):
        return "articles-jsonl"
    if "<html" in lowered or "<body" in lowered or len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    return text_format(text)


def _parse_published(value: object, lineno: int, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"line {lineno}: 'published' must be an ISO 8601 string", input=name)
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(
            f"line {lineno}: 'published' is not ISO 8601: {value!r}", input=name
        ) from exc
    # A date without a zone is read as UTC: imports are machine-written and UTC is the
    # only assumption that does not depend on where Broadsheet runs.
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _optional_str(record: dict[str, object], key: str, lineno: int, name: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"line {lineno}: {key!r} must be a string", input=name)
    return value.strip() or None


def _record(line: str, lineno: int, name: str) -> RawDocument:
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise InputError(f"line {lineno}: not valid JSON: {exc}", input=name) from exc
    if not isinstance(record, dict):
        raise InputError(f"line {lineno}: expected a JSON object", input=name)
    missing = [key for key in ("id", "title", "text") if record.get(key) in (None, "")]
    if missing:
        raise InputError(f"line {lineno}: missing {', '.join(missing)}", input=name)
    ident = record["id"]
    if isinstance(ident, bool) or not isinstance(ident, str | int):
        raise InputError(f"line {lineno}: 'id' must be a string or an integer", input=name)
    text = record["text"]
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"line {lineno}: 'text' must be a non-empty string", input=name)
    title = _optional_str(record, "title", lineno, name)
    url = _optional_str(record, "url", lineno, name)
    hints = FeedHints(
        title=title,
        url=url,
        source=_optional_str(record, "source", lineno, name),
        published=_parse_published(record.get("published"), lineno, name),
        guid=str(ident),
    )
    return RawDocument(
        content=text,
        name=f"{name}:{lineno}",
        url=url,
        input_format="article-text",
        hints=hints,
    )


def parse_articles_jsonl(text: str, *, name: str) -> Iterator[RawDocument | InputError]:
    """Read an article import: one JSON object per line.

    Each object has ``id``, ``title`` and ``text``, and optionally ``url``, ``source``
    and ``published`` (ISO 8601; a date without a zone is taken as UTC). Blank lines
    are skipped. A bad line yields an :class:`InputError` naming the line; the
    following lines are still read.

    Args:
        text: the whole file.
        name: how to name the file in messages and in the documents' names.

    Yields:
        A ``RawDocument`` (``input_format="article-text"``) per good line, an
        ``InputError`` per bad one.
    """
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield _record(line, lineno, name)
        except InputError as error:
            yield error
