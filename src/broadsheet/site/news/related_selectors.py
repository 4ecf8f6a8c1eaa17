"""Reads behind the article page's related list: the same story's coverage, then others.

Split from :mod:`broadsheet.site.news.selectors` (which keeps ``article_related``, the
seam views call), under the same rules: reads only, a bounded number of plain SQL
statements whose cost does not grow with the corpus (see ``article_related``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection

from broadsheet.site.news.models import Article, ArticleTag, Mention, StoryKey
from broadsheet.site.news.stories import STORY_INDEX_KEYS

__all__ = [
    "OUTLETS_SQL",
    "RELATED_ENTITIES",
    "RELATED_MIN_KEY_WEIGHT",
    "RELATED_MIN_SHARED_KEYS",
    "RELATED_PER_KEY",
    "RELATED_STORIES_CHECKED",
    "RELATED_TAGS",
    "RELATED_TAG_WEIGHT",
    "SAME_STORY_SCAN",
    "related_ranked",
    "same_story_ids",
    "scalar",
]

# Entities and tags of an article used to look for related articles: its most salient
# few (more only adds weak matches such as a country named in passing).
RELATED_ENTITIES = 6
RELATED_TAGS = 6
# Candidate mentions / tags scanned for related articles, newest first, per key entity
# or tag of the article: 12 keys x 20 rows is 30 candidates per place in the list (the
# first version scanned 400 rows over all keys, so one popular entity could crowd out
# the rest). Each scan is a short backward walk of one covering index plus a primary-key
# visit per row, so rows per key is the cost knob (bench/related_db.py: at 1M articles
# the candidate statement dominated the call with 40). A judgement call, not tuned on
# relevance data.
RELATED_PER_KEY = 20
# Newest originals of the article's story read to pick the same-story items from, one
# per outlet first: a margin over the list's length so that a busy outlet's run of
# updates does not hide the other outlets' coverage.
SAME_STORY_SCAN = 40
# Another story is related only when the two stories also share at least this many of
# the distinctive keys each is indexed under (StoryKey: a story's STORY_KEYS = 60 top
# terms and entities), so one shared name ("also about Associated Press", "also about
# Donald Trump" under an Equifax piece) no longer pads the list. Calibrated on the site
# bench's stored stories (bench/stories.py --sections site, spaCy entities), counting an
# other-story item as right when it is the same ECB+ topic (a sibling event: a
# genuinely related story): at 1 / 2 / 3 / 4 / 6 keys the ECB+ dev topics keep 37 / 37
# / 35 / 33 / 31 same-topic items and show 6 / 0 / 0 / 0 / 0 others, the train topics
# keep 22 of 22 same-topic items at 3 and drop 17 of 24 others; on Giveme5W1H, other-
# story items per article fall 0.78 -> 0.25, and reading them, 3 is where the pairs
# left start to be related (Elon Musk's Hyperloop / his Tesla launch; the Utah oligarch
# jet / the Panama leak) rather than a shared name (a Bears coach firing / a German
# ship accident, "also about Associated Press").
RELATED_MIN_SHARED_KEYS = 3
# ... and when those shared keys matter to both stories: each shared key weighs
# (1 - its rank in one story / 60) x (1 - its rank in the other / 60), ranks counted
# from the story's most distinctive key (StoryKey.rank; a row without a rank weighs 1),
# and the weights must add up to this. Keys at the bottom of both lists ("united
# states", "2017", "injured") no longer relate a subway crash to a mass shooting.
# Calibrated on the site bench's stored stories (ranks recomputed from their states,
# 96-99% the same keys as stored), over every pair of stories sharing 3 keys: ECB+ train
# keeps 22 of 22 pairs of sibling events (19 at 1.5, 14 at 2) while pairs across topics
# fall 59 -> 28 of 397; ECB+ dev keeps 9 of 10 sibling pairs (as before) and 0 of 43
# others; Giveme5W1H keeps its 3 pairs of one gold event split in two stories (1 at
# 1.5) while other pairs fall 15 -> 8 of 125. Those left are mostly related by kind
# (two fires, two murders, two rocket launches); "Berlin's New Year safe zone" beside a
# ship accident in Germany is one that is not.
RELATED_MIN_KEY_WEIGHT = 1.0
# Candidate stories checked for shared keys, best entity score first: the check reads
# at most this many stories' key rows (x 60), whatever the corpus. On the site bench's
# stored stories 12, 16 and 24 give the same lists (8 drops 0.03 items per article on
# Giveme5W1H); the rows read are the call's second largest cost on PostgreSQL at 1M.
RELATED_STORIES_CHECKED = 12
# Score of one shared hashtag: like a shared entity of middling salience (0.05, the
# value the first implementation used; not tuned on data).
RELATED_TAG_WEIGHT = 0.05

OUTLETS_SQL = (
    "SELECT COUNT(DISTINCT COALESCE(NULLIF(a.source_name, ''), s.name))"
    " FROM news_article a LEFT OUTER JOIN news_source s ON s.id = a.source_id"
    " WHERE a.story_id = %s AND a.duplicate_of_id IS NULL"
)


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def scalar(sql: str, params: Sequence[Any]) -> int:
    """The first column of the first row of ``sql`` as an int; 0 when no row or NULL."""
    rows = _fetch(sql, params)
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def same_story_ids(
    story_id: int, excluded: set[int], limit: int, outlet: str, reader: int
) -> list[int]:
    """Ids of the story's other originals: other outlets first, closest to the reader first.

    The story's ``SAME_STORY_SCAN`` newest originals are read (undated last), each with
    the summed salience of its mentions of the reader's ``RELATED_ENTITIES`` most
    salient entities (``reader``: the article being read), in the same statement. They
    are ranked by that overlap, newest first among equals (so with no entities in
    common the order is by time): inside a story that holds two strands (a summit
    offer and the missile tests it follows), the reader's own strand comes first. Then
    one per outlet comes first, the reader's own outlet (``outlet``, its
    ``source_name``, which ingestion fills from the feed's source when the page names
    none) counting as already shown, then the rest. An article of no known outlet counts
    as an outlet of its own.
    """
    nulls_last = " NULLS LAST" if connection.vendor == "postgresql" else ""
    marks = ", ".join(["%s"] * len(excluded))
    mention = Mention._meta.db_table
    sql = (
        "SELECT a.id, COALESCE(NULLIF(a.source_name, ''), s.name, ''),"
        f" (SELECT SUM(m.salience) FROM {mention} m WHERE m.article_id = a.id"
        f" AND m.entity_id IN (SELECT r.entity_id FROM {mention} r WHERE r.article_id = %s"
        " ORDER BY r.salience DESC, r.entity_id LIMIT %s))"
        " FROM news_article a LEFT OUTER JOIN news_source s ON s.id = a.source_id"
        " WHERE a.story_id = %s AND a.duplicate_of_id IS NULL"
        f" AND a.id NOT IN ({marks}) ORDER BY a.published DESC{nulls_last}, a.id DESC LIMIT %s"
    )
    rows = _fetch(sql, [reader, RELATED_ENTITIES, story_id, *sorted(excluded),
                        max(limit, SAME_STORY_SCAN)])
    ranked = sorted(enumerate(rows), key=lambda row: (-float(row[1][2] or 0.0), row[0]))
    seen = {outlet} if outlet else set()
    first: list[int] = []
    rest: list[int] = []
    for _, (pk, name, _overlap) in ranked:
        (rest if name and name in seen else first).append(pk)
        seen.add(name)
    return (first + rest)[:limit]


def related_ranked(
    original: Article, excluded: set[int], wanted: int
) -> tuple[list[int], dict[int, str]]:
    """Other stories' articles sharing key entities / tags, best first, one per story."""
    keys = _fetch(
        "SELECT * FROM (SELECT 'e', m.entity_id, m.salience, e.name FROM news_mention m"
        " INNER JOIN news_entity e ON e.id = m.entity_id WHERE m.article_id = %s"
        " ORDER BY m.salience DESC, m.entity_id LIMIT %s) AS mine UNION ALL"
        " SELECT * FROM (SELECT 't', t.tag_id, 0.0, g.name FROM news_articletag t"
        " INNER JOIN news_tag g ON g.id = t.tag_id WHERE t.article_id = %s"
        " ORDER BY t.position, t.tag_id LIMIT %s) AS my_tags",
        [original.pk, RELATED_ENTITIES, original.pk, RELATED_TAGS],
    )
    entity_weight = {
        ref: (max(float(salience), 0.0) + 0.1, name) for kind, ref, salience, name in keys
        if kind == "e"
    }
    tag_name = {ref: name for kind, ref, _, name in keys if kind == "t"}
    rows = _related_candidates(
        entities=list(entity_weight), tags=list(tag_name), excluded=excluded,
        story_id=original.story_id,
    )
    scores: dict[int, float] = defaultdict(float)
    names: dict[int, list[tuple[float, str]]] = defaultdict(list)
    tagged: dict[int, str] = {}
    story_of: dict[int, int | None] = {}
    for kind, ref, salience, article_id, story_id in rows:
        if kind == "e":
            own, name = entity_weight[ref]
            weight = own * (max(salience, 0.0) + 0.1)
            names[article_id].append((weight, name))
        else:
            # A shared hashtag counts like a shared entity of middling salience.
            weight = RELATED_TAG_WEIGHT
            tagged.setdefault(article_id, tag_name[ref])
        scores[article_id] += weight
        story_of[article_id] = story_id
    ranked: list[int] = []  # one article per story (its best-connected one), best first
    seen_stories: set[int] = set()
    for pk, _ in sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0])):
        story_id = story_of[pk]
        if story_id is not None:
            if story_id in seen_stories:
                continue
            seen_stories.add(story_id)
        ranked.append(pk)
    best = _with_shared_keys(original.story_id, ranked, story_of)[:wanted]
    return best, {pk: _reason(names.get(pk, []), tagged.get(pk)) for pk in best}


def _reason(names: list[tuple[float, str]], tag: str | None) -> str:
    """"also about A, B" (the two heaviest shared entities), else "also tagged #t"."""
    if not names:
        return f"also tagged #{tag}"
    ordered = [name for _, name in sorted(names, key=lambda wn: -wn[0])]
    return "also about " + ", ".join(list(dict.fromkeys(ordered))[:2])


def _with_shared_keys(
    story_id: int | None, ranked: list[int], story_of: dict[int, int | None]
) -> list[int]:
    """The ranked articles whose stories share enough story keys that matter to both.

    One statement reads the ``StoryKey`` rows of the reader's story and of the first
    ``RELATED_STORIES_CHECKED`` candidate stories (by their story-id index). A candidate
    story stays when it shares ``RELATED_MIN_SHARED_KEYS`` keys with the reader's whose
    rank weights (see ``RELATED_MIN_KEY_WEIGHT``) add up to that threshold. When the
    reader's article has no story, or its story has no keys (nothing was indexed for
    it), there is no evidence to check and the list stands as ranked; otherwise an
    article outside any story is left out, as one whose story shares too little.
    """
    if story_id is None or not ranked:
        return ranked
    candidates = [story_of[pk] for pk in ranked[:RELATED_STORIES_CHECKED]]
    stories = sorted({s for s in candidates if s is not None} | {story_id})
    marks = ", ".join(["%s"] * len(stories))
    # The key rows of these few stories, read by the story-id index (each story's rows
    # sit together) and intersected here: 5x faster on SQLite at 1M articles than a
    # self-join that probes the 17M-row (key, story) index once per key and story.
    rows = _fetch(
        f"SELECT story_id, key, rank FROM {StoryKey._meta.db_table}"
        f" WHERE story_id IN ({marks})",
        stories,
    )
    keys: dict[int, dict[str, float]] = defaultdict(dict)
    for story, key, rank in rows:
        keys[int(story)][key] = 1.0 if rank is None else max(0.0, 1.0 - rank / STORY_INDEX_KEYS)
    mine = keys.get(story_id, {})
    if not mine:
        return ranked

    def related(story: int | None) -> bool:
        held = keys.get(story, {}) if story is not None else {}
        shared = [key for key in held if key in mine]
        return (len(shared) >= RELATED_MIN_SHARED_KEYS
                and sum(held[k] * mine[k] for k in shared) >= RELATED_MIN_KEY_WEIGHT)

    return [pk for pk, story in zip(ranked, candidates, strict=False) if related(story)]


def _related_candidates(
    *, entities: list[int], tags: list[int], excluded: set[int], story_id: int | None
) -> list[tuple[str, int, float, int, int | None]]:
    """Newest originals sharing each entity / tag: ``(kind, ref, salience, article, story)``.

    One ``UNION ALL`` of per-key subqueries, each ``ORDER BY published DESC LIMIT n`` on a
    single entity or tag, so both databases walk the composite index backwards and stop
    early instead of sorting every mention of "United States". Rows whose ``published``
    is unset (bulk loads that bypassed ``save()``) are not candidates.
    """
    if not entities and not tags:
        return []
    mention = Mention._meta.db_table
    article_tag = ArticleTag._meta.db_table
    article = Article._meta.db_table
    not_in = ", ".join(["%s"] * len(excluded))
    other_story = "AND (a.story_id IS NULL OR a.story_id <> %s)" if story_id is not None else ""

    def part(kind: str, table: str, column: str, weight: str) -> str:
        return (
            f"SELECT * FROM (SELECT '{kind}' AS kind, r.{column} AS ref, {weight} AS weight,"
            f" r.article_id AS article_id, a.story_id AS story_id"
            f" FROM {table} r INNER JOIN {article} a ON a.id = r.article_id"
            f" WHERE r.{column} = %s AND r.published IS NOT NULL"
            f" AND a.duplicate_of_id IS NULL AND r.article_id NOT IN ({not_in}) {other_story}"
            f" ORDER BY r.published DESC LIMIT %s) AS {kind}{len(parts)}"
        )

    parts: list[str] = []
    params: list[Any] = []
    tail = [story_id] if story_id is not None else []
    for entity_id in entities:
        parts.append(part("e", mention, "entity_id", "r.salience"))
        params += [entity_id, *sorted(excluded), *tail, RELATED_PER_KEY]
    for tag_id in tags:
        parts.append(part("t", article_tag, "tag_id", "0.0"))
        params += [tag_id, *sorted(excluded), *tail, RELATED_PER_KEY]
    return [
        (str(kind), int(ref), float(weight), int(pk), story)
        for kind, ref, weight, pk, story in _fetch(" UNION ALL ".join(parts), params)
    ]
