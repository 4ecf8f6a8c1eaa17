"""Fixtures for the enrich tests: one shared Enricher and an article builder."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.pipeline.enrich import Enricher
from broadsheet.types import Article, Paragraph


def make_article(title: str, paragraphs: list[str], **fields: object) -> Article:
    """An Article whose body is the paragraphs joined by blank lines."""
    spans = []
    pos = 0
    for text in paragraphs:
        spans.append(Paragraph(text, pos, pos + len(text)))
        pos += len(text) + 2
    return Article(title=title, body="\n\n".join(paragraphs), paragraphs=tuple(spans),
                   **fields)  # type: ignore[arg-type]


def load_article(path: Path) -> Article:
    """Read a fixture: title on line 1, paragraphs separated by blank lines."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return make_article(lines[0], [line for line in lines[1:] if line.strip()])


@pytest.fixture(scope="session")
def enricher() -> Enricher:
    """One Enricher for the session (the model loads once)."""
    return Enricher()
