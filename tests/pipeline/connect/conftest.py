"""Fixtures for the connect tests: the small story stream in tests/data/connect."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from broadsheet.types import Article


def load_stream(path: Path) -> list[tuple[str, Article]]:
    """(id, Article) pairs from a tests/data/connect JSONL file (lines without text skipped)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if not record.get("text"):
            continue
        published = record.get("published")
        out.append((record["id"], Article(
            title=record["title"],
            body=record["text"],
            paragraphs=(),
            source=record.get("source"),
            published=datetime.fromisoformat(published) if published else None,
        )))
    return out


@pytest.fixture
def stream(tests_data: Path) -> list[tuple[str, Article]]:
    """The earthquake/budget stream of tests/data/connect/stories.jsonl."""
    return load_stream(tests_data / "connect" / "stories.jsonl")


@pytest.fixture
def expected(tests_data: Path) -> dict[str, dict[str, str | None]]:
    """Expected stories and copies for that stream."""
    return json.loads((tests_data / "connect" / "stories.expected.json").read_text())
