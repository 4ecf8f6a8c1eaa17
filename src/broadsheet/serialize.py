"""JSON-ready dictionaries for the pipeline's values.

One mapping from the frozen dataclasses of :mod:`broadsheet.types` to plain dicts, used
by ``broadsheet extract --json`` and by the API, so both speak the same shape. Offsets
index ``article.body``. Pure: no I/O.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from broadsheet.types import (
    Article,
    EnrichedArticle,
    Entity,
    Hashtag,
    Paragraph,
    Quote,
    RelatedListing,
    ReportedSpeech,
    Span,
    SummarySentence,
)

__all__ = [
    "article_to_dict",
    "enriched_to_dict",
    "entity_to_dict",
    "quote_to_dict",
    "related_to_dict",
    "reported_to_dict",
    "span_to_dict",
    "summary_to_dict",
]


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def span_to_dict(span: Span | None) -> dict[str, Any] | None:
    """``{text, start, end}`` or None."""
    if span is None:
        return None
    return {"text": span.text, "start": span.start, "end": span.end}


def _paragraph(paragraph: Paragraph) -> dict[str, Any]:
    return {
        "text": paragraph.text,
        "start": paragraph.start,
        "end": paragraph.end,
        "kind": paragraph.kind,
    }


def related_to_dict(item: RelatedListing) -> dict[str, Any]:
    """A related-article listing found on the page."""
    return {
        "source": item.source,
        "age": item.age,
        "title": item.title,
        "snippet": item.snippet,
        "url": item.url,
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    """The article's metadata, body and paragraphs."""
    return {
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "byline": article.byline,
        "published": _time(article.published),
        "language": article.language,
        "image": article.image,
        "description": article.description,
        "categories": list(article.categories),
        "input_format": article.input_format,
        "body": article.body,
        "paragraphs": [_paragraph(p) for p in article.paragraphs],
    }


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    """A canonical entity with its role and mentions."""
    return {
        "name": entity.name,
        "type": entity.type,
        "role": entity.role,
        "role_span": span_to_dict(entity.role_span),
        "salience": round(entity.salience, 4),
        "aliases": list(entity.aliases),
        "mentions": [span_to_dict(m) for m in entity.mentions],
    }


def quote_to_dict(quote: Quote | ReportedSpeech) -> dict[str, Any]:
    """A direct quote (or reported speech: same fields) with its speaker."""
    return {
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "speaker": quote.speaker,
        "speaker_mention": span_to_dict(quote.speaker_mention),
        "cue": quote.cue,
        "sentence": quote.sentence,
    }


def reported_to_dict(item: ReportedSpeech) -> dict[str, Any]:
    """Reported (indirect) speech with its speaker; ``text`` is not a quotation."""
    return quote_to_dict(item)


def _hashtag(tag: Hashtag) -> str:
    return f"#{tag.tag}"


def summary_to_dict(item: SummarySentence) -> dict[str, Any]:
    """A summary or key-point sentence pointing into the body."""
    return {"text": item.text, "start": item.start, "end": item.end, "sentence": item.sentence}


def enriched_to_dict(enriched: EnrichedArticle) -> dict[str, Any]:
    """Everything ``broadsheet extract --json`` prints for one article (minus ``input``)."""
    article = article_to_dict(enriched.article)
    article["language"] = enriched.language or article["language"]
    return {
        "article": article,
        "entities": [entity_to_dict(e) for e in enriched.entities],
        "quotes": [quote_to_dict(q) for q in enriched.quotes],
        "reported": [reported_to_dict(r) for r in enriched.reported],
        "hashtags": [_hashtag(t) for t in enriched.hashtags],
        "summary": [summary_to_dict(s) for s in enriched.summary],
        "key_points": [summary_to_dict(s) for s in enriched.key_points],
        "section": enriched.section,
        "section_confidence": round(enriched.section_confidence, 4),
        "notes": list(enriched.notes),
        "related": [related_to_dict(r) for r in enriched.article.related],
    }
