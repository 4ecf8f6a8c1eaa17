"""The extract stage: one raw document in, one :class:`Article` (or a typed error) out.

``extract`` decodes the document, detects its format when asked to, and hands it to
the reader for that format: the HTML extractor, the page-dump cleaner, or the clean
article reader (whose body is the input unchanged, so offsets index the file). Feed
hints fill what the document does not say. Feeds and JSONL imports hold many
articles and must be expanded by the caller first. Every failure is a
:class:`BroadsheetError` naming the input; this module does no I/O.
"""

from __future__ import annotations

from broadsheet.errors import (
    BroadsheetError,
    EmptyInput,
    ExtractionError,
    InputError,
    NoArticleFound,
    UnsupportedInput,
)
from broadsheet.pipeline.extract.blocks import join_blocks, normalise_space, split_text
from broadsheet.pipeline.extract.decoding import check_text
from broadsheet.pipeline.extract.formats import detect_format, document_text
from broadsheet.pipeline.extract.html import extract_html
from broadsheet.pipeline.extract.text import clean_page_text
from broadsheet.types import Article, FeedHints, Paragraph, RawDocument

__all__ = ["extract"]

# The headline is looked for among this many blocks at the top of the body.
TITLE_SEARCH_BLOCKS = 5
# Blocks above the headline shorter than this (words) are labels, dropped with it.
LABEL_MAX_WORDS = 5
# A title longer than this is not a title (a first line that is a whole paragraph).
MAX_TITLE_CHARS = 300


def _fold(text: str) -> str:
    return " ".join(normalise_space(text).lower().split())


def _drop_title_block(
    blocks: list[tuple[str, str]], titles: tuple[str | None, ...]
) -> list[tuple[str, str]]:
    """Drop the headline block near the top, and the short labels above it.

    The headline is the title, not the body; labels before it (section names, "Tags")
    are page chrome that came along with it.
    """
    wanted = {_fold(title) for title in titles if title}
    for index, (text, _) in enumerate(blocks[:TITLE_SEARCH_BLOCKS]):
        if _fold(text) in wanted:
            if all(len(t.split()) < LABEL_MAX_WORDS for t, _ in blocks[:index]):
                return blocks[index + 1 :]
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def _article_text(text: str, hints: FeedHints) -> tuple[str, str, tuple[Paragraph, ...]]:
    paragraphs = split_text(text)
    if not paragraphs:
        raise EmptyInput("the text holds no paragraphs")
    title = hints.title
    if not title:
        first = paragraphs[0].text.split("\n", 1)[0].strip()
        title = first[:MAX_TITLE_CHARS]
    return title, text, paragraphs


def _extract(raw: RawDocument, text: str, fmt: str, fast: bool) -> Article:
    hints = raw.hints
    if fmt in {"feed", "articles-jsonl"}:
        raise UnsupportedInput(
            f"a {fmt} holds many articles: expand it first "
            "(fetch.feeds for feeds, parse_articles_jsonl for JSONL)"
        )
    if fmt == "article-text":
        title, body, paragraphs = _article_text(text, hints)
        return Article(
            title=title,
            body=body,
            paragraphs=paragraphs,
            url=hints.url or raw.url,
            source=hints.source,
            byline=hints.byline,
            published=hints.published,
            language=hints.language,
            description=hints.summary,
            categories=hints.categories,
            input_format=fmt,
            fetched_at=raw.fetched_at,
            guid=hints.guid,
        )
    if fmt == "page-text":
        page = clean_page_text(text)
        if not page.paragraphs:
            raise NoArticleFound("no article prose found among the page's lines")
        title = page.title or hints.title or ""
        body, paragraphs = join_blocks((line, "p") for line in page.paragraphs)
        return Article(
            title=title,
            body=body,
            paragraphs=paragraphs,
            url=raw.url or hints.url,
            source=hints.source,
            byline=page.byline or hints.byline,
            published=page.published or hints.published,
            language=hints.language,
            description=hints.summary,
            categories=hints.categories,
            related=page.related,
            input_format=fmt,
            fetched_at=raw.fetched_at,
            guid=hints.guid,
        )
    if fmt != "html":
        raise UnsupportedInput(f"unknown input format {fmt!r}")
    page_html = extract_html(text, url=raw.url or hints.url, fast=fast)
    meta = page_html.metadata
    title = meta.title or hints.title or ""
    blocks = _drop_title_block(list(page_html.blocks), (meta.headline, meta.title, title))
    body, paragraphs = join_blocks(blocks)
    if not body:
        raise NoArticleFound("the page's main content is only its headline")
    return Article(
        title=title,
        body=body,
        paragraphs=paragraphs,
        url=meta.url or raw.url or hints.url,
        source=meta.source or hints.source,
        byline=meta.byline or hints.byline,
        published=meta.published or hints.published,
        language=meta.language or hints.language,
        image=meta.image,
        description=meta.description or hints.summary,
        categories=meta.categories or hints.categories,
        related=page_html.related,
        input_format=fmt,
        fetched_at=raw.fetched_at,
        guid=hints.guid,
    )


def extract(raw: RawDocument, *, fast: bool = False) -> Article:
    """Extract the article of one raw document.

    Args:
        raw: the document (bytes are decoded; gzip is inflated with a size cap).
        fast: for HTML, trade a little quality for speed (bulk backfills).

    Returns:
        The :class:`Article`; its paragraphs offset into its body.

    Raises:
        EmptyInput: nothing to read.
        InputTooLarge: over the size limit.
        UnsupportedInput: binary junk, or a feed/JSONL that must be expanded first.
        NoArticleFound: the document was read but holds no article (with the reason).
    """
    try:
        text = document_text(raw)
        if not text.strip():
            raise EmptyInput("the document is empty")
        check_text(text)
        fmt = raw.input_format if raw.input_format != "auto" else detect_format(raw)
        return _extract(raw, text, fmt, fast)
    except (InputError, ExtractionError) as error:
        if error.input:
            raise
        raise type(error)(error.reason, input=raw.name) from error
    except BroadsheetError:
        raise
    except RecursionError as exc:
        raise NoArticleFound("the document is nested too deeply to read", input=raw.name) from exc
