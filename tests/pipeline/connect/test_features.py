"""Tests for connect.features: the date rules, generic titles, empty input, serialisation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.errors import EmptyInput
from broadsheet.pipeline.connect import (
    StoryFeatures,
    TermStats,
    features_of,
    is_generic_title,
    outlet_of,
)
from broadsheet.types import Article, EnrichedArticle, Entity, Span

NOW = datetime(2026, 3, 10, tzinfo=UTC)


def _article(title: str = "Quake hits Valdoria", body: str = "Rescuers search rubble in Valdoria.",
             published: datetime | None = None) -> Article:
    return Article(title=title, body=body, paragraphs=(), published=published,
                   url="https://www.example.org/a/1")


def test_future_date_is_ignored_with_a_note() -> None:
    features = features_of(_article(published=datetime(2099, 1, 1, tzinfo=UTC)), id="a", now=NOW)
    assert features.published is None
    assert any("future date" in note for note in features.notes)


def test_a_date_just_ahead_of_now_is_kept() -> None:
    when = datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert features_of(_article(published=when), id="a", now=NOW).published == when


def test_naive_dates_are_utc_and_epoch_dates_are_dropped() -> None:
    naive = features_of(_article(published=datetime(2026, 3, 1, 8)), id="a", now=NOW)
    assert naive.published == datetime(2026, 3, 1, 8, tzinfo=UTC)
    epoch = features_of(_article(published=datetime(1970, 1, 1, tzinfo=UTC)), id="a", now=NOW)
    assert epoch.published is None


def test_undated_article_has_no_date() -> None:
    assert features_of(_article(), id="a").published is None


@pytest.mark.parametrize("title", ["Live updates", "LIVE: latest", "The latest", "Photos", ""])
def test_generic_titles(title: str) -> None:
    assert is_generic_title(title)


@pytest.mark.parametrize("title", ["Live music returns to Valdoria", "Quake kills 37"])
def test_real_titles_are_not_generic(title: str) -> None:
    assert not is_generic_title(title)


def test_generic_title_gives_no_title_terms() -> None:
    features = features_of(_article(title="Live updates"), id="a")
    assert not features.title_terms
    assert features.body_terms


def test_empty_article_is_a_typed_error() -> None:
    with pytest.raises(EmptyInput) as caught:
        features_of(_article(title="", body="  the and of "), id="empty-1")
    assert "empty-1" in str(caught.value)


def test_source_falls_back_to_the_url_host() -> None:
    assert features_of(_article(), id="a").source == "example.org"


def test_enriched_entities_use_the_key_function() -> None:
    article = _article(body="Mr. Putin met Xi Jinping.")
    entity = Entity("Vladimir V. Putin", "person", (Span("Putin", 4, 9),))
    enriched = EnrichedArticle(article=article, language="en", entities=(entity,))
    features = features_of(enriched, id="a", entity_key=lambda e: e.name.upper())
    assert features.entities == {"VLADIMIR V. PUTIN": 1.0}


def test_plain_articles_use_name_phrases_as_entities() -> None:
    features = features_of(_article(body="Governor Marta Quintero visited Valdoria."), id="a")
    assert "marta quintero" in features.entities


@settings(max_examples=30, deadline=None)
@given(
    title=st.text(min_size=1, max_size=60),
    body=st.text(max_size=300),
)
def test_features_round_trip_through_dicts(title: str, body: str) -> None:
    try:
        features = features_of(_article(title=title, body=body, published=NOW), id="x")
    except EmptyInput:
        return
    assert StoryFeatures.from_dict(features.to_dict()) == features


def test_term_stats_idf_and_round_trip() -> None:
    stats = TermStats()
    stats.add(features_of(_article(body="Valdoria quake rubble"), id="a", with_fingerprint=False))
    stats.add(features_of(_article(body="Budget vote parliament"), id="b", with_fingerprint=False))
    assert stats.idf("valdoria") > stats.idf("quake") or stats.df["quake"] == 2
    assert stats.idf("never-seen") > stats.idf("budget")
    assert TermStats.from_dict(stats.to_dict()) == stats


def test_term_stats_stay_bounded_on_an_endless_vocabulary() -> None:
    stats = TermStats(max_keys=200)
    for n in range(300):  # every article brings new words, and all share "ceasefire"
        body = f"Ceasefire talks word{n}a word{n}b word{n}c word{n}d"
        stats.add(features_of(_article(body=body), id=str(n), with_fingerprint=False))
        assert len(stats.df) <= 200
    assert stats.documents < 300  # halved at least once
    # IDF still tells the shared term from a recent rare one and from an unseen one.
    assert stats.df["word299a"] == 1 and stats.df["ceasefire"] > 1
    assert stats.idf("ceasefire") < stats.idf("word299a") < stats.idf("never-seen")
    assert "word0a" not in stats.df  # old one-off words faded out


@pytest.mark.parametrize(
    ("source", "outlet"),
    [
        ("africa.chinadaily.com.cn", "chinadaily.com.cn"),
        ("www.chinadaily.com.cn", "chinadaily.com.cn"),
        ("www.thesun.co.uk", "thesun.co.uk"),
        ("Edition.CNN.com", "cnn.com"),
        ("The New York Times", "the new york times"),
        ("  Reuters ", "reuters"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
        ("", None),
        (None, None),
    ],
)
def test_outlet_of_counts_hosts_by_registrable_domain(
    source: str | None, outlet: str | None
) -> None:
    assert outlet_of(source) == outlet
