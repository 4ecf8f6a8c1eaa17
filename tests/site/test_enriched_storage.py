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


def test_surname_only_coverage_joins_the_full_name_and_ambiguity_stays_apart(
    enricher: Enricher,
) -> None:
    from broadsheet.site.news.models import EntityAlias

    short = (
        "Putin spoke to reporters in Moscow on Friday about the talks.\n\n"
        "The Kremlin gave no details."
    )
    article_ingest(raw=_raw(short, "https://c.example/3", "Putin speaks"), enricher=enricher)
    article_ingest(
        raw=_raw(SECOND, "https://b.example/2", "Putin tells investors"), enricher=enricher
    )
    putin = Entity.objects.get(type="person", name__contains="Putin")
    assert putin.name == "Vladimir Putin"  # the fuller name wins
    reasons = set(EntityAlias.objects.filter(entity=putin).values_list("reason", flat=True))
    assert len(reasons) == 2  # the first name's own key, and why the second joined it

    hillary = "Hillary Clinton campaigned in Ohio on Monday.\n\nShe spoke about jobs."
    bill = "Bill Clinton campaigned in Iowa on Monday.\n\nHe spoke about farms."
    only = "Clinton campaigned again on Tuesday, aides said.\n\nThe crowd was small."
    article_ingest(
        raw=_raw(hillary, "https://d.example/4", "Hillary Clinton in Ohio"), enricher=enricher
    )
    article_ingest(raw=_raw(bill, "https://d.example/5", "Bill Clinton in Iowa"), enricher=enricher)
    article_ingest(raw=_raw(only, "https://d.example/6", "Clinton campaigns"), enricher=enricher)
    clintons = set(
        Entity.objects.filter(type="person", name__contains="Clinton").values_list(
            "name", flat=True
        )
    )
    assert {"Hillary Clinton", "Bill Clinton"} <= clintons
    assert "Clinton" in clintons  # ambiguous: joined to neither


def test_entity_article_counts_survive_a_refetch(enricher: Enricher) -> None:
    url = "https://a.example/1"
    article_ingest(raw=_raw(FIRST, url, "Putin meets business leaders"), enricher=enricher)
    article_ingest(
        raw=_raw(SECOND, "https://b.example/2", "Putin tells investors"), enricher=enricher
    )
    refetched = RawDocument(
        content=FIRST + "\n\nThe meeting lasted two hours.",
        name=url + "#v2",
        url=url,
        input_format="article-text",
        hints=FeedHints(title="Putin meets business leaders", guid="v2"),
    )
    article_ingest(raw=refetched, enricher=enricher)
    putin = Entity.objects.get(type="person", name__contains="Putin")
    assert putin.article_count == 2 == Mention.objects.filter(entity=putin).count()
