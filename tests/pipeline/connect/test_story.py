"""Tests for connect.story: StoryState updates and the pure choose_story rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.pipeline.connect.conftest import load_stream

from broadsheet.pipeline.connect import (
    JOIN_THRESHOLD,
    StoryFeatures,
    StoryState,
    TermStats,
    choose_story,
    features_of,
)
from broadsheet.pipeline.connect.story import (
    MAX_GAP_DAYS,
    NEAR_BONUS,
    NEAR_DAYS,
    RECENT_MEMBERS,
    similarity,
)
from broadsheet.types import Article


def _stats(features: list[StoryFeatures]) -> TermStats:
    stats = TermStats()
    for item in features:
        stats.add(item)
    return stats


def _features(stream: list[tuple[str, Article]]) -> dict[str, StoryFeatures]:
    return {doc_id: features_of(article, id=doc_id) for doc_id, article in stream}


def test_an_article_joins_its_story_not_the_other(stream) -> None:
    feats = _features(stream)
    stats = _stats(list(feats.values()))
    quake = StoryState.start(feats["quake-wire"])
    budget = StoryState.start(feats["budget-1"])
    decision = choose_story(feats["quake-own-report"], [budget, quake], stats)
    assert decision.story_id == "quake-wire"
    assert decision.score >= JOIN_THRESHOLD
    assert "shared: " in decision.reason and "tomas albarran" not in decision.reason.split(
        "shared: ")[0]
    assert choose_story(feats["budget-2"], [quake, budget], stats).story_id == "budget-1"


def test_no_candidate_starts_a_new_story(stream) -> None:
    feats = _features(stream)
    decision = choose_story(feats["budget-1"], [StoryState.start(feats["quake-wire"])],
                            _stats(list(feats.values())))
    assert decision.story_id is None
    assert "new story" in decision.reason


def test_identical_generic_titles_are_no_evidence(stream) -> None:
    feats = _features(stream)
    stats = _stats(list(feats.values()))
    live_quake = StoryState.start(feats["live-quake"])
    assert choose_story(feats["live-budget"], [live_quake], stats).story_id is None


def test_time_gap_beyond_the_limit_blocks_joining(stream) -> None:
    feats = _features(stream)
    stats = _stats(list(feats.values()))
    story = StoryState.start(feats["quake-wire"])
    late = feats["quake-own-report"]
    far = StoryFeatures.from_dict({
        **late.to_dict(),
        "published": (story.last_published + timedelta(days=MAX_GAP_DAYS + 1)).isoformat(),
    })
    assert choose_story(late, [story], stats).story_id == "quake-wire"
    assert choose_story(far, [story], stats).story_id is None


def test_copies_count_as_members_but_do_not_move_the_centroid(stream) -> None:
    feats = _features(stream)
    story = StoryState.start(feats["quake-wire"])
    after = story.update(feats["quake-copy-headline"], copy=True)
    assert after.members == 2 and after.originals == 1
    assert after.body == story.body
    assert after.sources == ("wire.example", "daily.example")


def test_update_keeps_span_and_picks_a_label(stream) -> None:
    feats = _features(stream)
    story = StoryState.start(feats["quake-wire"])
    story = story.update(feats["live-quake"])
    story = story.update(feats["quake-own-report"])
    assert story.first_published == datetime(2026, 3, 1, 8, tzinfo=UTC)
    assert story.last_published == datetime(2026, 3, 2, 12, tzinfo=UTC)
    assert story.label != "Live updates"
    assert story.originals == 3


def test_state_round_trips_through_dicts(stream) -> None:
    feats = _features(stream)
    story = StoryState.start(feats["quake-wire"]).update(feats["quake-own-report"])
    assert StoryState.from_dict(story.to_dict()) == story


def test_state_keeps_only_the_latest_member_vectors(stream) -> None:
    feats = _features(stream)
    story = StoryState.start(feats["quake-wire"])
    for n in range(RECENT_MEMBERS + 3):
        renamed = StoryFeatures.from_dict({**feats["quake-own-report"].to_dict(), "id": f"r{n}"})
        story = story.update(renamed)
    assert len(story.recent) == RECENT_MEMBERS
    assert story.keys() >= set(story.recent[-1])
    assert StoryState.from_dict(story.to_dict()) == story


def test_a_state_stored_without_member_vectors_still_decides(stream) -> None:
    feats = _features(stream)
    stats = _stats(list(feats.values()))
    stored = StoryState.start(feats["quake-wire"]).to_dict()
    del stored["recent"]  # a row written before member vectors existed
    old = StoryState.from_dict(stored)
    assert old.recent == ()
    assert choose_story(feats["quake-own-report"], [old], stats).story_id == "quake-wire"
    assert choose_story(feats["budget-1"], [old], stats).story_id is None


def test_closeness_in_time_adds_the_bonus_distance_costs_nothing(stream) -> None:
    feats = _features(stream)
    stats = _stats(list(feats.values()))
    story = StoryState.start(feats["quake-wire"])
    article = feats["quake-own-report"]

    def at(days: float) -> float:
        moved = StoryFeatures.from_dict({
            **article.to_dict(),
            "published": (story.last_published + timedelta(days=days)).isoformat(),
        })
        return similarity(moved, story, stats).score

    undated = similarity(StoryFeatures.from_dict({**article.to_dict(), "published": None}),
                         story, stats).score
    assert at(1) == pytest.approx(undated + NEAR_BONUS)
    assert at(NEAR_DAYS + 1) == pytest.approx(undated)
    assert at(MAX_GAP_DAYS - 1) == pytest.approx(undated)


_STREAM = load_stream(Path(__file__).resolve().parents[2] / "data" / "connect" / "stories.jsonl")


@settings(max_examples=20, deadline=None)
@given(st.permutations(["quake-wire", "budget-1", "live-quake", "undated-budget"]))
def test_decision_does_not_depend_on_candidate_order(order: list[str]) -> None:
    feats = _features(_STREAM)
    stats = _stats(list(feats.values()))
    candidates = [StoryState.start(feats[i]) for i in order]
    decision = choose_story(feats["quake-own-report"], candidates, stats)
    reference = choose_story(feats["quake-own-report"], sorted(candidates, key=lambda s: s.id),
                             stats)
    assert decision == reference
