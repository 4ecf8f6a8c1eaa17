"""Turn what a person names on the command line into raw documents.

``iter_inputs`` expands paths, folders, ``.gz`` files, URLs, feed files and
``articles-jsonl`` files into :class:`~broadsheet.types.RawDocument` values, one per
article-to-be. It never stops on a bad input: each problem is yielded as a
:class:`~broadsheet.errors.BroadsheetError` naming the input, in order with the good
documents, so the caller can report it and go on. This module does disk and (for URLs)
network I/O through :mod:`broadsheet.fetch`; it is the seam between the outside world
and the pure pipeline, used by ``broadsheet extract``, ``stories`` and ``ingest``.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from broadsheet.errors import BroadsheetError, EmptyInput, InputError, InputTooLarge
from broadsheet.types import RawDocument

__all__ = ["INPUT_FORMATS", "MAX_INPUT_BYTES", "iter_inputs", "read_path"]

INPUT_FORMATS = ("auto", "html", "page-text", "article-text", "feed", "articles-jsonl")

# Largest file (after gzip decompression) read from disk. Far above any real page
# (the largest page in the extraction benchmark is ~1.5 MB) yet small enough that a
# runaway input cannot exhaust memory; the extractor applies its own, lower limit.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def _gunzip(data: bytes, name: str) -> bytes:
    """Decompress gzip data, refusing output past MAX_INPUT_BYTES (no gzip bombs)."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(1024 * 1024):
                out.write(chunk)
                if out.tell() > MAX_INPUT_BYTES:
                    raise InputTooLarge(
                        f"decompresses to more than {MAX_INPUT_BYTES} bytes", input=name
                    )
    except (OSError, EOFError) as exc:
        raise InputError(f"not a readable gzip file: {exc}", input=name) from exc
    return out.getvalue()


def read_path(path: Path) -> bytes:
    """Read a file's bytes, decompressing ``.gz``; errors name the path.

    Raises:
        InputError: the path is missing, unreadable, empty or too large.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputTooLarge(
                f"{size} bytes is over the {MAX_INPUT_BYTES}-byte limit", input=name
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file or folder", input=name) from exc
    except IsADirectoryError as exc:
        raise InputError("is a folder", input=name) from exc
    except PermissionError as exc:
        raise InputError("permission denied", input=name) from exc
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, name)
    if not data.strip():
        raise EmptyInput("empty file", input=name)
    return data


def _expand_paths(spec: str) -> Iterator[Path | BroadsheetError]:
    path = Path(spec)
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not files:
            yield EmptyInput("folder holds no files", input=spec)
        yield from files
    elif path.exists():
        yield path
    else:
        yield InputError("no such file or folder", input=spec)


def _is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def _fetch_url(spec: str) -> RawDocument:
    """Fetch one URL through the guarded, polite fetcher (robots, limits, address guard)."""
    import asyncio

    from broadsheet.fetch import Fetcher, fetch_document

    async def fetch() -> RawDocument:
        async with Fetcher() as fetcher:
            raw = await fetch_document(fetcher, spec)
        return RawDocument(
            content=raw.content,
            name=spec,
            url=raw.url,
            fetched_at=raw.fetched_at or datetime.now(UTC),
            content_type=raw.content_type,
            hints=raw.hints,
        )

    return asyncio.run(fetch())


def _expand_document(
    raw: RawDocument, input_format: str
) -> Iterator[RawDocument | BroadsheetError]:
    """Expand a feed or JSONL document into its items; pass anything else through."""
    from broadsheet.pipeline.extract import decode_bytes, detect_format, parse_articles_jsonl

    fmt = input_format if input_format != "auto" else detect_format(raw)
    if fmt == "articles-jsonl":
        text = raw.content if isinstance(raw.content, str) else decode_bytes(raw.content)
        yield from parse_articles_jsonl(text, name=raw.name)
        return
    if fmt == "feed":
        yield from _feed_items(raw)
        return
    yield RawDocument(
        content=raw.content,
        name=raw.name,
        url=raw.url,
        fetched_at=raw.fetched_at,
        content_type=raw.content_type,
        input_format=fmt,  # type: ignore[arg-type]
        hints=raw.hints,
    )


def _feed_items(raw: RawDocument) -> Iterator[RawDocument | BroadsheetError]:
    from broadsheet.fetch import item_hints, parse_feed

    data = raw.content.encode("utf-8") if isinstance(raw.content, str) else raw.content
    try:
        feed = parse_feed(data, url=raw.url, content_type=raw.content_type)
    except BroadsheetError as exc:
        yield InputError(f"not a usable feed: {exc.reason}", input=raw.name)
        return
    if not feed.items:
        yield EmptyInput("feed has no items", input=raw.name)
    for index, item in enumerate(feed.items, start=1):
        content = item.content_html or item.summary or ""
        hints = item_hints(item, feed)
        yield RawDocument(
            content=content,
            name=f"{raw.name}#{index}" + (f" ({item.url})" if item.url else ""),
            url=item.url,
            fetched_at=raw.fetched_at,
            content_type="text/html",
            input_format="html" if "<" in content else "article-text",
            hints=hints,
        )


def iter_inputs(
    specs: Sequence[str], *, input_format: str = "auto"
) -> Iterator[RawDocument | BroadsheetError]:
    """Expand command-line inputs into raw documents, in order, never stopping early.

    Args:
        specs: file paths, folders (read recursively, hidden files skipped), or URLs.
        input_format: one of INPUT_FORMATS; ``auto`` detects each document by content.

    Yields:
        A RawDocument per article-to-be, or a BroadsheetError naming a bad input.
    """
    if input_format not in INPUT_FORMATS:
        yield InputError(f"unknown input format {input_format!r}", input="--input-format")
        return
    for spec in specs:
        if _is_url(spec):
            try:
                raw = _fetch_url(spec)
            except BroadsheetError as exc:
                if exc.input and exc.input != spec:  # failed on robots.txt or a redirect
                    exc.reason = f"{exc.reason} (while fetching {exc.input})"
                exc.input = spec
                yield exc
                continue
            yield from _safe_expand(raw, input_format)
            continue
        for path in _expand_paths(spec):
            if isinstance(path, BroadsheetError):
                yield path
                continue
            try:
                data = read_path(path)
                fetched_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
            except BroadsheetError as exc:
                yield exc
                continue
            raw = RawDocument(content=data, name=str(path), fetched_at=fetched_at)
            yield from _safe_expand(raw, input_format)


def _safe_expand(raw: RawDocument, input_format: str) -> Iterator[RawDocument | BroadsheetError]:
    try:
        yield from _expand_document(raw, input_format)
    except BroadsheetError as exc:
        if exc.input is None:
            exc.input = raw.name
        yield exc
