"""Related articles read through the (entity, published) / (tag, published) index scans.

What the index-friendly ``article_related`` must keep doing on any corpus: a popular
entity cannot crowd out a rarer shared one, copies and the article's own story never
show as "related", another story shows once (its best article), and the denormalised
``published`` on mentions and tags follows the article's time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.site.factories import make_article, make_story

from broadsheet.site.news import selectors
from broadsheet.site.news.models import Article, ArticleTag, Entity, Mention, StoryKey, Tag

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _entity(name: str) -> Entity:
    return Entity.objects.create(name=name, type="place", key=f"place:{name.lower()}")


def _mention(article: Article, entity: Entity, salience: float = 0.5) -> Mention:
    return Mention.objects.create(article=article, entity=entity, name=entity.name,
                                  salience=salience)


def test_published_is_copied_from_the_article_on_save():
    article = make_article(published=NOW)
    undated = make_article(published=None)
    mention = _mention(article, _entity("Oban"))
    tag = ArticleTag.objects.create(article=undated, tag=Tag.objects.create(name="X", slug="x"))
    assert mention.published == NOW
    assert tag.published == undated.when is not None


def test_a_popular_entity_does_not_crowd_out_a_rarer_shared_one():
    popular, rare = _entity("United States"), _entity("Skerry Point")
    reader = make_article(published=NOW)
    _mention(reader, popular, 0.3)  # named in passing
    _mention(reader, rare, 0.9)
    # Far more recent articles about the popular entity than any candidate scan reads.
    crowd = Article.objects.bulk_create(
        Article(title=f"US {n}", body="b", content_hash=f"h{n}",
                published=NOW - timedelta(minutes=n))
        for n in range(1, 450)
    )
    Mention.objects.bulk_create(
        Mention(article=a, entity=popular, name="United States", salience=0.9,
                published=a.published)
        for a in crowd
    )
    old = make_article(title="Skerry Point a year ago", published=NOW - timedelta(days=365))
    _mention(old, rare, 0.9)
    related = selectors.article_related(reader)
    assert related[0].article.pk == old.pk and related[0].why == "also about Skerry Point"
    assert len(related) == 8


def test_copies_and_own_story_are_not_related_and_other_stories_show_once():
    place = _entity("Oban")
    own, other = make_story(), make_story()
    reader = make_article(story=own, published=NOW)
    sibling = make_article(story=own, published=NOW - timedelta(hours=1), source_name="B")
    copy = make_article(duplicate_of=sibling, story=own, published=NOW - timedelta(hours=2))
    first = make_article(story=other, published=NOW - timedelta(days=1))
    second = make_article(story=other, published=NOW - timedelta(days=2))
    loner = make_article(published=NOW - timedelta(days=3))
    for article in (reader, sibling, copy, first, second, loner):
        _mention(article, place, 0.5)
    _mention(first, _entity("Mull"), 0.5)
    _mention(reader, Entity.objects.get(name="Mull"), 0.5)
    related = selectors.article_related(reader)
    ids = [e.article.pk for e in related]
    assert ids[0] == sibling.pk and related[0].why.startswith("same story")
    assert copy.pk not in ids and reader.pk not in ids
    assert ids.count(sibling.pk) == 1
    # One article stands for the other story: the one sharing more with the reader.
    assert first.pk in ids and second.pk not in ids
    assert loner.pk in ids


def test_related_query_count_does_not_grow_with_matches(django_assert_max_num_queries):
    place = _entity("Oban")
    reader = make_article(story=make_story(), published=NOW)
    make_article(story=reader.story, published=NOW)
    _mention(reader, place)
    for n in range(30):
        _mention(make_article(published=NOW - timedelta(hours=n + 1)), place)
    with django_assert_max_num_queries(6):
        assert len(selectors.article_related(reader)) == 8


def test_same_story_lists_other_outlets_before_a_busy_outlets_updates():
    """One article per other outlet first (newest first), then the rest, newest first."""
    story = make_story()
    reader = make_article(story=story, source_name="Harbour Gazette", published=NOW)
    updates = [
        make_article(story=story, source_name=name, published=NOW - timedelta(minutes=m))
        for name, m in [("Harbour Gazette", 5), ("Wire", 10), ("Wire", 15), ("Wire", 20),
                        ("Wire", 25), ("Wire", 30)]
    ]
    island = make_article(story=story, source_name="Island Times",
                          published=NOW - timedelta(days=1))
    unknown = make_article(story=story, source_name="", published=NOW - timedelta(days=2))
    ids = [e.article.pk for e in selectors.article_related(reader, limit=5)]
    own, wire = updates[0], updates[1:]
    # Other outlets first: the newest Wire piece, Island Times, the piece of no known
    # outlet; then the rest newest first, the reader's own outlet no longer held back.
    assert ids == [wire[0].pk, island.pk, unknown.pk, own.pk, wire[1].pk]


def _keys(story, *keys: str) -> None:
    StoryKey.objects.bulk_create(StoryKey(story=story, key=k) for k in keys)


def test_another_story_must_share_story_keys_not_just_a_name():
    """One shared name is not enough: "also about Associated Press" under a coach firing.

    The reader's story and a related one share three of their indexed keys; a story
    sharing the same names but only one key, and an article outside any story, are
    left out rather than padding the list.
    """
    wire, coach = _entity("Associated Press"), _entity("John Fox")
    reader_story, related_story, padding_story = make_story(), make_story(), make_story()
    _keys(reader_story, "bears", "john fox", "coach", "season", "chicago")
    _keys(related_story, "bears", "john fox", "coach", "playoffs")
    _keys(padding_story, "coach", "bridge", "cruise ship", "rhine")
    reader = make_article(story=reader_story, published=NOW)
    related = make_article(story=related_story, published=NOW - timedelta(days=3))
    padding = make_article(story=padding_story, published=NOW - timedelta(hours=1))
    loner = make_article(published=NOW - timedelta(hours=2))
    for article in (reader, related, padding, loner):
        _mention(article, wire, 0.9)
    _mention(reader, coach, 0.5)
    _mention(related, coach, 0.5)
    entries = selectors.article_related(reader)
    assert [e.article.pk for e in entries] == [related.pk]
    assert entries[0].why == "also about Associated Press, John Fox"


def _ranked_keys(story, *keys: str) -> None:
    StoryKey.objects.bulk_create(StoryKey(story=story, key=k, rank=r) for r, k in enumerate(keys))


def test_shared_story_keys_must_matter_to_both_stories():
    """Three keys at the bottom of both stories' lists do not make them related.

    A subway crash and a mass shooting share "new york", "injured" and "2017", each far
    down both stories' 60 ranked keys; a story sharing three of the crash story's top
    keys is related. Rows written before ranks were kept (no rank) weigh fully.
    """
    wire = _entity("Associated Press")
    crash_story, shooting_story, signal_story = make_story(), make_story(), make_story()
    _ranked_keys(crash_story, "subway", "work train", "tunnel",
                 *(f"crash{i}" for i in range(54)), "new york", "injured", "2017")
    _ranked_keys(shooting_story, "gunman", "concert", "las vegas",
                 *(f"shooting{i}" for i in range(54)), "new york", "injured", "2017")
    _ranked_keys(signal_story, "signal", "subway", "work train", "tunnel", "mta")
    reader = make_article(story=crash_story, published=NOW)
    shooting = make_article(story=shooting_story, published=NOW - timedelta(hours=1))
    signal = make_article(story=signal_story, published=NOW - timedelta(hours=2))
    for article in (reader, shooting, signal):
        _mention(article, wire, 0.9)
    assert [e.article.pk for e in selectors.article_related(reader)] == [signal.pk]

    # Rows stored before ranks were kept weigh fully: the old rule (3 shared keys).
    StoryKey.objects.update(rank=None)
    assert {e.article.pk for e in selectors.article_related(reader)} == {signal.pk, shooting.pk}


def test_without_story_keys_the_shared_names_stand():
    """A story never indexed (no keys) gives no evidence either way: names decide."""
    wire = _entity("Associated Press")
    reader = make_article(story=make_story(), published=NOW)
    other_story = make_story()
    _keys(other_story, "bridge", "rhine")
    other = make_article(story=other_story, published=NOW - timedelta(hours=1))
    for article in (reader, other):
        _mention(article, wire, 0.9)
    assert [e.article.pk for e in selectors.article_related(reader)] == [other.pk]


def test_same_story_coverage_closest_to_the_reader_comes_first():
    """Inside a story of two strands, the reader's strand leads; outlets still come first."""
    kim, olympics, missile = _entity("Kim Jong-un"), _entity("Pyeongchang"), _entity("Hokkaido")
    story = make_story()
    reader = make_article(story=story, source_name="Daily", published=NOW)
    _mention(reader, kim, 0.9)
    _mention(reader, olympics, 0.7)
    newer_missile = make_article(story=story, source_name="Wire",
                                 published=NOW - timedelta(hours=1))
    _mention(newer_missile, missile, 0.9)
    older_offer = make_article(story=story, source_name="Herald",
                               published=NOW - timedelta(days=2))
    _mention(older_offer, kim, 0.8)
    _mention(older_offer, olympics, 0.6)
    second_offer = make_article(story=story, source_name="Herald",
                                published=NOW - timedelta(days=3))
    _mention(second_offer, olympics, 0.5)
    ids = [e.article.pk for e in selectors.article_related(reader, limit=3)]
    # One per outlet first (Herald's closer piece, then Wire's), then the rest by overlap.
    assert ids == [older_offer.pk, newer_missile.pk, second_offer.pk]
