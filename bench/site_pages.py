"""Benchmark: how fast the site's pages render, and indexed search against a scan.

Builds a throwaway newsroom (``--articles`` articles in stories of 1-5 outlets, with
mentions, quotes, hashtags, copies and comments) in a fresh SQLite database under a
temporary BROADSHEET_HOME (or in the database DATABASE_URL names: use an empty one),
then, in the same run:

1. renders each page (home, article, story, entity, tag, search) ``--repeat`` times
   through Django's test client and prints the median time and the query count;
2. compares search through the full-text index (``news.search.article_search``: FTS5
   MATCH on SQLite, ``websearch_to_tsquery`` on PostgreSQL) with the obvious peer, an
   ORM ``title__icontains | body__icontains`` scan, for the same words, printing the
   ratio. Nothing is asserted on time.

    .venv/bin/python bench/site_pages.py [--articles 5000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402

# A Zipf-like vocabulary (word n drawn with weight 1/n) so that search words have the
# spread of frequencies of real text: a few common words, a long tail of rare ones.
_SYLLABLES = "ka lo mi ra te su no ve di pa go ri fe lu ba to".split()
WORDS = sorted({a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES})
random.Random(3).shuffle(WORDS)
WEIGHTS = [1.0 / (n + 1) for n in range(len(WORDS))]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, WEIGHTS, k=9)
    return " ".join(words).capitalize() + "."


def _build(count: int, rng: random.Random) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from broadsheet.site.comments.models import Comment
    from broadsheet.site.news.models import (
        Article,
        ArticleTag,
        Entity,
        Mention,
        Quote,
        Story,
        Tag,
    )

    start = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    with transaction.atomic():
        entities = [
            Entity.objects.create(name=f"Person {n}", type="person", key=f"person:{n}")
            for n in range(200)
        ]
        tags = [Tag.objects.create(name=f"Topic{n}", slug=f"topic{n}") for n in range(100)]
        user = get_user_model().objects.create_user("bench", password="bench-pass-123")
        made = 0
        first = None
        while made < count:
            story = Story.objects.create(label=_sentence(rng)[:60])
            for outlet in range(rng.randint(1, 5)):
                paragraphs, body_parts, offset = [], [], 0
                for _ in range(8):
                    text = " ".join(_sentence(rng) for _ in range(3))
                    paragraphs.append({"text": text, "start": offset, "end": offset + len(text),
                                       "kind": "p"})
                    body_parts.append(text)
                    offset += len(text) + 2
                body = "\n\n".join(body_parts)
                when = start - timedelta(minutes=made * 7)
                article = Article.objects.create(
                    title=_sentence(rng)[:80], body=body, paragraphs=paragraphs,
                    source_name=f"Outlet {outlet}", url=f"https://o{outlet}.example/{made}",
                    published=when, content_hash=f"{made:064d}", story=story,
                    summary=[{"text": paragraphs[0]["text"], "start": 0,
                              "end": paragraphs[0]["end"], "sentence": 0}],
                )
                first = first or article
                for entity in rng.sample(entities, 4):
                    Mention.objects.create(article=article, entity=entity, name=entity.name,
                                           salience=rng.random(),
                                           spans=[{"text": "x", "start": 5, "end": 6}])
                    Quote.objects.create(article=article, speaker_entity=entity,
                                         speaker=entity.name, text=_sentence(rng), start=0,
                                         end=10)
                for position, tag in enumerate(rng.sample(tags, 3)):
                    ArticleTag.objects.create(article=article, tag=tag, position=position)
                if rng.random() < 0.1:
                    Article.objects.create(
                        title=article.title + " (copy)", body=body, paragraphs=paragraphs,
                        source_name="Wire", published=when, content_hash=f"c{made:063d}",
                        duplicate_of=article, story=story,
                    )
                for _ in range(rng.randint(0, 3)):
                    Comment.objects.create(article=article, user=user, body=_sentence(rng))
                made += 1
    assert first is not None
    return {"article": first.pk, "story": first.story_id, "entity": entities[0].pk}


def _settle(connection) -> None:
    """Bring the database to its steady state after the bulk load (what autovacuum /
    a periodic ANALYZE do on a running site): fresh planner statistics, GIN pending list
    merged on PostgreSQL, FTS5 segments merged on SQLite. Without this PostgreSQL
    plans a sequential scan over the just-loaded table."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            connection.connection.autocommit = True
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("INSERT INTO news_article_fts(news_article_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")


def _time(fn, repeat: int) -> tuple[float, int]:
    from django.db import connection, reset_queries

    times = []
    queries = 0
    for _ in range(repeat):
        reset_queries()
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
        queries = len(connection.queries)
    return statistics.median(times) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_django("broadsheet-bench-")
    from django.conf import settings
    from django.db import connection
    from django.db.models import Q
    from django.test import Client
    from django.urls import reverse

    from broadsheet.site.news.models import Article
    from broadsheet.site.news.search import article_search

    settings.DEBUG = True  # record queries for the counts
    rng = random.Random(7)
    began = time.perf_counter()
    ids = _build(args.articles, rng)
    print(f"built {Article.objects.count()} articles on {connection.vendor} "
          f"in {time.perf_counter() - began:.1f}s")
    _settle(connection)
    client = Client()
    pages = {
        "home": reverse("news:home"),
        "home page 5": reverse("news:home") + "?page=5",
        "article": reverse("news:article", args=[ids["article"]]),
        "story": reverse("news:story", args=[ids["story"]]),
        "entity": reverse("news:entity", args=[ids["entity"]]),
        "tag": reverse("news:tag", args=["topic1"]),
        "search": reverse("news:search") + f"?q={WORDS[40]}+{WORDS[90]}",
    }
    print(f"{'page':<14}{'median ms':>10}{'queries':>9}")
    for name, url in pages.items():
        def fetch(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        ms, queries = _time(fetch, args.repeat)
        print(f"{name:<14}{ms:>10.1f}{queries:>9}")

    print("\nsearch: index vs scan (same words, top 20)")
    # A common word, a mid-frequency pair, rare words (ranks in the Zipf vocabulary).
    for words in ([WORDS[2]], [WORDS[40], WORDS[90]], [WORDS[700]], [WORDS[3000]]):
        text = " ".join(words)

        def indexed(text: str = text) -> None:
            article_search(text, limit=20)

        def scan(words: list[str] = words) -> None:
            query = Q()
            for word in words:
                query &= Q(title__icontains=word) | Q(body__icontains=word)
            list(Article.objects.filter(query, duplicate_of__isnull=True)
                 .order_by("-published")[:20])
            Article.objects.filter(query, duplicate_of__isnull=True).count()

        index_ms, _ = _time(indexed, args.repeat)
        scan_ms, _ = _time(scan, args.repeat)
        print(f"  {text!r:<26} index {index_ms:7.1f} ms   scan {scan_ms:7.1f} ms   "
              f"scan/index {scan_ms / index_ms:5.1f}x")


if __name__ == "__main__":
    main()
