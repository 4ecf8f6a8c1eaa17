"""The site's clustering, measured: bench/stories.py --sections site.

The site does not run :class:`~broadsheet.pipeline.connect.StoryIndex`: it keeps the
same state in database tables (``news/stories.py``) and calls the same pure decision,
split and merge checks, with its own candidate retrieval. This section ingests each
benchmark set through the site's own path (``services.article_ingest``: store, extract,
enrich with spaCy unless ``--site-no-enrich``, connect) into an empty database, in the
clustering section's stream order (ECB+ shuffled with seed 1, Giveme5W1H in published
order), and scores the stored ``Article.story`` against the gold stories with B-cubed.
In the same run, ``StoryIndex`` clusters the *features the site stored*, in the same
order: the gap between the two is the database path alone (retrieval, stored state,
exact document frequencies), not a difference of features.

SQLite in a temporary BROADSHEET_HOME by default; PostgreSQL when DATABASE_URL names
an (empty) database. A document keeps its URL (the site names its outlet by it) unless
another document of the set has the same one (one ECB+ pair does): the site would take
the second for the first page fetched again, so those two, like the ECB+ documents
without a URL, go in without one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from django_setup import setup_django
from stories_data import Doc, bcubed, fmt_scores, stream_order

from broadsheet.pipeline.connect import StoryFeatures, StoryIndex


def _empty() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def _ingest(docs: Sequence[Doc], enricher: object | None) -> dict[str, int]:
    """Ingest ``docs`` in order; returns document id -> stored article row id, in order.

    An exact copy of a stored text is linked to that row (the site's rule), so two
    documents may share a row.
    """
    from broadsheet.site.news.services import article_ingest
    from broadsheet.types import FeedHints, RawDocument

    seen = Counter(doc.article.url for doc in docs)
    rows: dict[str, int] = {}
    for doc in docs:
        article = doc.article
        url = article.url if article.url and seen[article.url] == 1 else None
        outcome = article_ingest(
            raw=RawDocument(
                content=article.body,
                name=url or doc.id,
                url=url,
                input_format="article-text",
                hints=FeedHints(title=article.title, source=article.source,
                                published=article.published),
            ),
            enricher=enricher,  # type: ignore[arg-type]
        )
        if outcome.article is None:
            raise RuntimeError(f"{doc.id}: not stored: {outcome.error}")
        rows[doc.id] = outcome.article.pk
    return rows


def _stored_stories(rows: dict[str, int]) -> dict[str, str]:
    from broadsheet.site.news.models import Article

    stored = dict(Article.objects.filter(pk__in=rows.values()).values_list("pk", "story_id"))
    return {doc_id: str(stored[pk]) for doc_id, pk in rows.items()}


def _index_on_stored(rows: dict[str, int]) -> dict[str, str]:
    from broadsheet.site.news.models import Article

    stored = dict(Article.objects.filter(pk__in=rows.values()).values_list("pk", "features"))
    index = StoryIndex()
    for doc_id, pk in rows.items():
        index.assign(StoryFeatures.from_dict({**stored[pk], "id": doc_id}))
    return {doc_id: index.story_of(doc_id) or doc_id for doc_id in rows}


def _related_precision(rows: dict[str, int], gold: dict[str, str]) -> tuple[float, float]:
    """Precision@5 of the article page's related list, and items shown per article.

    ``selectors.article_related(article, limit=5)`` for every stored article; an item is
    relevant when its document's gold story is the article's (as bench/stories.py's
    related section counts for the pipeline's ``related``).
    """
    from broadsheet.site.news.models import Article
    from broadsheet.site.news.selectors import article_related

    doc_of: dict[int, str] = {}
    for doc_id, pk in rows.items():
        doc_of.setdefault(pk, doc_id)
    articles = Article.objects.in_bulk(set(rows.values()))
    hits = shown = 0
    for doc_id, pk in rows.items():
        for entry in article_related(articles[pk], limit=5):
            other = doc_of.get(entry.article.pk)
            hits += other is not None and gold[other] == gold[doc_id]
            shown += 1
    return (hits / shown if shown else 0.0), shown / len(rows)


def section_site(ecb: list[Doc], giveme: list[Doc], *, enrich: bool = True) -> None:
    """B-cubed of the site's stored stories against StoryIndex on the same features."""
    setup_django("broadsheet-bench-")
    from django.conf import settings

    enricher = None
    if enrich:
        from broadsheet.pipeline.enrich import Enricher

        enricher = Enricher()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    sets = {
        "ecb-dev (seed 1)": stream_order([d for d in ecb if d.split == "dev"], 1),
        "ecb-train (seed 1)": stream_order([d for d in ecb if d.split == "train"], 1),
        "giveme-all": stream_order(giveme, None),
    }
    print(f"\n== Site: stories stored by the site's ingest path ({engine}, "
          f"{'spaCy entities' if enrich else 'no enrichment: name phrases'}) ==")
    print(f"{'set':<22}{'site P/R/F1':>22}{'StoryIndex P/R/F1':>22}  ratio   ms/article"
          "   related P@5 (items/article)")
    for name, docs in sets.items():
        _empty()
        gold = {d.id: d.gold for d in docs}
        started = time.perf_counter()
        rows = _ingest(docs, enricher)
        per_article = (time.perf_counter() - started) / len(docs) * 1000
        ours = bcubed(_stored_stories(rows), gold)
        index = bcubed(_index_on_stored(rows), gold)
        precision, items = _related_precision(rows, gold)
        print(f"{name:<22}{fmt_scores(ours):>22}{fmt_scores(index):>22}  ×{ours[2] / index[2]:.3f}"
              f"  {per_article:8.0f}   {precision:.3f} ({items:.2f})")


def section_site_scale(
    ecb: list[Doc], giveme: list[Doc], total: int, *, recheck: int = 0, resume: int = 0
) -> None:
    """The site's connect step (``stories.article_connect``) on a long synthetic stream.

    The stream of bench/stories_scale.py (the real articles in cycles, every key renamed
    per cycle, one article in ten a copy of a recent one, 2,000 a day), each article
    stored as a bare row and connected as ingestion does, inside one transaction per
    article. Only ``article_connect`` is timed. Renamed keys keep each key's postings
    short, so this measures growth with table size (indexes, the frequency table, the
    story keys), not the cost of keys shared by many stories over the 730-day window,
    which the document-frequency cap (2,000) bounds.

    ``recheck`` (SQLite only): the database is copied before the last block, and that
    block is connected again ``recheck`` times, each in a fresh process on a fresh copy
    (``resume``: this process is one of those; it connects the articles from ``resume``
    on into the database already there). Same rows, same articles: a long-running
    process slower than a fresh one would show here, apart from the machine's noise,
    which the repeats show.
    """
    from stories_scale import synthetic_stream

    from broadsheet.pipeline.connect import features_of

    setup_django("broadsheet-bench-")
    from django.conf import settings
    from django.db import connection, transaction

    from broadsheet.site.news import stories
    from broadsheet.site.news.models import Article, Story, StoryKey, TermFrequency

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    block = max(1000, total // 10)
    if recheck and engine != "sqlite3":
        raise SystemExit("--site-scale-recheck copies the database file: SQLite only")
    if recheck and total % block:
        raise SystemExit(f"--site-scale-recheck: --site-scale {total} is not a whole number "
                         f"of {block}-article blocks")
    if not resume:
        _empty()
    pool = [features_of(d.article, id=d.id) for d in [*ecb, *giveme]]
    snapshot = Path(settings.DATABASES["default"]["NAME"]).with_name("before-last-block.sqlite3")
    if not resume:
        print(f"\n== Site scale: article_connect over a {total:,}-article stream ({engine}) ==")
        print(f"{'articles':>10}{'ms/article (block)':>20}{'cpu ms':>8}{'stories':>9}"
              f"{'story keys':>12}{'term rows':>11}{'copies':>8}")
    spent = cpu = 0.0
    copies = 0
    for n, item in synthetic_stream(pool, total):
        if n < resume:
            continue
        if recheck and n == total - block:
            connection.ensure_connection()
            target = sqlite3.connect(snapshot)
            connection.connection.backup(target)
            target.close()
        assert item.fingerprint is not None
        with transaction.atomic():
            row = Article.objects.create(
                title=item.title[:1000], body="(bench)", content_hash=item.fingerprint.content_hash,
                published=item.published, source_name=item.source or f"outlet{n % 97}",
            )
            c0, t0 = time.thread_time(), time.perf_counter()
            stories.article_connect(
                article=row, features=stories.Features(item, item.fingerprint.content_hash))
            spent += time.perf_counter() - t0
            cpu += time.thread_time() - c0
        copies += row.duplicate_of_id is not None
        if resume and n + 1 == total:
            done = total - resume
            print(f"resumed block: {spent / done * 1000:.1f} {cpu / done * 1000:.1f}")
        elif (n + 1) % block == 0:
            print(f"{n + 1:>10}{spent / block * 1000:>20.1f}{cpu / block * 1000:>8.1f}"
                  f"{Story.objects.count():>9}{StoryKey.objects.count():>12}"
                  f"{TermFrequency.objects.count():>11}{copies:>8}", flush=True)
            spent = cpu = 0.0
    if recheck:
        _recheck(snapshot, total, block, recheck)


def _recheck(snapshot: Path, total: int, block: int, runs: int) -> None:
    """Connect the last block again in ``runs`` fresh processes, each on a fresh copy."""
    print(f"\nlast block ({total - block:,}-{total:,}) again, each in a fresh process on a "
          f"copy of the database taken before it:")
    for run in range(runs):
        home = Path(tempfile.mkdtemp(prefix="broadsheet-bench-recheck-"))
        shutil.copy(snapshot, home / "broadsheet.sqlite3")
        out = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("stories.py")), "--sections",
             "site-scale", "--site-scale", str(total), "--site-scale-resume",
             str(total - block)],
            env={**os.environ, "BROADSHEET_HOME": str(home)},
            check=True, capture_output=True, text=True,
        ).stdout
        wall, cpu = next(line for line in out.splitlines() if line.startswith("resumed"))\
            .split()[-2:]
        print(f"  fresh process {run + 1}: {wall} ms/article, cpu {cpu} ms")
        shutil.rmtree(home)
    snapshot.unlink()
