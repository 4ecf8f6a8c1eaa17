"""The database the site tests run on is the one asked for."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_runs_on_requested_database() -> None:
    wanted = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == wanted


@pytest.mark.django_db
def test_search_index_exists() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'news_article_fts'")
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = 'news_article_search'"
            )
        assert cursor.fetchone() is not None


@pytest.mark.django_db
def test_copies_index_is_partial_so_originals_are_not_planned_through_it() -> None:
    """"duplicate_of IS NULL" (every original) must not be answered through an index.

    With a plain index, SQLite's statistics (after ANALYZE) count the NULLs as one value
    of ~N/distinct rows, so the planner took "the newest originals" through it and
    scanned all originals (0.5 s at 1M articles). Only copies are indexed now.
    """
    from broadsheet.site.news.models import Article
    from broadsheet.site.news.selectors import original_articles

    from .factories import make_article

    originals = [make_article() for _ in range(120)]
    for original in originals[:12]:
        make_article(duplicate_of=original)
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, table)
        cursor.execute("ANALYZE")
        on_copies = [
            name for name, info in indexes.items()
            if info["index"] and info["columns"] == ["duplicate_of_id"]
        ]
        assert on_copies == ["article_copies"]
        sql, params = original_articles().order_by("-published")[:20].query.sql_with_params()
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(explain + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "article_copies" not in plan and "news_article_duplicate_of_id" not in plan
    # The copies of one original are still found through the partial index's rows.
    assert set(originals[0].copies.values_list("duplicate_of", flat=True)) == {originals[0].pk}
