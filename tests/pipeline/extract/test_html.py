"""HTML extraction: structure, metadata and fallbacks on a page we wrote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from broadsheet.errors import NoArticleFound
from broadsheet.pipeline.extract import extract
from broadsheet.types import FeedHints, RawDocument

PAGE = Path(__file__).resolve().parents[2] / "data" / "extract" / "html" / "structured.html"


@pytest.mark.parametrize("fast", [False, True])
def test_structure_and_boilerplate(fast: bool) -> None:
    article = extract(RawDocument(PAGE.read_bytes(), name="structured.html"), fast=fast)
    assert article.input_format == "html"
    kinds = [p.kind for p in article.paragraphs]
    assert "h2" in kinds
    assert kinds.count("li") == 2
    assert "blockquote" in kinds
    assert article.paragraphs[0].text.startswith("A tidal energy scheme in the estuary")
    assert article.paragraphs[-1].text.startswith("Opponents, mostly local fishermen")
    for outside in ("Ferry timetable", "All rights reserved", "Privacy policy", "Weather"):
        assert outside not in article.body
    assert not article.body.startswith("Tidal energy project wins approval")
    for paragraph in article.paragraphs:
        assert article.body[paragraph.start : paragraph.end] == paragraph.text


def test_metadata() -> None:
    article = extract(RawDocument(PAGE.read_bytes(), url="https://mirror.example/x"))
    assert article.title == "Tidal energy project wins approval"
    assert article.url == "https://coastline.example/news/tidal-energy-approval"
    assert article.source == "Coastline Times"
    assert article.byline == "Sam Reed"
    assert article.published == datetime(2024, 4, 2, 8, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.language == "en"
    assert article.image == "https://coastline.example/img/tidal.jpg"
    assert article.description == "A tidal energy scheme in the estuary has been approved."
    assert article.categories == ("Environment",)
    assert [(r.title, r.url) for r in article.related] == [
        ("Ferry timetable changes announced", "https://coastline.example/a")
    ]


def test_hints_fill_what_the_page_lacks() -> None:
    page = (
        "<html><body><article>"
        + "<p>Plain paragraph of a page without any metadata in it, long enough to keep.</p>" * 4
        + "</article></body></html>"
    )
    hints = FeedHints(
        title="From the feed",
        source="Feed Source",
        guid="g-1",
        published=datetime(2024, 1, 1, tzinfo=UTC),
    )
    article = extract(RawDocument(page, url="https://x.example/a", hints=hints))
    assert article.title == "From the feed"
    assert article.source == "Feed Source"
    assert article.guid == "g-1"
    assert article.url == "https://x.example/a"
    assert article.published == hints.published


def test_page_without_article_is_a_typed_outcome() -> None:
    with pytest.raises(NoArticleFound) as info:
        extract(
            RawDocument(
                "<html><body><nav><a href='/'>Home</a></nav></body></html>", name="empty.html"
            )
        )
    assert "empty.html" in str(info.value)


def test_published_from_time_element() -> None:
    page = (
        "<html><body><article><time datetime='2023-05-01T10:00:00Z'>1 May</time>"
        + "<p>A paragraph of the article, long enough to be kept as its body text.</p>" * 3
        + "</article></body></html>"
    )
    article = extract(RawDocument(page))
    assert article.published == datetime(2023, 5, 1, 10, 0, tzinfo=UTC)
