"""The values that flow through Broadsheet's pipeline.

Frozen, slotted dataclasses only: a raw document goes into ``extract`` and comes out
as an :class:`Article`; ``enrich`` turns that into an :class:`EnrichedArticle`; the
connect stage works on those. Every character offset (``start``/``end``) indexes
``Article.body`` of the article it belongs to. Nothing here does I/O or imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

__all__ = [
    "Article",
    "EnrichedArticle",
    "Entity",
    "EntityType",
    "FeedHints",
    "Hashtag",
    "InputFormat",
    "Paragraph",
    "Quote",
    "RawDocument",
    "ReportedSpeech",
    "RelatedListing",
    "Sentence",
    "Span",
    "SummarySentence",
]

InputFormat = Literal["auto", "html", "page-text", "article-text", "feed", "articles-jsonl"]
EntityType = Literal["person", "organization", "place", "other"]


@dataclass(frozen=True, slots=True)
class FeedHints:
    """What a feed (or an import record) already says about an item.

    Extraction prefers what it finds in the document itself and falls back on these.
    """

    title: str | None = None
    url: str | None = None
    source: str | None = None
    byline: str | None = None
    published: datetime | None = None
    summary: str | None = None
    categories: tuple[str, ...] = ()
    guid: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as it arrived: bytes or text, and where and when it came from.

    Args:
        content: the payload; bytes are decoded by the extractor (charset sniffing).
        name: how to name this input in messages (a path or a URL).
        url: the document's URL when known.
        fetched_at: when it was fetched or read.
        content_type: the MIME type reported for it, if any.
        input_format: a format the caller insists on, or ``"auto"`` to detect.
        hints: metadata a feed or an import record gave for it.
    """

    content: bytes | str
    name: str = "<input>"
    url: str | None = None
    fetched_at: datetime | None = None
    content_type: str | None = None
    input_format: InputFormat = "auto"
    hints: FeedHints = field(default_factory=FeedHints)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Article.body``: ``body[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of the body. ``kind`` keeps structure: p, h2..h6, li, blockquote, pre."""

    text: str
    start: int
    end: int
    kind: str = "p"


@dataclass(frozen=True, slots=True)
class RelatedListing:
    """A "related articles" item found on the page (kept out of the body)."""

    title: str
    source: str | None = None
    age: str | None = None
    snippet: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article.

    ``body`` is the paragraphs' text joined by blank lines (except for
    ``article-text`` input, where the body is the input unchanged); every
    ``Paragraph`` offsets into it.
    """

    title: str
    body: str
    paragraphs: tuple[Paragraph, ...]
    url: str | None = None
    source: str | None = None
    byline: str | None = None
    published: datetime | None = None
    language: str | None = None
    image: str | None = None
    description: str | None = None
    categories: tuple[str, ...] = ()
    related: tuple[RelatedListing, ...] = ()
    input_format: str = "html"
    fetched_at: datetime | None = None
    guid: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the body with its index and the paragraph it sits in."""

    text: str
    start: int
    end: int
    index: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity of one article with every mention of it.

    ``name`` is canonical ("Vladimir V. Putin" for "Mr. Putin"); ``role`` is the
    description the article gives ("director of the Carnegie Russia Eurasia Center").
    """

    name: str
    type: EntityType
    mentions: tuple[Span, ...]
    role: str | None = None
    role_span: Span | None = None
    salience: float = 0.0
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote with its speaker.

    ``text`` is the quoted words without the quote marks, ``start``/``end`` their
    offsets; ``speaker`` the canonical entity name (or None when unknown);
    ``speaker_mention`` the speaker as written nearby; ``cue`` the verb ("said").
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_mention: Span | None = None
    cue: str | None = None
    sentence: int | None = None


@dataclass(frozen=True, slots=True)
class ReportedSpeech:
    """Indirect speech with its speaker: "X said (that) ...", "..., X said.",
    "according to X, ...".

    ``text`` is the reported clause (no quote marks; not the speaker's own words),
    ``start``/``end`` its offsets; the other fields as in :class:`Quote`.
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_mention: Span | None = None
    cue: str | None = None
    sentence: int | None = None


@dataclass(frozen=True, slots=True)
class Hashtag:
    """A hashtag: ``tag`` is the readable CamelCase form without '#'."""

    tag: str
    score: float
    entity: str | None = None
    sentences: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence chosen for the summary or key points, pointing into the body."""

    text: str
    start: int
    end: int
    sentence: int
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class EnrichedArticle:
    """An article with what enrichment found in it; every item points into the body."""

    article: Article
    language: str | None
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    hashtags: tuple[Hashtag, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    key_points: tuple[SummarySentence, ...] = ()
    section: str | None = None
    section_confidence: float = 0.0
    notes: tuple[str, ...] = ()
    reported: tuple[ReportedSpeech, ...] = ()
