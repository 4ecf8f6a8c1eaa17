"""Stored enrichment: canonical entities across outlets, quotes, tags; re-ingest is clean."""

from __future__ import annotations

import pytest

from broadsheet.pipeline.enrich import Enricher
from broadsheet.site.news.models import Article, Entity, Mention, Quote
from broadsheet.site.news.services import article_ingest
from broadsheet.types import FeedHints, RawDocument

pytestmark = pytest.mark.django_db

FIRST = (
    "President Vladimir V. Putin of Russia met business leaders in Moscow on Tuesday.\n\n"
    "'We will not step back,' Mr. Putin told the meeting, according to the Kremlin.\n\n"
    "Analysts said the remarks were aimed at investors worried about sanctions."
)
SECOND = (
    "Vladimir Putin told investors in Moscow that Russia would keep its course.\n\n"
    '"The economy has adapted," Putin said at the forum, which the Kremlin organised.\n\n'
    "Foreign companies stayed away from the event for a second year."
)


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def _raw(text: str, url: str, title: str) -> RawDocument:
    return RawDocument(
        content=text,
        name=url,
        url=url,
        input_format="article-text",
        hints=FeedHints(title=title, url=url),
    )


def test_one_entity_across_outlets_with_quotes(enricher: Enricher) -> None:
    a = article_ingest(
        raw=_raw(FIRST, "https://a.example/1", "Putin meets business leaders"), enricher=enricher
    )
    b = article_ingest(
        raw=_raw(SECOND, "https://b.example/2", "Putin tells investors"), enricher=enricher
    )
    assert a.article is not None and b.article is not None
    putins = Entity.objects.filter(type="person", name__contains="Putin")
    assert putins.count() == 1
    putin = putins.get()
    assert Mention.objects.filter(entity=putin).count() == 2
    assert putin.article_count == 2
    quotes = Quote.objects.filter(speaker_entity=putin)
    assert {q.text for q in quotes} == {"We will not step back,", "The economy has adapted,"} or {
        q.text.rstrip(",") for q in quotes
    } == {"We will not step back", "The economy has adapted"}
    for quote in quotes.select_related("article"):
        assert quote.article.body[quote.start : quote.end] == quote.text


def test_reingesting_an_article_replaces_its_enrichment(enricher: Enricher) -> None:
    url = "https://a.example/1"
    article_ingest(raw=_raw(FIRST, url, "Putin meets business leaders"), enricher=enricher)
    changed = FIRST.replace(
        "'We will not step back,' Mr. Putin told the meeting", "Mr. Putin spoke briefly"
    )
    outcome = article_ingest(
        raw=RawDocument(
            content=changed,
            name=url + "#v2",
            url=url,
            input_format="article-text",
            hints=FeedHints(title="Putin meets business leaders", guid="v2"),
        ),
        enricher=enricher,
    )
    assert outcome.article is not None
    assert Article.objects.count() == 1
    article = Article.objects.get()
    assert "spoke briefly" in article.body
    assert article.quotes.count() == 0
    assert (
        Mention.objects.filter(article=article).values("entity").distinct().count()
        == Mention.objects.filter(article=article).count()
    )
