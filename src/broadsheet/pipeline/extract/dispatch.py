"""The extract stage: one raw document in, one :class:`Article` (or a typed error) out.

``extract`` decodes the document, detects its format when asked to, and hands it to
the reader for that format: the HTML extractor, the page-dump cleaner, or the clean
article reader (whose body is the input unchanged, so offsets index the file). Feed
hints fill what the document does not say; an article always has a title (the
document's, the hints', or its first sentence). Feeds and article imports hold many
articles and must be expanded by the caller first. Every failure is a
:class:`BroadsheetError` naming the input; this module does no I/O.
"""

from __future__ import annotations

import re

from broadsheet.errors import (
    BroadsheetError,
    EmptyInput,
    ExtractionError,
    InputError,
    NoArticleFound,
    UnsupportedInput,
)
from broadsheet.pipeline.extract.blocks import join_blocks, normalise_space, split_text
from broadsheet.pipeline.extract.chrome import CHROME
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
# A title made from the body's first sentence is cut at a word boundary near this
# length. Measured on shared/data: 96% of the 166 Giveme5W1H headlines (94 outlets)
# are at most 120 characters (median 58, 95th percentile 110, longest 165); all 1,764
# BBC News titles are under 42.
FALLBACK_TITLE_CHARS = 120

_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s")


def _fold(text: str) -> str:
    return " ".join(normalise_space(text).lower().split())


def _title_from_body(body: str) -> str:
    """The body's first sentence, cut at a word boundary near FALLBACK_TITLE_CHARS."""
    text = " ".join(body.split())
    sentence = _SENTENCE_BREAK.split(text, maxsplit=1)[0].strip()
    if len(sentence) <= FALLBACK_TITLE_CHARS:
        return sentence
    head = sentence[: FALLBACK_TITLE_CHARS + 1]
    cut = head.rsplit(" ", 1)[0].rstrip(" ,;:-–—") if " " in head else ""
    # One unbroken word longer than the limit (a URL, say) is cut where it must be.
    return (cut or sentence[:FALLBACK_TITLE_CHARS]) + "…"


def _choose_title(*candidates: str | None, body: str) -> str:
    """The first candidate with something in it, else a title made from the body.

    An article never leaves extraction with an empty or blank title: listings,
    feeds and the search index all show it.
    """
    for candidate in candidates:
        if candidate and candidate.strip():
            return candidate.strip()
    return _title_from_body(body)


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
    """Title, body and paragraphs of a plain article text (an import, a .txt file).

    The text is kept as given, except that paragraphs which are page chrome as a whole
    (``CHROME``: "Advertisement", "Continue reading the main story", a lone "Photo")
    are dropped: crawler output such as news-please's carries them inside the article.
    """
    paragraphs = split_text(text)
    if not paragraphs:
        raise EmptyInput("the text holds no paragraphs")
    kept = [p for p in paragraphs if not CHROME.match(p.text)]
    if not kept:
        raise EmptyInput("the text holds only page chrome (buttons, labels, notices)")
    body = text
    if len(kept) < len(paragraphs):
        body, rebuilt = join_blocks((p.text, p.kind) for p in kept)
        kept = list(rebuilt)
    first = kept[0].text.split("\n", 1)[0].strip()
    title = _choose_title(hints.title, first[:MAX_TITLE_CHARS], body=body)
    return title, body, tuple(kept)


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
        body, paragraphs = join_blocks((line, "p") for line in page.paragraphs)
        title = _choose_title(page.title, hints.title, body=body)
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
    known = meta.title if meta.title and meta.title.strip() else hints.title
    blocks = _drop_title_block(list(page_html.blocks), (meta.headline, meta.title, known))
    body, paragraphs = join_blocks(blocks)
    if not body:
        raise NoArticleFound("the page's main content is only its headline")
    return Article(
        title=_choose_title(known, body=body),
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
