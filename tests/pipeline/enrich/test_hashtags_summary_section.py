"""Hashtags, extractive summary and section (pure parts)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.pipeline.enrich.hashtags import camel_case, make_hashtags
from broadsheet.pipeline.enrich.section import classify_section
from broadsheet.pipeline.enrich.sentences import split_sentences
from broadsheet.pipeline.enrich.summary import summarize
from broadsheet.pipeline.enrich.text import STOP_WORDS
from broadsheet.types import Entity, Quote, Span

from .conftest import make_article


def test_camel_case() -> None:
    assert camel_case("cease-fire talks", keep_case=False) == "CeasefireTalks"
    assert camel_case("Vladimir V. Putin") == "VladimirPutin"
    assert camel_case("NATO summit") == "NATOSummit"


@given(st.text(max_size=300), st.text(max_size=60))
def test_hashtags_never_stop_words_or_numbers(body: str, title: str) -> None:
    sentences = split_sentences(make_article(title, [body]))
    for tag in make_hashtags(title, sentences, ()):
        assert tag.tag.lower() not in STOP_WORDS and not tag.tag.isdigit()
        assert len(tag.tag) >= 3
    assert len(make_hashtags(title, sentences, ())) <= 8


def test_same_entity_same_tag_across_articles() -> None:
    def tags(name: str) -> list[str]:
        article = make_article("Talks", [f"{name} spoke. {name} left. Talks went on."])
        body = article.body
        entity = Entity(name, "person", (Span(name, 0, len(name)),), salience=1.0)
        assert body.startswith(name)
        return [h.tag for h in make_hashtags("Talks", split_sentences(article), (entity,))]
    assert tags("Vladimir V. Putin")[0] == tags("Vladimir Putin")[0] == "VladimirPutin"


def test_summary_never_breaks_a_quote_and_points_into_body() -> None:
    paragraphs = [
        "The city council approved the new harbour plan on Tuesday after a long debate.",
        "“We waited too long. The storms showed us what happens,” the mayor said today.",
        "Work on the harbour wall will begin in the spring and take eighteen months.",
        "Opposition members said the costs of the harbour plan were still unclear.",
        "The harbour authority will publish the full plan next week for residents.",
    ]
    article = make_article("Harbour plan approved", paragraphs)
    body = article.body
    sentences = split_sentences(article)
    start = body.index("We waited")
    end = body.index(",” the mayor")
    quote = Quote(body[start:end], start, end, "Mayor")
    summary, points = summarize(body, sentences, (quote,), size=3, key_points=4)
    assert len(summary) == 3 and len(points) == 4
    assert [s.start for s in summary] == sorted(s.start for s in summary)
    for item in (*summary, *points):
        assert body[item.start:item.end] == item.text
        assert not (item.start < quote.start < item.end < quote.end)
        assert not (quote.start < item.start < quote.end < item.end)


def test_section_prefers_source_labels_then_url_then_lexicon() -> None:
    body = "The striker scored twice as the club won the league match."
    assert classify_section("Title", body, ("Business",)) == ("business", 0.95)
    assert classify_section("Title", body, (), "https://x.example/sport/football/1")[0] == "sport"
    section, confidence = classify_section("Cup final", body)
    assert section == "sport" and 0 < confidence <= 1
    assert classify_section("", "", ()) == (None, 0.0)


def test_section_from_url_path_and_a_malformed_url() -> None:
    body = "The match ended in a draw after extra time."
    assert classify_section("Late goal", body, url="https://news.example/business/x")[0] == (
        "business"
    )
    # An unbalanced IPv6 bracket makes urlsplit raise: the URL then says nothing.
    section, _ = classify_section("Late goal", body, url="https://[news.example/business/x")
    assert section != "business"
