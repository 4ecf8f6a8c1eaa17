"""Tests for connect.rank.related: same story first, then related stories, never padded."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.pipeline.connect import StoryIndex, features_of, related

NOW = datetime(2026, 3, 10, tzinfo=UTC)


def _clustered(stream):
    index = StoryIndex()
    feats = {doc_id: features_of(article, id=doc_id, now=NOW) for doc_id, article in stream}
    for item in sorted(feats.values(), key=lambda f: (f.published is None, f.published)):
        index.assign(item, now=NOW)
    return index, feats


def test_same_story_first_without_copies_or_self(stream) -> None:
    index, feats = _clustered(stream)
    story = index.story("quake-wire")
    items = related(feats["quake-wire"], stats=index.stats, story=story,
                    members=index.members("quake-wire") + [feats["quake-copy-headline"]],
                    stories=list(index.stories()))
    ids = [item.id for item in items]
    assert "quake-wire" not in ids
    assert "quake-copy-headline" not in ids  # a copy of the article itself
    assert items and all(item.kind == "same-story" for item in items[:2])
    assert items[0].why.startswith("same story · ")


def test_unrelated_stories_are_not_padded_in(stream) -> None:
    index, feats = _clustered(stream)
    items = related(feats["quake-own-report"], stats=index.stats,
                    story=index.story("quake-wire"), members=[],
                    stories=list(index.stories()))
    assert all(item.id != "budget-1" for item in items)
    assert items == []


def test_related_story_says_what_it_shares(stream) -> None:
    index, feats = _clustered(stream)
    budget = index.story("budget-1")
    items = related(feats["quake-own-report"], stats=index.stats, stories=[budget],
                    limit=3)
    # The budget story shares the prime minister but little else: shown only if strong.
    for item in items:
        assert item.kind == "related-story" and item.why.startswith("also about")


def test_limit_is_respected(stream) -> None:
    index, feats = _clustered(stream)
    members = [f for f in feats.values()]
    assert len(related(feats["budget-1"], stats=index.stats, members=members, limit=2)) <= 2
