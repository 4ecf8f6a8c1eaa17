"""The optional LLM assistant: an abstractive summary and answers about one article.

Only active when ``BROADSHEET_LLM_URL`` is set; otherwise nothing here calls out and the
pages do not offer it. The prompt carries only the stored article's numbered sentences
(:mod:`broadsheet.pipeline.enrich.grounding`), every answer must cite sentence numbers,
and an answer that cites nothing (or sentences that do not exist) is refused rather than
shown. Summaries are cached per article for a day; answers are not stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from broadsheet import config
from broadsheet.errors import EmptyInput, InputTooLarge
from broadsheet.site.news.body import sentence_anchor
from broadsheet.site.news.models import Article
from broadsheet.types import Article as ArticleValue
from broadsheet.types import EnrichedArticle, Sentence

__all__ = ["AssistantAnswer", "Citation", "article_abstract", "article_ask", "llm_enabled"]

# A reader's question: long enough for any real question, short enough that the prompt
# stays the article's sentences and not the reader's text.
MAX_QUESTION_CHARS = 500
SUMMARY_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class Citation:
    """A cited sentence: its 1-based number, its text and its anchor in the page."""

    number: int
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class AssistantAnswer:
    """A grounded answer with the sentences it cites."""

    text: str
    citations: tuple[Citation, ...]


def llm_enabled() -> bool:
    """True when an LLM endpoint is configured."""
    return bool(str(config.get("BROADSHEET_LLM_URL")).strip())


def _sentences(article: Article) -> tuple[Sentence, ...]:
    out = []
    for index, row in enumerate(article.sentences or ()):
        start, end = int(row["start"]), int(row["end"])
        out.append(
            Sentence(article.body[start:end], start, end, index, int(row.get("paragraph", 0)))
        )
    return tuple(out)


def _enriched(article: Article) -> EnrichedArticle:
    value = ArticleValue(title=article.title, body=article.body, paragraphs=())
    return EnrichedArticle(
        article=value, language=article.language or None, sentences=_sentences(article)
    )


def _answer(article: Article, text: str, numbers: tuple[int, ...]) -> AssistantAnswer:
    sentences = _sentences(article)
    citations = tuple(
        Citation(n, sentences[n - 1].text, sentence_anchor(n - 1))
        for n in numbers
        if 1 <= n <= len(sentences)
    )
    return AssistantAnswer(text, citations)


def _client():  # type: ignore[no-untyped-def]
    from broadsheet.fetch.llm import llm_from_settings

    return llm_from_settings()


def article_abstract(*, article: Article) -> AssistantAnswer:
    """An abstractive summary of the article, citing its sentences (cached).

    Raises:
        EmptyInput: the article has no sentences to summarise.
        UngroundedAnswer: the model cited nothing that exists.
        FetchError: the LLM endpoint failed.
    """
    key = f"broadsheet:abstract:{article.pk}:{article.content_hash}"
    cached = cache.get(key)
    if cached is not None:
        return _answer(article, cached[0], tuple(cached[1]))
    if not article.sentences:
        raise EmptyInput("the article has no sentences to summarise", input=str(article.pk))
    client = _client()
    if client is None:
        raise EmptyInput("no LLM endpoint is configured", input="BROADSHEET_LLM_URL")
    with client:
        grounded = client.summarize(_enriched(article))
    cache.set(key, (grounded.text, list(grounded.citations)), SUMMARY_CACHE_SECONDS)
    return _answer(article, grounded.text, grounded.citations)


def article_ask(*, article: Article, question: str) -> AssistantAnswer:
    """Answer a reader's question from the article alone, citing its sentences.

    Raises:
        EmptyInput: an empty question, or an article without sentences.
        InputTooLarge: a question over MAX_QUESTION_CHARS.
        UngroundedAnswer: the model cited nothing that exists (the answer is not shown).
        FetchError: the LLM endpoint failed.
    """
    question = " ".join(question.split())
    if not question:
        raise EmptyInput("ask a question", input="question")
    if len(question) > MAX_QUESTION_CHARS:
        raise InputTooLarge(
            f"a question has at most {MAX_QUESTION_CHARS} characters", input="question"
        )
    if not article.sentences:
        raise EmptyInput("the article has no sentences to answer from", input=str(article.pk))
    client = _client()
    if client is None:
        raise EmptyInput("no LLM endpoint is configured", input="BROADSHEET_LLM_URL")
    with client:
        grounded = client.ask(_enriched(article), question)
    return _answer(article, grounded.text, grounded.citations)
