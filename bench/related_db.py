"""Benchmark: the article page's related-articles query at 10k, 100k and 1M articles.

Builds a synthetic corpus straight into a throwaway database (a fresh SQLite file under
a temporary BROADSHEET_HOME, or the PostgreSQL database DATABASE_URL names: create an
empty one for the run and drop it after; never ``postgres`` or ``test``) and grows it
through ``--sizes``. Shape: stories of 1-20 articles (most of 1-3), ~10 % copies
(``duplicate_of`` an article of the same story, with its mentions and tags), 8 distinct
entity mentions per article (6 drawn for the story from a long tail of 200k entities,
2+ generic ones from a Zipf(1) pool of 20k, so the top few - "United States" - are in
10-20 % of articles), 5 hashtags (3 of the story, 2 Zipf over 20k tags), published times
spread over two years, 60 story keys per story (its entities, then Zipf(0.8) terms
over 300k). Rows go in by raw multi-row INSERT (SQLite) or COPY
(PostgreSQL) in batches of 10k, then ANALYZE.

At each size it times ``selectors.article_related`` on ``--calls`` random articles
(after a warm-up) and prints p50/p95/p99 ms and queries per call; in the same run it
times the implementation before the (entity, published) index scans (kept below as
``article_related_before``) on the first ``--baseline-calls`` of the same articles and
prints the ratios. Nothing is asserted on time.

    .venv/bin/python bench/related_db.py [--sizes 10000,100000,1000000] [--calls 1000]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from bisect import bisect
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402

BATCH = 10_000
START = datetime(2024, 11, 27, tzinfo=UTC)
SPAN_SECONDS = 2 * 365 * 24 * 3600
OUTLETS = 200
TAIL_ENTITIES = 200_000
GENERIC_ENTITIES = 20_000
TAGS = 20_000
# Story sizes 1..20 drawn with weight 1/size^1.5: about half the stories are one article.
STORY_SIZES = list(range(1, 21))
STORY_WEIGHTS = [1.0 / s**1.5 for s in STORY_SIZES]
COPY_SHARE = 0.10
# Story keys: STORY_KEYS per story (as the site indexes, news/stories.py), the story's
# entities first, the rest drawn from a Zipf(0.8) pool of TERMS distinctive terms.
STORY_KEYS = 60
TERMS = 300_000


class Zipf:
    """Draws ranks 0..n-1 with weight 1/(rank+1)^s (cumulative table + bisect)."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        self.cum = list(accumulate(1.0 / (k + 1) ** s for k in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect(self.cum, rng.random() * self.cum[-1])


@dataclass
class Corpus:
    """What has been loaded so far (ids are assigned here, 1-based)."""

    articles: int = 0
    stories: int = 0
    mentions: int = 0
    tags: int = 0
    story_keys: int = 0


def _rows(corpus: Corpus, target: int, rng: random.Random) -> Iterator[dict[str, list[tuple]]]:
    """Batches of rows for articles corpus.articles+1..target (whole stories)."""
    generic = Zipf(GENERIC_ENTITIES)
    generic_tags = Zipf(TAGS)
    tail = Zipf(TAIL_ENTITIES, 0.6)
    terms = Zipf(TERMS, 0.8)
    batch: dict[str, list[tuple]] = defaultdict(list)
    while corpus.articles < target:
        corpus.stories += 1
        story = corpus.stories
        size = min(rng.choices(STORY_SIZES, STORY_WEIGHTS)[0], target - corpus.articles)
        base = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
        story_entities = list({GENERIC_ENTITIES + tail.draw(rng) + 1 for _ in range(9)})
        story_tags = list({TAGS // 2 + rng.randrange(TAGS // 2) + 1 for _ in range(4)})
        originals: list[tuple[int, list, list]] = []
        times = []
        for _ in range(size):
            corpus.articles += 1
            pk = corpus.articles
            when = base + timedelta(minutes=rng.randrange(3 * 24 * 60))
            times.append(when)
            copy_of = rng.choice(originals) if originals and rng.random() < COPY_SHARE else None
            if copy_of is not None:
                mentions, tags = copy_of[1], copy_of[2]
            else:
                entities = set(rng.sample(story_entities, min(6, len(story_entities))))
                entities.update(generic.draw(rng) + 1 for _ in range(2))
                while len(entities) < 8:
                    entities.add(generic.draw(rng) + 1)
                mentions = [(e, round(rng.uniform(0.1, 1.0), 3)) for e in entities]
                tag_ids = set(rng.sample(story_tags, min(3, len(story_tags))))
                while len(tag_ids) < 5:
                    tag_ids.add(generic_tags.draw(rng) + 1)
                tags = list(tag_ids)
                originals.append((pk, mentions, tags))
            batch["article"].append(
                (pk, f"outlet {rng.randrange(OUTLETS)}", f"Story {story} report {pk}",
                 f"Body of article {pk}.", when, copy_of[0] if copy_of else None, story)
            )
            for entity, salience in mentions:
                corpus.mentions += 1
                batch["mention"].append((corpus.mentions, pk, entity, salience, when))
            for position, tag in enumerate(tags):
                corpus.tags += 1
                batch["tag"].append((corpus.tags, pk, tag, position, when))
        batch["story"].append((story, f"Story {story}", min(times), max(times), size))
        # The story's StoryKey rows (its STORY_KEYS distinctive keys): its own entities,
        # then terms from a Zipf pool, so stories share a few keys by chance; ranked in
        # that order.
        keys = list(dict.fromkeys(f"place:{e}" for e in story_entities))
        while len(keys) < STORY_KEYS:
            term = f"term{terms.draw(rng)}"
            if term not in keys:
                keys.append(term)
        for rank, key in enumerate(keys):
            corpus.story_keys += 1
            batch["storykey"].append((corpus.story_keys, story, key, max(times), rank))
        if len(batch["article"]) >= BATCH:
            yield batch
            batch = defaultdict(list)
    if batch:
        yield batch


def _load(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    from django.db import connection

    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor: COPY is the fast path
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            )


def _grow(corpus: Corpus, target: int, rng: random.Random) -> float:
    from django.db import connection, transaction

    started = time.perf_counter()
    json_empty = "[]" if connection.vendor == "sqlite" else json.dumps([])
    json_obj = "{}"
    for batch in _rows(corpus, target, rng):
        with transaction.atomic():
            _load(
                "news_story",
                ["id", "label", "first_published", "last_published", "article_count",
                 "source_count", "state", "locked", "created_at", "updated_at"],
                [(pk, label, first, last, n, n, json_obj, False, first, last)
                 for pk, label, first, last, n in batch["story"]],
            )
            _load(
                "news_article",
                ["id", "source_name", "url", "guid", "title", "byline", "published",
                 "language", "body", "paragraphs", "description", "image", "input_format",
                 "content_hash", "features", "summary", "key_points", "sentences", "section",
                 "section_confidence", "related_listings", "notes", "status", "duplicate_of_id",
                 "story_id", "created_at"],
                [(pk, outlet, f"https://news.example/{pk}", "", title, "", when, "en", body,
                  json_empty, "", "", "text", f"{pk:064x}", json_obj, json_empty, json_empty,
                  json_empty, "", 0.0, json_empty, json_empty, "enriched", dup, story, when)
                 for pk, outlet, title, body, when, dup, story in batch["article"]],
            )
            _load(
                "news_mention",
                ["id", "article_id", "entity_id", "name", "role", "salience", "spans",
                 "published"],
                [(pk, a, e, f"Entity {e}", "", s, json_empty, when)
                 for pk, a, e, s, when in batch["mention"]],
            )
            _load(
                "news_storykey", ["id", "story_id", "key", "last_published", "rank"],
                batch["storykey"],
            )
            _load(
                "news_articletag",
                ["id", "article_id", "tag_id", "score", "position", "published"],
                [(pk, a, t, 0.5, pos, when) for pk, a, t, pos, when in batch["tag"]],
            )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("news_story", "news_article", "news_mention", "news_articletag",
                          "news_entity", "news_tag", "news_storykey"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _entities_and_tags() -> None:
    from django.db import transaction

    with transaction.atomic():
        _load(
            "news_entity",
            ["id", "name", "type", "key", "role", "article_count"],
            [(pk, "United States" if pk == 1 else f"Entity {pk}", "place", f"place:{pk}", "", 0)
             for pk in range(1, GENERIC_ENTITIES + TAIL_ENTITIES + 2)],
        )
        _load("news_tag", ["id", "name", "slug"],
              [(pk, f"Tag{pk}", f"tag{pk}") for pk in range(1, TAGS + 2)])


# --- the implementation before this change, kept as the peer ----------------------------

BEFORE_SCAN = 400


def article_related_before(article: Any, limit: int = 8) -> list[Any]:
    """``selectors.article_related`` as it was before the index scans (commit fbf9314)."""
    from django.db.models import F, Q

    from broadsheet.site.news.models import ArticleTag, Mention
    from broadsheet.site.news.related_selectors import RELATED_ENTITIES, RELATED_TAGS
    from broadsheet.site.news.selectors import (
        RelatedEntry,
        _newest_first,
        _story_outlets,
        original_articles,
    )

    original = article.duplicate_of if article.duplicate_of_id else article
    excluded = {article.pk, original.pk}
    entries: list[RelatedEntry] = []
    if original.story_id is not None:
        same_story = list(
            _newest_first(
                original_articles().filter(story_id=original.story_id).exclude(pk__in=excluded)
            )[:limit]
        )
        if same_story:
            outlets = _story_outlets([original.story_id]).get(original.story_id, 0)
            why = f"same story · {outlets} outlet{'s' if outlets != 1 else ''}"
            entries += [RelatedEntry(a, why) for a in same_story]
            excluded |= {a.pk for a in same_story}
    if len(entries) >= limit:
        return entries[:limit]
    scores: dict[int, float] = defaultdict(float)
    reasons: dict[int, tuple[float, str]] = {}

    def credit(article_id: int, weight: float, reason: str) -> None:
        scores[article_id] += weight
        if weight > reasons.get(article_id, (-1.0, ""))[0]:
            reasons[article_id] = (weight, reason)

    other_story = (
        Q(article__story_id=original.story_id) if original.story_id is not None else Q(pk__in=[])
    )
    mine = list(original.mentions.select_related("entity").order_by("-salience")[:RELATED_ENTITIES])
    if mine:
        weight_of = {m.entity_id: (max(m.salience, 0.0) + 0.1, m.entity.name) for m in mine}
        others = (
            Mention.objects.filter(entity_id__in=weight_of, article__duplicate_of__isnull=True)
            .exclude(article_id__in=excluded)
            .exclude(other_story)
            .order_by(F("article__published").desc(nulls_last=True))
            .values_list("article_id", "entity_id", "salience")[:BEFORE_SCAN]
        )
        for article_id, entity_id, salience in others:
            own, name = weight_of[entity_id]
            credit(article_id, own * (max(salience, 0.0) + 0.1), f"also about {name}")
    my_tags = list(original.article_tags.select_related("tag").order_by("position")[:RELATED_TAGS])
    if my_tags:
        tag_names = {t.tag_id: t.tag.name for t in my_tags}
        others_tagged = (
            ArticleTag.objects.filter(tag_id__in=tag_names, article__duplicate_of__isnull=True)
            .exclude(article_id__in=excluded)
            .exclude(other_story)
            .order_by(F("article__published").desc(nulls_last=True))
            .values_list("article_id", "tag_id")[:BEFORE_SCAN]
        )
        for article_id, tag_id in others_tagged:
            credit(article_id, 0.05, f"also tagged #{tag_names[tag_id]}")
    best = [pk for pk, _ in sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))]
    best = best[: limit - len(entries)]
    found = original_articles().in_bulk(best)
    entries += [RelatedEntry(found[pk], reasons[pk][1]) for pk in best if pk in found]
    return entries


# --- measuring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    p50: float
    p95: float
    p99: float
    cpu_p99: float
    queries: float
    entries: float


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def _measure(fn: Callable[[Any], list[Any]], articles: list[Any]) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for article in articles[:20]:  # warm-up: caches, prepared plans
        fn(article)
    times = []
    cpu = []
    sizes = []
    for article in articles:
        started, cpu_started = time.perf_counter(), time.process_time()
        sizes.append(len(fn(article)))
        times.append((time.perf_counter() - started) * 1000.0)
        cpu.append((time.process_time() - cpu_started) * 1000.0)
    counts = []
    for article in articles[:50]:
        with CaptureQueriesContext(connection) as ctx:
            fn(article)
        counts.append(len(ctx.captured_queries))
    return Timing(
        _percentile(times, 0.50), _percentile(times, 0.95), _percentile(times, 0.99),
        _percentile(cpu, 0.99), statistics.fmean(counts), statistics.fmean(sizes),
    )


def _sample(corpus: Corpus, calls: int, rng: random.Random) -> list[Any]:
    from broadsheet.site.news.models import Article

    ids = rng.sample(range(1, corpus.articles + 1), min(calls, corpus.articles))
    found = Article.objects.select_related("source", "story", "duplicate_of").in_bulk(ids)
    return [found[pk] for pk in ids]


def _popularity() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM news_article")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COUNT(*) FROM news_mention WHERE entity_id = 1"
        )
        top = cursor.fetchone()[0]
    return f"top entity in {100.0 * top / max(total, 1):.1f} % of articles"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--baseline-calls", type=int, default=1000,
                        help="calls of the old implementation per size (it is slow at 1M)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--existing", action="store_true",
                        help="measure the corpus already in the database (no load)")
    args = parser.parse_args(argv)
    setup_django("broadsheet-related-")
    from django.db import connection

    from broadsheet.site.news.selectors import article_related

    rng = random.Random(args.seed)
    corpus = Corpus()
    if args.existing:
        from broadsheet.site.news.models import Article, ArticleTag, Mention, Story

        corpus = Corpus(Article.objects.count(), Story.objects.count(),
                        Mention.objects.count(), ArticleTag.objects.count())
        args.sizes = str(corpus.articles)
    else:
        _entities_and_tags()
    print(f"database: {connection.vendor}")
    print("| articles | load s | new p50 | p95 | p99 ms | cpu p99 | q/call | entries | "
          "before p50 | p95 | p99 ms | cpu p99 | q/call | p50 before/new | p99 before/new |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        load = 0.0 if args.existing else _grow(corpus, size, rng)
        articles = _sample(corpus, args.calls, random.Random(args.seed + size))
        new = _measure(article_related, articles)
        old = _measure(article_related_before, articles[: args.baseline_calls])
        print(
            f"| {corpus.articles:,} | {load:.0f} | {new.p50:.2f} | {new.p95:.2f} | {new.p99:.2f}"
            f" | {new.cpu_p99:.2f} | {new.queries:.1f} | {new.entries:.1f} | {old.p50:.2f}"
            f" | {old.p95:.2f} | {old.p99:.2f} | {old.cpu_p99:.2f} | {old.queries:.1f}"
            f" | {old.p50 / new.p50:.1f}x | {old.p99 / new.p99:.1f}x |",
            flush=True,
        )
        print(f"<!-- {corpus.articles:,} articles, {corpus.mentions:,} mentions,"
              f" {corpus.tags:,} article tags, {corpus.stories:,} stories;"
              f" {_popularity()}; before measured on {min(args.baseline_calls, len(articles))}"
              " calls -->", flush=True)


if __name__ == "__main__":
    main()
