"""Benchmark: the JSON API's list paging and search against the obvious peers, in one run.

Builds a throwaway corpus (``--articles`` articles with hashtags and stories) in a fresh
SQLite database under a temporary BROADSHEET_HOME (or in the database DATABASE_URL
names: use an empty one), then, in the same run, comparing like with like (the API's
selector plus its representation against the peer query plus the same representation):

1. pages: page ``--depth`` of the article list by the API's keyset cursor against the
   peer, OFFSET paging (``queryset[offset:offset+limit]``, what Django's Paginator and
   DRF's PageNumberPagination do); prints median times and the ratio;
2. search: the API's ``q`` (FTS5 / tsvector index) against the peer, an ORM
   ``title__icontains | body__icontains`` scan, for a common, a middling and a rare word;
3. for scale (no peer): the full HTTP path of ``/api/articles``, an article detail and
   the latest-articles Atom feed through Django's test client.

Nothing is asserted on time.

    .venv/bin/python bench/api.py [--articles 20000] [--repeat 9] [--depth 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402

_SYLLABLES = "ka lo mi ra te su no ve di pa go ri fe lu ba to".split()
WORDS = sorted({a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES})
random.Random(5).shuffle(WORDS)
# Zipf-like weights so search words range from common to rare, as in real text.
WEIGHTS = [1.0 / (n + 1) for n in range(len(WORDS))]
LIMIT = 20


def _build(count: int, rng: random.Random) -> None:
    import hashlib

    from django.db import transaction

    from broadsheet.site.news.models import Article, ArticleTag, Story, Tag

    start = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    with transaction.atomic():
        tags = [Tag.objects.create(name=f"Tag{n}", slug=f"tag{n}") for n in range(50)]
        stories = [Story.objects.create(label=f"Story {n}") for n in range(count // 4 + 1)]
        batch = []
        for n in range(count):
            body = "\n\n".join(
                " ".join(rng.choices(WORDS, WEIGHTS, k=60)) for _ in range(5)
            )
            batch.append(
                Article(
                    title=" ".join(rng.choices(WORDS, WEIGHTS, k=8)).capitalize(),
                    url=f"https://bench.example/{n}",
                    source_name=f"Outlet {n % 30}",
                    body=body,
                    published=start - timedelta(minutes=n),
                    content_hash=hashlib.sha256(body.encode()).hexdigest(),
                    story=stories[n // 4],
                    summary=[{"text": body[:120], "start": 0, "end": 120, "sentence": 0}],
                )
            )
        Article.objects.bulk_create(batch, batch_size=500)
        links = [
            ArticleTag(article_id=a_id, tag=tags[(a_id * 7 + k) % len(tags)], position=k)
            for a_id in Article.objects.values_list("id", flat=True)
            for k in range(2)
        ]
        ArticleTag.objects.bulk_create(links, batch_size=1000)


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _offset_page(offset: int) -> list[dict[str, object]]:
    from django.db.models import Prefetch
    from django.test import RequestFactory

    from broadsheet.site.api.representation import article_item
    from broadsheet.site.news.models import Article, ArticleTag

    request = RequestFactory().get("/api/articles")
    rows = (
        Article.objects.select_related("source")
        .prefetch_related(
            Prefetch("article_tags", queryset=ArticleTag.objects.select_related("tag"))
        )
        .order_by("-published", "-id")[offset : offset + LIMIT]
    )
    return [article_item(request, a) for a in rows]


def _scan_search(word: str) -> list[dict[str, object]]:
    from django.db.models import Prefetch, Q
    from django.test import RequestFactory

    from broadsheet.site.api.representation import article_item
    from broadsheet.site.news.models import Article, ArticleTag

    request = RequestFactory().get("/api/articles")
    rows = (
        Article.objects.filter(Q(title__icontains=word) | Q(body__icontains=word))
        .select_related("source")
        .prefetch_related(
            Prefetch("article_tags", queryset=ArticleTag.objects.select_related("tag"))
        )
        .order_by("-published", "-id")[:LIMIT]
    )
    return [article_item(request, a) for a in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--depth", type=int, default=200, help="page number to reach")
    args = parser.parse_args(argv)
    setup_django("broadsheet-bench-api-")
    from django.db import connection
    from django.test import Client

    from broadsheet.site.news.models import Article

    rng = random.Random(11)
    began = time.perf_counter()
    _build(args.articles, rng)
    with connection.cursor() as cursor:
        # Planner statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE would leave
        # them: plans change once the database knows the data.
        cursor.execute("ANALYZE")
    print(f"corpus: {args.articles} articles on {connection.vendor}, built and analysed in "
          f"{time.perf_counter() - began:.1f}s")
    client = Client()

    from django.test import RequestFactory

    from broadsheet.site.api import representation, selectors

    request = RequestFactory().get("/api/articles")

    def api_page(cursor: object, q: str | None = None) -> selectors.Page:
        page = selectors.article_list(
            filters=selectors.ArticleFilters(q=q), cursor=cursor, limit=LIMIT  # type: ignore[arg-type]
        )
        [representation.article_item(request, a) for a in page.rows]
        return page

    # 1. Deep page: the cursor of the page is found once, then that page is timed
    # against an OFFSET query for the same page.
    depth = min(args.depth, args.articles // LIMIT)
    cursor = None
    for _ in range(depth - 1):
        cursor = api_page(cursor).next
    cursor_ids = [a.id for a in api_page(cursor).rows]
    offset_ids = [i["id"] for i in _offset_page((depth - 1) * LIMIT)]
    assert cursor_ids == offset_ids, "cursor and offset pages differ"
    first_time = _median(lambda: api_page(None), args.repeat)
    cursor_time = _median(lambda: api_page(cursor), args.repeat)
    offset_time = _median(lambda: _offset_page((depth - 1) * LIMIT), args.repeat)
    offset_first = _median(lambda: _offset_page(0), args.repeat)
    print(f"\narticle list, {LIMIT} per page, median of {args.repeat} (query + shaping):")
    print(f"  {'page':>6} {'API cursor':>11} {'OFFSET peer':>12} {'OFFSET/API':>11}")
    print(f"  {1:6d} {first_time * 1000:9.2f}ms {offset_first * 1000:10.2f}ms "
          f"{offset_first / first_time:10.2f}x")
    print(f"  {depth:6d} {cursor_time * 1000:9.2f}ms {offset_time * 1000:10.2f}ms "
          f"{offset_time / cursor_time:10.2f}x")

    # 2. Search: a common, a middling and a rare word.
    print(f"\nsearch, first page of {LIMIT}, median of {args.repeat} (query + shaping):")
    print(f"  {'word':10} {'hits':>6} {'API (index)':>12} {'scan peer':>10} {'scan/API':>9}")
    for rank in (3, 60, 900):
        word = WORDS[rank]
        hits = Article.objects.filter(body__icontains=word).count()
        api = _median(lambda w=word: api_page(None, w), args.repeat)
        scan = _median(lambda w=word: _scan_search(w), args.repeat)
        print(f"  {word:10} {hits:6d} {api * 1000:10.2f}ms {scan * 1000:8.2f}ms "
              f"{scan / api:8.2f}x")

    # 3. For scale, no peer: the whole HTTP path (middleware, JSON encoding).
    http = _median(lambda: client.get(f"/api/articles?limit={LIMIT}"), args.repeat)
    print(f"\nGET /api/articles?limit={LIMIT}      {http * 1000:8.2f} ms")
    article_id = Article.objects.order_by("-published").values_list("id", flat=True)[0]
    detail = _median(lambda: client.get(f"/api/articles/{article_id}"), args.repeat)
    print(f"GET /api/articles/{{id}}          {detail * 1000:8.2f} ms")
    from django.urls import NoReverseMatch, reverse

    try:
        feed_url = reverse("news:feed-atom")
    except NoReverseMatch:
        print("latest Atom feed: not routed yet (news/urls.py must include feeds_urls)")
    else:
        feed = _median(lambda: client.get(feed_url), args.repeat)
        print(f"latest Atom feed (50 items)      {feed * 1000:8.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
