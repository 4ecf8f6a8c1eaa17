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
