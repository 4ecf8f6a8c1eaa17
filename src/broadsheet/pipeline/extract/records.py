"""Read article imports: JSON Lines, one JSON object, or a JSON array of objects.

Bulk imports come in three shapes: one JSON object per line (Broadsheet's own import
format), one pretty-printed JSON object per file (news-please and other crawlers'
output), or a JSON array of such objects. :func:`parse_articles_jsonl` reads all three
and maps the field names those tools use onto :class:`FeedHints`;
:func:`json_document_format` tells format detection whether a JSON document is such
an import, a JSON Feed, or neither. Every bad record is a typed :class:`InputError`
naming it, and the next record is still read. Pure: the caller reads the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from broadsheet.errors import InputError, UnsupportedInput
from broadsheet.types import FeedHints, RawDocument

__all__ = ["json_document_format", "parse_articles_jsonl"]

# Field names tried in order for each value; the first present, non-empty one wins.
# Ours first, then news-please (dId is Giveme5W1H's), schema.org NewsArticle
# (headline, articleBody, datePublished) and common CMS/RSS exports (link, body).
ID_FIELDS = ("id", "dId", "guid", "filename", "url")
TITLE_FIELDS = ("title", "headline")
TEXT_FIELDS = ("text", "body", "articleBody", "maintext", "content")
URL_FIELDS = ("url", "link")
SOURCE_FIELDS = ("source", "source_domain", "publisher")
PUBLISHED_FIELDS = ("published", "date_publish", "datePublished", "date")
BYLINE_FIELDS = ("byline", "author", "authors")
SUMMARY_FIELDS = ("description", "summary")
LANGUAGE_FIELDS = ("language",)

# A JSON Feed (https://jsonfeed.org) says so in its top-level "version" URL.
JSON_FEED_VERSION = "jsonfeed.org/version/"


def _is_json_feed(document: dict[str, object]) -> bool:
    version = document.get("version")
    return isinstance(version, str) and JSON_FEED_VERSION in version


def _has_any(record: dict[str, object], fields: tuple[str, ...]) -> bool:
    return any(key in record for key in fields)


def _is_article_record(record: object) -> bool:
    """A record carries a title field and a text field (their values are checked later)."""
    return (
        isinstance(record, dict)
        and _has_any(record, TITLE_FIELDS)
        and _has_any(record, TEXT_FIELDS)
    )


def _is_opening_line(line: str) -> bool:
    """The first line of a pretty-printed JSON document, not of a JSON Lines file."""
    return line in {"{", "["} or line.startswith("[")


def json_document_format(text: str) -> str | None:
    """Say what a JSON input holds, from its whole content.

    Args:
        text: the decoded document.

    Returns:
        ``"feed"`` for a JSON Feed; ``"articles-jsonl"`` for an article import (JSON
        Lines whose first line is an object with a title or a text field, or one JSON
        object or an array of objects whose records carry a title and a text field);
        None when the text is not a JSON object or array.

    Raises:
        UnsupportedInput: the text is a JSON object or array that holds no articles
            (a configuration file, a list of numbers), which no reader can use.
    """
    body = text.lstrip("\ufeff \t\r\n")
    if not body.startswith(("{", "[")):
        return None
    try:
        document = json.loads(body)
    except RecursionError:
        return None
    except ValueError:
        first = body.split("\n", 1)[0].strip()
        if _is_opening_line(first):
            return None
        try:
            record = json.loads(first)
        except (ValueError, RecursionError):
            return None
        if isinstance(record, dict) and not _is_json_feed(record):
            if _has_any(record, TITLE_FIELDS) or _has_any(record, TEXT_FIELDS):
                return "articles-jsonl"
        return None
    if isinstance(document, dict) and _is_json_feed(document):
        return "feed"
    if _is_article_record(document):
        return "articles-jsonl"
    if (
        isinstance(document, list)
        and document
        and all(isinstance(item, dict) for item in document)
        and any(_is_article_record(item) for item in document)
    ):
        return "articles-jsonl"
    raise UnsupportedInput(
        "a JSON document with no article records (objects with a title and a text field)"
    )


def _pick(record: dict[str, object], fields: tuple[str, ...]) -> tuple[str, object] | None:
    """The first of ``fields`` with a value that is not null, blank or empty."""
    for key in fields:
        value = record.get(key)
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, str) and not value.strip():
            continue
        return key, value
    return None


def _prefix(where: str) -> str:
    return f"{where}: " if where else ""


def _string(
    record: dict[str, object], fields: tuple[str, ...], where: str, name: str
) -> str | None:
    picked = _pick(record, fields)
    if picked is None:
        return None
    key, value = picked
    if not isinstance(value, str):
        raise InputError(f"{_prefix(where)}{key!r} must be a string", input=name)
    return value.strip()


def _name_of(value: object) -> str | None:
    """A person or publisher given as a string or as a schema.org ``{"name": ...}``."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _names(record: dict[str, object], fields: tuple[str, ...], where: str, name: str) -> str | None:
    """A byline or publisher: a name, a ``{"name": ...}``, or a list of those (joined)."""
    picked = _pick(record, fields)
    if picked is None:
        return None
    key, value = picked
    items = value if isinstance(value, list) else [value]
    names = [_name_of(item) for item in items]
    if any(item is None for item in names):
        raise InputError(
            f"{_prefix(where)}{key!r} must be a name, a list of names or objects with a name",
            input=name,
        )
    return ", ".join(item for item in names if item)


def _published(record: dict[str, object], where: str, name: str) -> datetime | None:
    picked = _pick(record, PUBLISHED_FIELDS)
    if picked is None:
        return None
    key, value = picked
    if not isinstance(value, str):
        raise InputError(f"{_prefix(where)}{key!r} must be an ISO 8601 string", input=name)
    try:
        # Python 3.11 reads "2017-09-15 00:00:00" (news-please) as well as "T".
        when = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{_prefix(where)}{key!r} is not ISO 8601: {value!r}", input=name) from exc
    # A date without a zone is read as UTC: imports are machine-written and UTC is the
    # only assumption that does not depend on where Broadsheet runs.
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _ident(record: dict[str, object], fallback: str, where: str, name: str) -> str:
    picked = _pick(record, ID_FIELDS)
    if picked is None:
        return fallback
    key, value = picked
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"{_prefix(where)}{key!r} must be a string or an integer", input=name)
    return str(value).strip()


def _document(
    record: object, *, where: str, name: str, doc_name: str, fallback_id: str
) -> RawDocument:
    """One import record as a raw document; ``where`` names it in messages."""
    if not isinstance(record, dict):
        raise InputError(f"{_prefix(where)}expected a JSON object", input=name)
    missing = [
        field
        for field, fields in (("title", TITLE_FIELDS), ("text", TEXT_FIELDS))
        if _pick(record, fields) is None
    ]
    if missing:
        raise InputError(f"{_prefix(where)}missing {', '.join(missing)}", input=name)
    text_key, text = _pick(record, TEXT_FIELDS) or ("text", None)
    if not isinstance(text, str):
        raise InputError(f"{_prefix(where)}{text_key!r} must be a string", input=name)
    url = _string(record, URL_FIELDS, where, name)
    hints = FeedHints(
        title=_string(record, TITLE_FIELDS, where, name),
        url=url,
        source=_names(record, SOURCE_FIELDS, where, name),
        byline=_names(record, BYLINE_FIELDS, where, name),
        published=_published(record, where, name),
        summary=_string(record, SUMMARY_FIELDS, where, name),
        guid=_ident(record, fallback_id, where, name),
        language=_string(record, LANGUAGE_FIELDS, where, name),
    )
    return RawDocument(
        content=text, name=doc_name, url=url, input_format="article-text", hints=hints
    )


def _file_name(name: str) -> str:
    """The last component of a path or URL (pure string work: no filesystem)."""
    return name.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] or name


def _json_lines(text: str, name: str) -> Iterator[RawDocument | InputError]:
    base = _file_name(name)
    # Split on "\n" only: str.splitlines() also breaks at U+2028, U+0085 and other
    # separators that JSON allows unescaped inside strings.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {lineno}"
        try:
            record = json.loads(line.lstrip("\ufeff"))
        except ValueError as exc:
            yield InputError(f"{where}: not valid JSON: {exc}", input=name)
            continue
        except RecursionError:
            yield InputError(f"{where}: JSON nested too deeply", input=name)
            continue
        try:
            yield _document(
                record,
                where=where,
                name=name,
                doc_name=f"{name}:{lineno}",
                fallback_id=f"{base}:{lineno}",
            )
        except InputError as error:
            yield error


def parse_articles_jsonl(text: str, *, name: str) -> Iterator[RawDocument | InputError]:
    """Read an article import: JSON Lines, one JSON object, or a JSON array of objects.

    Each record needs a title (``title``/``headline``) and a text (``text``, ``body``,
    ``articleBody``, ``maintext`` or ``content``), and may carry an id (``id``,
    ``dId``, ``guid``, ``filename``, else its ``url``), ``url``/``link``, a source
    (``source``, ``source_domain``, ``publisher``), a date (``published``,
    ``date_publish``, ``datePublished``, ``date``: ISO 8601, a date without a zone is
    taken as UTC), a byline (``byline``, ``author``, ``authors``: a list is joined),
    ``description`` and ``language``. A record without an id is named after the file
    (plus its line or its 1-based position in an array). Blank lines are skipped.

    Args:
        text: the whole file.
        name: how to name the file in messages and in the documents' names.

    Yields:
        A ``RawDocument`` (``input_format="article-text"``) per good record, an
        ``InputError`` naming each bad one (by line, by position, or the file for a
        single object); the following records are still read.
    """
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        return
    base = _file_name(name)
    try:
        document = json.loads(body)
    except RecursionError:
        yield InputError("JSON nested too deeply", input=name)
        return
    except ValueError as exc:
        if _is_opening_line(body.split("\n", 1)[0].strip()):
            # One pretty-printed document that is broken: one error, not one per line.
            yield InputError(f"not valid JSON: {exc}", input=name)
            return
        yield from _json_lines(text, name)
        return
    if isinstance(document, list):
        for index, record in enumerate(document, start=1):
            try:
                yield _document(
                    record,
                    where=f"record {index}",
                    name=name,
                    doc_name=f"{name}#{index}",
                    fallback_id=f"{base}#{index}",
                )
            except InputError as error:
                yield error
        return
    if "\n" not in body.strip():
        # A single line: a one-record JSON Lines file, named by its line as before.
        yield from _json_lines(text, name)
        return
    try:
        yield _document(document, where="", name=name, doc_name=name, fallback_id=base)
    except InputError as error:
        yield error
