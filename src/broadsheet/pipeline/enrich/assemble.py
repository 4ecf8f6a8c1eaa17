"""Assemble an :class:`EnrichedArticle` from an article and its NER mentions.

Everything after the model runs here, as pure functions: sentences, entities, quotes,
reported speech, hashtags, summary and section. Kept apart from :mod:`enricher` so it
can be tested and benchmarked without spaCy.
"""

from __future__ import annotations

from broadsheet.pipeline.enrich.entities import RawMention, build_entities
from broadsheet.pipeline.enrich.hashtags import make_hashtags
from broadsheet.pipeline.enrich.quotemarks import find_quoted_spans
from broadsheet.pipeline.enrich.quotes import attribute_quotes
from broadsheet.pipeline.enrich.reported import find_reported_speech
from broadsheet.pipeline.enrich.section import classify_section
from broadsheet.pipeline.enrich.sentences import paragraph_bounds, split_sentences
from broadsheet.pipeline.enrich.summary import summarize
from broadsheet.types import Article, EnrichedArticle, Quote, ReportedSpeech

__all__ = ["assemble"]


def assemble(
    article: Article,
    mentions: list[RawMention],
    *,
    language: str | None,
    notes: tuple[str, ...] = (),
    english: bool = True,
    summary_size: int = 3,
) -> EnrichedArticle:
    """Build the enriched article.

    Args:
        article: the article.
        mentions: NER mentions in body offsets (empty when NER did not run).
        language: the detected language.
        notes: notes to carry (why something is missing).
        english: whether entity and quote extraction apply (English text).
        summary_size: sentences in the summary.

    Returns:
        The enriched article; every offset points into ``article.body``.
    """
    body = article.body
    if not body.strip():
        return EnrichedArticle(article=article, language=language, notes=notes)
    paragraphs = paragraph_bounds(article)
    sentences = split_sentences(article)
    lead_end = paragraphs[0][1] if paragraphs else 0
    index = build_entities(body, sorted(mentions, key=lambda m: m.start), article.title,
                           lead_end)
    quotes: tuple[Quote, ...] = ()
    reported: tuple[ReportedSpeech, ...] = ()
    if english:
        spans, unbalanced = find_quoted_spans(body, paragraphs)
        quotes = attribute_quotes(body, spans, paragraphs, sentences, index)
        reported = find_reported_speech(body, spans, sentences, index)
        if unbalanced:
            notes = (*notes, f"{unbalanced} unbalanced quote mark(s) ignored")
    summary, key_points = summarize(body, sentences, quotes, index.entities,
                                    size=summary_size)
    hashtags = make_hashtags(article.title, sentences, index.entities)
    section, confidence = classify_section(article.title, body, article.categories,
                                           article.url)
    return EnrichedArticle(
        article=article, language=language, sentences=sentences,
        entities=index.entities, quotes=quotes, hashtags=hashtags, summary=summary,
        key_points=key_points, section=section, section_confidence=confidence,
        notes=notes, reported=reported,
    )
