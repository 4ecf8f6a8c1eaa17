"""Tests for connect.cluster.StoryIndex: stories, copies, retirement, merge/split, floods."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.errors import InputError, NotFound
from broadsheet.pipeline.connect import StoryFeatures, StoryIndex, features_of
from broadsheet.types import Article

NOW = datetime(2026, 3, 10, tzinfo=UTC)


def _assign_all(stream: list[tuple[str, Article]], index: StoryIndex) -> dict[str, tuple]:
    feats = [features_of(article, id=doc_id, now=NOW) for doc_id, article in stream]
    far = datetime.max.replace(tzinfo=UTC)
    feats.sort(key=lambda f: f.published or far)
    out = {}
    for item in feats:
        a = index.assign(item, now=NOW)
        out[a.id] = a
    return {
        doc_id: (index.story_of(doc_id), index.duplicate_of(doc_id), a.reason)
        for doc_id, a in out.items()
    }


def test_stream_matches_the_expected_stories_and_copies(stream, expected) -> None:
    got = _assign_all(stream, StoryIndex())
    assert {k: v[0] for k, v in got.items()} == expected["stories"]
    assert {k: v[1] for k, v in got.items()} == expected["duplicate_of"]


def test_each_decision_says_why(stream) -> None:
    got = _assign_all(stream, StoryIndex())
    assert got["quake-copy-headline"][2].startswith("copy of quake-wire")
    assert got["budget-1"][2].startswith("new story")
    assert got["budget-2"][2].startswith("score ")


def test_the_same_id_twice_is_refused(stream) -> None:
    index = StoryIndex()
    doc_id, article = stream[0]
    index.assign(features_of(article, id=doc_id))
    with pytest.raises(InputError):
        index.assign(features_of(article, id=doc_id))


def test_a_copy_published_earlier_becomes_the_original(stream) -> None:
    articles = dict(stream)
    index = StoryIndex()
    late = features_of(articles["quake-copy-headline"], id="late")
    early = replace(features_of(articles["quake-wire"], id="early"),
                    published=late.published - timedelta(hours=3))
    index.assign(late)
    assignment = index.assign(early)
    assert assignment.duplicate_of is None
    assert index.duplicate_of("late") == "early"
    assert index.story_of("early") == index.story_of("late")


def test_idle_stories_retire_and_free_their_articles(stream) -> None:
    articles = dict(stream)
    index = StoryIndex(window=timedelta(days=2))
    index.assign(features_of(articles["quake-wire"], id="q"))
    budget = features_of(articles["budget-1"], id="b")
    index.assign(replace(budget, published=budget.published + timedelta(days=10)))
    assert index.sizes()["stories"] == 1
    assert index.retired == 1
    assert index.story_of("q") is None
    with pytest.raises(NotFound):
        index.story("q")
    # A later copy of the retired wire story starts afresh instead of linking to it.
    copy = features_of(articles["quake-copy-headline"], id="q2")
    late_copy = index.assign(replace(copy, published=budget.published + timedelta(days=10)))
    assert late_copy.duplicate_of is None


def test_an_archive_fed_out_of_order_keeps_its_stories(stream) -> None:
    """Idleness is measured from arrival: a backfilled story is not retired at birth.

    The budget story (10 days later) arrives first and sets the clock; the quake
    reports, older than the window, arrive after it. Each joins the quake story its
    predecessor started, instead of that story retiring before the next report comes.
    """
    articles = dict(stream)
    index = StoryIndex(window=timedelta(days=2))
    budget = features_of(articles["budget-1"], id="b")
    quake = features_of(articles["quake-wire"], id="q")
    index.assign(replace(budget, published=quake.published + timedelta(days=10)))
    index.assign(quake)
    own = index.assign(features_of(articles["quake-own-report"], id="own"))
    assert own.story == "q"
    assert index.retired == 0
    assert index.story_of("q") == index.story_of("own") == "q"
    # Idle on the stream clock still retires it: nothing joins for longer than the window.
    later = features_of(articles["budget-2"], id="b2")
    index.assign(replace(later, published=quake.published + timedelta(days=13)))
    assert index.story_of("q") is None and index.story_of("own") is None


def test_future_dates_do_not_move_the_clock(stream) -> None:
    articles = dict(stream)
    index = StoryIndex(window=timedelta(days=2))
    index.assign(features_of(articles["quake-wire"], id="q"))
    bogus = replace(features_of(articles["budget-1"], id="b"),
                    published=datetime(2099, 1, 1, tzinfo=UTC))
    index.assign(bogus, now=NOW)
    assert index.retired == 0
    assert index.story_of("q") == "q"


def test_flood_of_copies_stays_one_story_with_one_indexed_original(stream) -> None:
    articles = dict(stream)
    base = features_of(articles["quake-wire"], id="wire")
    index = StoryIndex()
    index.assign(base)
    for n in range(2000):
        a = index.assign(replace(base, id=f"copy{n}", source=f"outlet{n % 50}"))
        assert a.duplicate_of == "wire"
    sizes = index.sizes()
    assert sizes["stories"] == 1 and sizes["originals"] == 1
    story = index.story("wire")
    assert story.members == 2001 and story.originals == 1
    assert len(story.sources) == 50


def test_merge_and_split_hooks(stream) -> None:
    articles = dict(stream)
    index = StoryIndex()
    q = index.assign(features_of(articles["quake-wire"], id="q"))
    b = index.assign(features_of(articles["budget-1"], id="b"))
    assert q.story != b.story
    merged = index.merge("q", "b")
    assert merged.members == 2
    assert index.story_of("b") == "q" and index.canonical("b") == "q"
    split = index.split("q", ["b"])
    assert split.id == "b" and split.members == 1
    assert index.story_of("b") == "b" and index.story("q").members == 1
    with pytest.raises(NotFound):
        index.split("q", ["not-a-member"])


def test_candidates_come_from_the_inverted_index_not_a_scan(stream) -> None:
    """Unrelated stories are never scored: work grows with candidates, not the corpus."""
    articles = dict(stream)
    index = StoryIndex()
    template = features_of(articles["budget-1"], id="x")
    for n in range(300):
        unrelated = StoryFeatures(
            id=f"noise{n}", title=f"noise {n}", title_terms={f"zz{n}": 1},
            body_terms={f"zz{n}": 2, f"yy{n}": 1}, entities={}, published=template.published,
        )
        index.assign(unrelated)
    assert len(index._candidates(features_of(articles["quake-wire"], id="q"))) == 0


def test_article_cap_retires_least_recently_active_stories_even_undated() -> None:
    index = StoryIndex(max_articles=3)
    for n in range(6):
        index.assign(StoryFeatures(
            id=f"s{n}", title=f"story {n}", title_terms={f"t{n}": 1},
            body_terms={f"word{n}": 3, f"other{n}": 1}, entities={},
        ))
    sizes = index.sizes()
    assert sizes["articles"] <= 3 + 1  # the cap is checked before each assignment
    assert index.retired >= 2
    assert index.story_of("s5") == "s5"  # the newest survives
    assert index.story_of("s0") is None
