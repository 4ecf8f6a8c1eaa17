"""Data migrations, run forward from the state before them on a real database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("news", "0006_article_copies_index")]
AFTER = [("news", "0007_undated_story_times")]


def _migrate(target: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_undated_stories_split_before_the_fix_get_their_latest_stored_time() -> None:
    apps = _migrate(BEFORE)
    story_model = apps.get_model("news", "Story")
    article_model = apps.get_model("news", "Article")
    key_model = apps.get_model("news", "StoryKey")
    early, late = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, 8, tzinfo=UTC)
    dated_at = datetime(2026, 2, 1, tzinfo=UTC)
    lost = story_model.objects.create(label="undated, split", last_published=None)
    dated = story_model.objects.create(label="dated", last_published=dated_at)
    empty = story_model.objects.create(label="no articles", last_published=None)
    for n, fetched in enumerate((early, late)):
        article_model.objects.create(title=f"undated {n}", body="b", content_hash=f"u{n}",
                                     fetched_at=fetched, story=lost)
    article_model.objects.create(title="dated", body="b", content_hash="d",
                                 published=dated_at, story=dated)
    key_model.objects.create(story=lost, key="lighthouse", last_published=None)
    key_model.objects.create(story=dated, key="harbour", last_published=dated_at)
    try:
        apps = _migrate(AFTER)
        story_model = apps.get_model("news", "Story")
        key_model = apps.get_model("news", "StoryKey")
        assert story_model.objects.get(pk=lost.pk).last_published == late
        assert key_model.objects.get(key="lighthouse").last_published == late
        assert story_model.objects.get(pk=dated.pk).last_published == dated_at
        assert key_model.objects.get(key="harbour").last_published == dated_at
        assert story_model.objects.get(pk=empty.pk).last_published is None
    finally:
        _migrate(_leaves())


def _leaves() -> list[tuple[str, str]]:
    """Every app's latest migration (the suite's schema)."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
