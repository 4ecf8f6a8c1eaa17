"""Enricher: typed outcomes on bad input, batches that never stop, language gating."""

from __future__ import annotations

import os
import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.errors import EnrichmentError
from broadsheet.pipeline.enrich import Enricher
from broadsheet.pipeline.enrich.enricher import MAX_NER_CHARS
from broadsheet.types import EnrichedArticle

from .conftest import make_article

ENGLISH = [
    "The mayor of Port Alden, Helen Okafor, opened the new harbour wall on Tuesday.",
    "“We waited far too long for this,” Ms. Okafor said at the ceremony.",
    "The work cost the city about 12 million pounds and took two years to finish.",
]


def _check_offsets(result: EnrichedArticle) -> None:
    body = result.article.body
    for item in (*result.sentences, *result.quotes, *result.summary, *result.key_points):
        assert body[item.start:item.end] == item.text
    for entity in result.entities:
        for mention in entity.mentions:
            assert body[mention.start:mention.end] == mention.text


@pytest.mark.parametrize("body", ["", "   \n\n  "])
def test_empty_body_gives_a_note(enricher: Enricher, body: str) -> None:
    result = enricher.enrich(make_article("Title", [body] if body else []))
    assert result.entities == () and result.quotes == () and result.summary == ()
    assert any("empty body" in note for note in result.notes)


def test_other_language_gets_no_entities_or_quotes(enricher: Enricher) -> None:
    german = make_article("Neuer Hafen", [
        "Die Bürgermeisterin Helen Okafor hat am Dienstag die neue Hafenmauer eröffnet.",
        "„Wir haben viel zu lange darauf gewartet“, sagte Okafor bei der Feier vor dem "
        "Rathaus, wo sich hunderte Menschen versammelt hatten.",
    ])
    result = enricher.enrich(german)
    assert result.language == "de"
    assert result.entities == () and result.quotes == ()
    assert any("language de" in note for note in result.notes)
    assert result.summary  # extractive summary still works on any language
    _check_offsets(result)


def test_unbalanced_marks_do_not_crash(enricher: Enricher) -> None:
    article = make_article("Odd marks", [
        "He said “this never closes and then it goes on for a while.",
        "Another ” stray mark and a ' lone apostrophe ' here “ and there.",
        ENGLISH[0],
    ])
    result = enricher.enrich(article)
    _check_offsets(result)
    assert any("unbalanced" in note for note in result.notes)


@pytest.mark.slow
def test_huge_body_is_capped_and_linear(enricher: Enricher) -> None:
    paragraph = " ".join(ENGLISH)
    count = 200_000 // len(paragraph.split()) + 1
    article = make_article("Huge", [paragraph] * count)
    assert len(article.body.split()) >= 200_000
    result = enricher.enrich(article)
    assert any(str(MAX_NER_CHARS) in note for note in result.notes)
    assert max(m.end for e in result.entities for m in e.mentions) <= MAX_NER_CHARS
    assert len(result.quotes) == count  # quotes are found over the whole body
    assert 3 <= len(result.hashtags) <= 8


def test_enrich_many_matches_enrich_and_keeps_order(enricher: Enricher) -> None:
    articles = [make_article(f"Story {k}", ENGLISH[k:] + ENGLISH[:k]) for k in range(3)]
    articles.insert(1, make_article("Empty", []))
    single = [enricher.enrich(a) for a in articles]
    batched = list(enricher.enrich_many(articles))
    assert batched == single


@pytest.mark.slow
def test_enrich_many_two_processes(enricher: Enricher) -> None:
    articles = [make_article(f"Story {k}", ENGLISH[k % 3:] + ENGLISH[:k % 3]) for k in range(20)]
    parallel = list(enricher.enrich_many(articles, processes=2))
    assert parallel == list(enricher.enrich_many(articles))


class _DiesInAWorker(Enricher):
    """Kills the worker process that gets the batch holding the article titled "die"."""

    parent = os.getpid()

    def _safe_batch(self, batch):  # type: ignore[no-untyped-def]
        if os.getpid() != self.parent and any(a.title == "die" for a in batch):
            os._exit(3)  # as a segfault in a native library or the OOM killer would
        return super()._safe_batch(batch)


@pytest.mark.slow
def test_a_worker_that_dies_does_not_hang_the_stream(enricher: Enricher) -> None:
    """The batch a dead worker held, and every later one, are enriched in-process.

    multiprocessing.Pool waits forever for the result of a dead worker's task (a CI run
    hung in test_enrich_many_two_processes with one worker defunct); the alarm turns a
    hang into a failure here.
    """
    articles = [make_article("die" if k == 9 else f"Story {k}", ENGLISH) for k in range(40)]
    dying = _DiesInAWorker()
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(120)
    try:
        results = list(dying.enrich_many(articles, processes=2))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert results == list(enricher.enrich_many(articles))


def _timeout(signum, frame):  # type: ignore[no-untyped-def]
    raise TimeoutError("enrich_many hung after a worker died")


def test_batch_never_stops_on_a_failing_model() -> None:
    broken = Enricher("no_such_spacy_model")
    articles = [make_article("A", ENGLISH), make_article("Empty", [])]
    results = list(broken.enrich_many(articles))
    assert isinstance(results[0], EnrichmentError)
    assert "no_such_spacy_model" in str(results[0])
    assert isinstance(results[1], EnrichedArticle)  # needs no model: still enriched
    with pytest.raises(EnrichmentError):
        broken.enrich(articles[0])


@pytest.mark.slow
def test_two_processes_with_a_failing_model_still_yield_per_article() -> None:
    broken = Enricher("no_such_spacy_model")
    articles = [make_article("A", ENGLISH), make_article("Empty", []), make_article("B", ENGLISH)]
    results = list(broken.enrich_many(articles, processes=2))
    assert [type(r) for r in results] == [EnrichmentError, EnrichedArticle, EnrichmentError]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(
    st.lists(st.sampled_from(list("Ab zé.,;:!?'\"“”‘’«»-—\n\t") + [
        "Mr. ", "said ", "He ", "Putin ", "the ", "Ukraine "]), max_size=60).map("".join),
    max_size=4))
def test_enrich_never_raises_on_odd_text(enricher: Enricher, paragraphs: list[str]) -> None:
    result = enricher.enrich(make_article("Odd", paragraphs, language="en"))
    _check_offsets(result)
    assert len(result.hashtags) <= 8


def test_entities_stop_at_a_line_break(enricher: Enricher) -> None:
    """A caption word and the next paragraph's dateline are not one name ("Photo\\nSEOUL")."""
    article = make_article("North Korea fires missile over Japan", [
        "Photo",
        "SEOUL, South Korea — North Korea launched a ballistic missile early Tuesday that "
        "flew over Japan, officials in Seoul and Tokyo said.",
        "The launch came days after the United Nations imposed new sanctions.",
    ])
    result = enricher.enrich(article)
    names = [entity.name for entity in result.entities]
    assert "Seoul" in names and "North Korea" in names
    assert not [name for name in names if "\n" in name]
    for entity in result.entities:
        assert all("\n" not in mention.text for mention in entity.mentions)
