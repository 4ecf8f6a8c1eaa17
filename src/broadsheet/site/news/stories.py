"""Writes that connect a stored article to its coverage: copies and stories.

The decisions are the pure connect stage's (:func:`~broadsheet.pipeline.connect.is_copy`,
:func:`~broadsheet.pipeline.connect.choose_story`); this module only retrieves their
candidates from indexed tables and persists what they decide, so the site, the CLI and
the benchmark cluster the same way. Candidate retrieval touches only rows that share an
LSH band (copies) or a key (stories) with the new article inside the active window, so
the work per article depends on its candidates, not on the size of the corpus. When a
story grows to one of the pipeline's split-check sizes, the pipeline's split check runs
on its members' stored features and a story holding two events becomes two (through the
admin's split, unlocked); when an article fits two stories whose latest members are as
alike across as within, the pipeline's merge check makes them one (through the admin's
merge, unlocked). Stories an editor locked are left alone. Called inside the caller's
transaction.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, F

from broadsheet.pipeline.connect.cluster import (
    MAX_CANDIDATES,
    MAX_POSTING,
    STORY_KEYS,
    query_keys,
)
from broadsheet.pipeline.connect.story import MAX_GAP_DAYS
from broadsheet.site.news.models import Article, FingerprintBand, Story, StoryKey, TermFrequency
from broadsheet.types import EnrichedArticle

__all__ = ["Features", "article_connect", "features_for", "story_index_refresh"]

logger = logging.getLogger(__name__)

# LSH banding of the 128-value MinHash signature: 42 bands of 3 rows retrieve a pair
# with Jaccard 0.5 with probability 1-(1-0.5**3)**42 ≈ 0.996, at 0.3 ≈ 0.68 and at 0.1
# only ≈ 0.04, so the copy rule (Jaccard ≥ 0.5, or containment with ≥ 0.3) sees nearly
# every true copy while unrelated articles rarely come back as candidates.
BAND_ROWS = 3
BANDS = 42
# Copy candidates checked per article (most bands shared first). A flood of copies of
# one wire story links each copy to the original, which alone is indexed, so this
# bound is only reached by pathological boilerplate.
MAX_COPY_CANDIDATES = 50
# Retrieval is StoryIndex's (pipeline/connect/cluster.py): an article looks candidates
# up by ``query_keys`` (its most distinctive body terms, every headline term, its
# heaviest entities), a story is posted under its ``STORY_KEYS`` most distinctive keys,
# and the ``MAX_CANDIDATES`` stories sharing most keys are scored. Until issue 5's
# fifth session the site used 12 keys a side (entity, headline and body weights without
# IDF) and a 14-day window: on the Giveme5W1H set ingested in published order the
# site's B-cubed F1 was 0.821 against StoryIndex's 0.964 (bench/stories.py
# --sections site measures both in one run).
STORY_INDEX_KEYS = STORY_KEYS
MAX_STORY_CANDIDATES = MAX_CANDIDATES
# A key held by more articles than this (all-time document frequency, an upper bound
# on the stories it is posted under) is too common to discriminate and is not looked
# up: StoryIndex's MAX_POSTING, bounding the rows one lookup reads.
MAX_KEY_DF = MAX_POSTING
# Stories whose last article is more than this before the new article are not
# candidates: choose_story scores a dated article 0 against a story more than
# MAX_GAP_DAYS outside its span, the same span as StoryIndex's ACTIVE_WINDOW.
ACTIVE_WINDOW = timedelta(days=MAX_GAP_DAYS)
# TermFrequency row holding the corpus size.
DOCUMENTS_KEY = ""
# Keys per TermFrequency lookup: a split check loads the keys of up to 96 members (a few
# hundred each), more than one IN list should carry (SQLite's default cap is 32,766
# bound parameters, PostgreSQL's 65,535).
STATS_BATCH = 5000


@dataclass(frozen=True, slots=True)
class Features:
    """An article's connect-stage features plus its exact-duplicate hash."""

    story: object  # broadsheet.pipeline.connect.StoryFeatures
    content_hash: str
    notes: tuple[str, ...] = ()


def features_for(enriched: EnrichedArticle, *, ref: str) -> Features:
    """Compute connect features for an article (pure; raises EmptyInput on empty text)."""
    from django.utils import timezone

    from broadsheet.pipeline.connect import features_of
    from broadsheet.pipeline.enrich import entity_key

    features = features_of(
        enriched,
        id=ref,
        now=timezone.now(),
        entity_key=lambda entity: entity_key(entity.name, entity.type),
    )
    assert features.fingerprint is not None
    return Features(features, features.fingerprint.content_hash, tuple(features.notes))


def _bands(signature: object) -> list[int]:
    values = bytes(memoryview(signature))  # type: ignore[arg-type]
    width = 4 * BAND_ROWS
    out = []
    for band in range(BANDS):
        chunk = bytes([band]) + values[band * width : (band + 1) * width]
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return out


def _find_original(article: Article, fp: object, bands: list[int]) -> Article | None:
    from broadsheet.pipeline.connect import Fingerprint, is_copy

    ranked = (
        FingerprintBand.objects.filter(band__in=bands)
        .exclude(article=article)
        .values("article")
        .annotate(shared=Count("id"))
        .order_by("-shared")[:MAX_COPY_CANDIDATES]
    )
    ids = [row["article"] for row in ranked]
    best: Article | None = None
    for candidate in Article.objects.filter(pk__in=ids, duplicate_of__isnull=True):
        if not candidate.fingerprint:
            continue
        copy, _ = is_copy(fp, Fingerprint.from_bytes(bytes(candidate.fingerprint)))  # type: ignore[arg-type]
        if copy and (best is None or _earlier(candidate, best)):
            best = candidate
    return best


def _earlier(a: Article, b: Article) -> bool:
    key_a = (a.when, a.pk)
    key_b = (b.when, b.pk)
    return key_a < key_b


def _stats_for(
    keys: set[str], *, known: object = None, counting: set[str] | None = None
) -> object:
    """Stored document frequencies of ``keys`` and the corpus size.

    Args:
        keys: the keys to look up.
        known: a TermStats already read; its counts are kept (``keys`` adds to them).
        counting: the keys of an article not counted yet: counted as if it were (one
            more document, one more for each of its keys).
    """
    from broadsheet.pipeline.connect import TermStats

    wanted = sorted(keys | {DOCUMENTS_KEY})
    rows: Counter[str] = Counter()
    # Plain SQL: a decision reads the frequencies of thousands of keys (the candidates'
    # member vectors), and compiling the ORM's IN list cost more than the query.
    table = connection.ops.quote_name(TermFrequency._meta.db_table)
    key = connection.ops.quote_name("key")
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), STATS_BATCH):
            batch = wanted[start : start + STATS_BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"SELECT {key}, df FROM {table} WHERE {key} IN ({marks})", batch)
            rows.update(dict(cursor.fetchall()))
    if counting is not None:
        rows.update(counting | {DOCUMENTS_KEY})
    documents = rows.pop(DOCUMENTS_KEY, 0)
    if isinstance(known, TermStats):  # its counts (and corpus size) stand
        rows = Counter({**rows, **known.df})
        documents = known.documents
    return TermStats(documents, rows)


def _count_terms(keys: set[str]) -> None:
    keys = {k[:200] for k in keys} | {DOCUMENTS_KEY}
    TermFrequency.objects.bulk_create(
        [TermFrequency(key=k, df=0) for k in keys], ignore_conflicts=True
    )
    TermFrequency.objects.filter(key__in=keys).update(df=F("df") + 1)


def _story_save(story: Story, state: object, stats: object) -> None:
    from broadsheet.pipeline.connect import StoryState

    assert isinstance(state, StoryState)
    story.state = state.to_dict()
    story.label = state.label[:500] or story.label
    story.first_published = state.first_published
    story.last_published = state.last_published or state.last_active
    story.article_count = state.members
    story.source_count = len(state.sources)
    story.save()
    _story_keys_write(story, state, stats)


def _story_keys_write(story: Story, state: object, stats: object) -> None:
    """Rewrite the story's ``StoryKey`` rows: its top keys, each with its rank and time.

    Two statements whatever changed (delete, insert): ranks move as the story grows, and
    rewriting the rows costs about what the previous per-row time update did.
    """
    keys = list(dict.fromkeys(k[:200] for k in state.top_keys(stats, STORY_INDEX_KEYS)))  # type: ignore[attr-defined]
    StoryKey.objects.filter(story=story).delete()
    StoryKey.objects.bulk_create(
        [
            StoryKey(story=story, key=k, rank=rank, last_published=story.last_published)
            for rank, k in enumerate(keys)
        ]
    )


def story_index_refresh(story: Story) -> None:
    """Rewrite a story's retrieval keys from its stored centroid (after a manual edit)."""
    from broadsheet.pipeline.connect import StoryState

    if not story.state:
        StoryKey.objects.filter(story=story).delete()
        return
    state = StoryState.from_dict(story.state)
    stats = _stats_for(state.keys())
    _story_keys_write(story, state, stats)


def article_connect(*, article: Article, features: Features, refresh: bool = False) -> None:
    """Link a stored article to its original (if a copy) and to its story.

    Args:
        article: the saved article row.
        features: its connect features.
        refresh: the article was stored before (re-fetched): keep its story and copy link.
    """
    from broadsheet.pipeline.connect import StoryState, choose_story

    sf = features.story
    fp = sf.fingerprint  # type: ignore[attr-defined]
    article.fingerprint = fp.to_bytes()
    article.features = sf.to_dict()  # type: ignore[attr-defined]
    if refresh and article.story_id:
        article.save(update_fields=["fingerprint", "features"])
        return
    bands = _bands(fp.signature)
    original = _find_original(article, fp, bands)
    if original is not None:
        article.duplicate_of = original
        article.story = original.story
        article.save(update_fields=["fingerprint", "features", "duplicate_of", "story"])
        if original.story is not None:
            story = Story.objects.select_for_update().get(pk=original.story.pk)
            stats = _stats_for(set())
            state = StoryState.from_dict(story.state).update(sf, copy=True)  # type: ignore[arg-type]
            _story_save(story, state, stats)
        return
    FingerprintBand.objects.bulk_create([FingerprintBand(band=b, article=article) for b in bands])
    when = sf.published or article.when  # type: ignore[attr-defined]
    # The article counts in the document frequencies it is decided with, as in
    # StoryIndex.assign (a term it alone holds weighs as a term held once); the rows
    # are counted at the end, so the hot corpus-size row is locked as briefly as before.
    stats = _stats_for(sf.keys(), counting=sf.keys())  # type: ignore[attr-defined]
    keys = [
        k[:200] for k in query_keys(sf, stats)  # type: ignore[arg-type]
        if stats.df.get(k, 0) <= MAX_KEY_DF  # type: ignore[attr-defined]
    ]
    candidate_ids = list(
        StoryKey.objects.filter(key__in=keys, last_published__gte=when - ACTIVE_WINDOW)
        .values("story")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-story")
        .values_list("story", flat=True)[:MAX_STORY_CANDIDATES]
    )
    candidates = {
        str(s.pk): s for s in Story.objects.filter(pk__in=candidate_ids, merged_into__isnull=True)
    }
    states = [StoryState.from_dict(s.state) for s in candidates.values() if s.state]
    story_keys = set().union(*(s.keys() for s in states)) if states else set()
    stats = _stats_for(story_keys - sf.keys(), known=stats)  # type: ignore[attr-defined]
    decision = choose_story(sf, states, stats)  # type: ignore[arg-type]
    if decision.story_id is not None and decision.story_id in candidates:
        story = Story.objects.select_for_update().get(pk=candidates[decision.story_id].pk)
        state = StoryState.from_dict(story.state).update(sf, when=when)  # type: ignore[arg-type]
    else:
        story = Story.objects.create(label=article.title[:500])
        state = replace(StoryState.start(sf, when=when), id=str(story.pk))  # type: ignore[arg-type]
    article.story = story
    article.save(update_fields=["fingerprint", "features", "story"])
    _count_terms(sf.keys())  # type: ignore[attr-defined]
    _story_save(story, state, stats)
    if decision.story_id is not None and decision.runner_up in candidates:
        story = _story_merge_check(story, state, candidates[decision.runner_up], stats)
        article.story = story  # the merge moved the article's row, if it moved at all
    _story_split_check(story, article)


def _story_merge_check(story: Story, state: object, other: Story, stats: object) -> Story:
    """The article fits ``other`` too: merge the two stories if they are one event.

    The site's ``StoryIndex._maybe_merge``: :func:`~broadsheet.pipeline.connect.check_merge`
    compares the stories' latest members; on a merge the story with more
    articles absorbs the other through the admin's ``story_merge`` (unlocked), which
    moves the articles and combines centroids and retrieval keys. Locked stories (an
    editor's merge or split) are never merged automatically. Returns the story the
    article is in afterwards. ``other`` is the candidate row as read for the decision;
    it is locked and read again only when the check says merge (the common "kept
    apart" costs no query).
    """
    from broadsheet.pipeline.connect import StoryState, check_merge
    from broadsheet.site.news.story_admin import story_merge

    if story.locked or other.locked or not other.state:  # candidates are never merged ones
        return story
    check = check_merge(state, StoryState.from_dict(other.state), stats)  # type: ignore[arg-type]
    if not check.merge:
        return story
    other = Story.objects.select_for_update().get(pk=other.pk)
    if other.locked or other.merged_into_id is not None:  # changed since it was read
        return story
    keep, absorb = (story, other) if story.article_count >= other.article_count else (
        other, story)
    merged = story_merge(target=keep, others=[absorb], lock=False)
    logger.info("story %s merged into %s: %s", absorb.pk, keep.pk, check.reason)
    return merged


def _story_split_check(story: Story, article: Article) -> None:
    """Run the pipeline's split checks on ``story``; split it if told to.

    The site's ``StoryIndex._maybe_split``. When the story's original members (copies
    excluded) number one of ``SPLIT_CHECK_SIZES``, their stored features are bisected by
    :func:`~broadsheet.pipeline.connect.split.check_split` with the stored document
    frequencies. On a split, the half without the earliest-stored member moves, copies
    following their originals, to a new story by the admin's ``story_split`` (unlocked),
    which rebuilds both stories' centroids, labels, counts, spans and retrieval keys.
    Otherwise, once the story holds ``RECENT_MEMBERS`` originals, its latest ones (in
    stored order, ``article`` last) go to
    :func:`~broadsheet.pipeline.connect.split.check_tail`, and its newest
    ``TAIL_SIZE`` move the same way when they have started a story of their own.
    Locked stories (an editor's merge or split) are never checked. ``article`` (the one
    that just joined) is pointed at whichever story it ends up in.
    """
    from broadsheet.pipeline.connect import (
        RECENT_MEMBERS,
        SPLIT_CHECK_SIZES,
        StoryFeatures,
        check_split,
        check_tail,
    )
    from broadsheet.site.news.story_admin import story_split

    if story.locked:
        return
    originals = Article.objects.filter(story=story, duplicate_of__isnull=True)
    count = originals.count()
    checks: list[tuple[Callable[..., Any], list[Article]]] = []
    members: list[Article] = []
    if count in SPLIT_CHECK_SIZES:
        members = list(originals.order_by("pk").only("pk", "features"))
        if not all(m.features for m in members):
            # Rows stored before features were kept: nothing to compare them by.
            logger.info("story %s: split check skipped, a member has no stored features",
                        story.pk)
            return
        checks.append((check_split, members))
    if count >= RECENT_MEMBERS:
        latest = members[-RECENT_MEMBERS:] or list(
            originals.order_by("-pk").only("pk", "features")[:RECENT_MEMBERS])[::-1]
        # Only when ``article`` is the newest (none joined since) and all have features.
        if latest[-1].pk == article.pk and all(m.features for m in latest):
            checks.append((check_tail, latest))
    for check_of, rows in checks:
        features = [StoryFeatures.from_dict(m.features) for m in rows]
        check = check_of(features, _stats_for(set().union(*(f.keys() for f in features))))
        if check.split:
            new = story_split(articles=[rows[k] for k in check.groups[1]], lock=False)
            logger.info("story %s %s; moved to new story %s", story.pk, check.reason, new.pk)
            article.refresh_from_db(fields=["story"])
            return
        logger.debug("story %s at %d members %s", story.pk, count, check.reason)
