"""Connect: copies, stories and related articles.

The third pipeline stage links articles to one another. Pure: no network, disk,
database or Django; state lives in objects the caller owns and serialises.

Copies (``fingerprint.py``)
    :func:`content_hash` (exact duplicates), :func:`fingerprint` → :class:`Fingerprint`
    (MinHash signature; ``to_bytes``/``from_bytes``), :func:`is_copy` (the rule) and
    :class:`NearDuplicateIndex` (caller-owned LSH: ``add``, ``remove``, ``query``,
    ``find_copy``).
Features (``features.py``)
    :func:`features_of` (article → :class:`StoryFeatures`, with the date rules) and
    :class:`TermStats` (online document frequencies). Both ``to_dict``/``from_dict``.
Stories (``story.py``, ``cluster.py``)
    :class:`StoryState` (centroid, the vectors of its ``RECENT_MEMBERS`` latest
    members, label, span, sources, counts; ``update`` returns a new state),
    :func:`choose_story` → :class:`Decision` (THE rule: an article's score for a story
    is its best IDF-weighted cosine with one of the story's latest members, plus a
    bonus when both are dated within ``NEAR_DAYS``; it joins the best candidate
    scoring ≥ ``JOIN_THRESHOLD`` or starts a story) and :class:`StoryIndex`
    (in-memory incremental clusterer: ``assign`` → :class:`Assignment`, ``merge``,
    ``split``, automatic merges and bisect-splits on evidence, and after every
    article a check whether its newest members started a story of their own
    (``check_tail``); stories retire after
    ``ACTIVE_WINDOW`` idle on the stream clock or, past ``max_articles``, least
    recently active first).
Related (``rank.py``)
    :func:`related` → ranked :class:`Related` (same story first, then related
    stories, each with a one-line ``why``; never padded).

Stated rules for bad input (each has a test in tests/pipeline/connect): no date →
undated, no time evidence, never moves the clock; a date beyond ``now`` + 1 day or
before 1990 → treated as no date; no content words → ``EmptyInput``; generic
headlines ("Live updates") → no headline terms, so identical generic headlines are no
evidence; a dated article more than ``MAX_GAP_DAYS`` outside a story's span never
joins it; texts under 25 words are never copies (boilerplate); a copy joins
its original's story without moving the centroid and only originals are indexed, so a
flood of copies costs O(1) each.

The site (database) stores per article ``StoryFeatures.to_dict()`` and the
fingerprint bytes, per story ``StoryState.to_dict()``, one ``TermStats`` row set
(key → df; load the df of ``features.keys() | state.keys()`` for each decision), and
an inverted index (key → story id, for ``StoryState.top_keys``) to
fetch candidates; it then calls :func:`choose_story` exactly as ``StoryIndex`` does.

Typical use::

    index = StoryIndex()
    for article in articles_in_published_order:
        assignment = index.assign(features_of(article, id=article.guid))
"""

from __future__ import annotations

from broadsheet.pipeline.connect.cluster import (
    ACTIVE_WINDOW,
    SPLIT_CHECK_SIZES,
    Assignment,
    StoryIndex,
)
from broadsheet.pipeline.connect.features import (
    StoryFeatures,
    TermStats,
    features_of,
    is_generic_title,
    outlet_of,
)
from broadsheet.pipeline.connect.fingerprint import (
    Fingerprint,
    NearDuplicateIndex,
    content_hash,
    fingerprint,
    is_copy,
)
from broadsheet.pipeline.connect.rank import Related, related
from broadsheet.pipeline.connect.split import (
    MergeCheck,
    SplitCheck,
    check_merge,
    check_split,
    check_tail,
)
from broadsheet.pipeline.connect.story import (
    JOIN_THRESHOLD,
    RECENT_MEMBERS,
    Decision,
    Similarity,
    StoryState,
    choose_story,
    similarity,
)

__all__ = [
    "ACTIVE_WINDOW",
    "SPLIT_CHECK_SIZES",
    "Assignment",
    "Decision",
    "Fingerprint",
    "JOIN_THRESHOLD",
    "MergeCheck",
    "NearDuplicateIndex",
    "RECENT_MEMBERS",
    "Related",
    "Similarity",
    "SplitCheck",
    "StoryFeatures",
    "StoryIndex",
    "StoryState",
    "TermStats",
    "check_merge",
    "check_split",
    "check_tail",
    "choose_story",
    "content_hash",
    "features_of",
    "fingerprint",
    "is_copy",
    "is_generic_title",
    "outlet_of",
    "related",
    "similarity",
]
