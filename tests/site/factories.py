"""Small builders of stored rows for site tests (plain ORM, no extra library)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from broadsheet.site.news.models import Article, Source, Story

_seq = count(1)


def make_source(**fields: Any) -> Source:
    n = next(_seq)
    defaults: dict[str, Any] = {"name": f"Source {n}", "url": f"https://feeds{n}.example/rss"}
    defaults.update(fields)
    return Source.objects.create(**defaults)


def make_story(**fields: Any) -> Story:
    defaults: dict[str, Any] = {"label": f"Story {next(_seq)}"}
    defaults.update(fields)
    return Story.objects.create(**defaults)


def make_article(**fields: Any) -> Article:
    n = next(_seq)
    body = fields.pop("body", f"Paragraph one of article {n}.\n\nParagraph two of article {n}.")
    defaults: dict[str, Any] = {
        "title": f"Article {n}",
        "url": f"https://news.example/{n}",
        "source_name": "Example News",
        "body": body,
        "paragraphs": [
            {
                "text": part,
                "start": body.index(part),
                "end": body.index(part) + len(part),
                "kind": "p",
            }
            for part in body.split("\n\n")
        ],
        "published": datetime(2026, 11, 27, 9, 0, tzinfo=UTC) - timedelta(minutes=n),
        "content_hash": hashlib.sha256(body.encode()).hexdigest(),
        "language": "en",
    }
    defaults.update(fields)
    return Article.objects.create(**defaults)
