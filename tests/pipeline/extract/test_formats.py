"""Format detection by content, and JSONL article imports."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from broadsheet.errors import InputError, UnsupportedInput
from broadsheet.pipeline.extract import detect_format, extract, parse_articles_jsonl
from broadsheet.types import RawDocument

ARTICLE = (
    "Harbour reopens after storm repairs\n\n"
    "The harbour reopened to fishing boats on Monday after three weeks of repairs.\n\n"
    "Engineers replaced two sections of the sea wall, the port authority said.\n"
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hi there.</p></body></html>", "html"),
        ("  \n<div><p>Fragment of a page.</p></div>", "html"),
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
            "feed",
        ),
        (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
            "feed",
        ),
        (
            '{"id": 1, "title": "A", "text": "B"}\n{"id": 2, "title": "C", "text": "D"}\n',
            "articles-jsonl",
        ),
        (ARTICLE, "article-text"),
    ],
)
def test_detect_format_by_content(content: str, expected: str) -> None:
    assert detect_format(RawDocument(content)) == expected
    assert detect_format(RawDocument(content.encode("utf-8"))) == expected


def test_detect_format_ignores_a_misleading_name_and_type() -> None:
    raw = RawDocument(ARTICLE, name="page.html", content_type="text/html")
    assert detect_format(raw) == "article-text"


def test_article_text_body_is_the_input_unchanged() -> None:
    article = extract(RawDocument(ARTICLE, input_format="auto"))
    assert article.input_format == "article-text"
    assert article.body == ARTICLE
    assert article.title == "Harbour reopens after storm repairs"
    assert [p.text[:12] for p in article.paragraphs] == [
        "Harbour reop",
        "The harbour ",
        "Engineers re",
    ]
    for paragraph in article.paragraphs:
        assert ARTICLE[paragraph.start : paragraph.end] == paragraph.text


def test_article_text_single_newlines_split_lines() -> None:
    text = "Title line\nFirst paragraph here.\nSecond paragraph here."
    article = extract(RawDocument(text, input_format="article-text"))
    assert [p.text for p in article.paragraphs] == [
        "Title line",
        "First paragraph here.",
        "Second paragraph here.",
    ]


@pytest.mark.parametrize("fmt", ["feed", "articles-jsonl"])
def test_multi_article_formats_must_be_expanded_first(fmt: str) -> None:
    with pytest.raises(UnsupportedInput, match="expand it first"):
        extract(RawDocument("anything", input_format=fmt))  # type: ignore[arg-type]


def test_parse_articles_jsonl_yields_documents_and_errors() -> None:
    lines = [
        json.dumps(
            {
                "id": "a1",
                "title": "First",
                "text": "Body one.",
                "url": "https://x.test/1",
                "source": "Wire",
                "published": "2025-05-09T10:00:00+02:00",
            }
        ),
        "",
        "{not json",
        json.dumps({"id": 7, "title": "No zone", "text": "Body.", "published": "2025-05-09"}),
        json.dumps({"id": 8, "text": "no title"}),
        json.dumps({"id": 9, "title": "Bad date", "text": "x", "published": "yesterday"}),
        json.dumps([1, 2]),
    ]
    results = list(parse_articles_jsonl("\n".join(lines), name="import.jsonl"))
    assert len(results) == 6
    first = results[0]
    assert isinstance(first, RawDocument)
    assert first.name == "import.jsonl:1"
    assert first.input_format == "article-text"
    assert first.content == "Body one."
    assert first.hints.guid == "a1"
    assert first.hints.title == "First"
    assert first.hints.source == "Wire"
    assert first.hints.published is not None and first.hints.published.utcoffset() is not None
    assert isinstance(results[1], InputError) and "line 3" in str(results[1])
    second = results[2]
    assert isinstance(second, RawDocument)
    assert second.hints.guid == "7"
    assert second.hints.published == datetime(2025, 5, 9, tzinfo=UTC)
    assert isinstance(results[3], InputError) and "missing title" in str(results[3])
    assert isinstance(results[4], InputError) and "ISO 8601" in str(results[4])
    assert isinstance(results[5], InputError) and "line 7" in str(results[5])


def test_jsonl_document_extracts_with_hints() -> None:
    line = json.dumps({"id": "z", "title": "Given title", "text": "Para one.\n\nPara two."})
    (raw,) = list(parse_articles_jsonl(line, name="f"))
    assert isinstance(raw, RawDocument)
    article = extract(raw)
    assert article.title == "Given title"
    assert article.guid == "z"
    assert article.body == "Para one.\n\nPara two."
