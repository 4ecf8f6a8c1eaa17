"""Extraction never crashes: any input gives an Article or a typed BroadsheetError."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.errors import BroadsheetError, EmptyInput, InputTooLarge, UnsupportedInput
from broadsheet.pipeline.extract import extract
from broadsheet.pipeline.extract.decoding import MAX_DECODED_CHARS
from broadsheet.types import Article, RawDocument

PAGE = (
    Path(__file__).resolve().parents[2] / "data" / "extract" / "html" / "structured.html"
).read_text("utf-8")
TAGS = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<article>",
    "<ul><li>",
    "<h1>",
    "&amp;",
    "&#0;",
    "<![CDATA[",
    "<meta charset='utf-16'>",
    "\x00",
    "<table><tr><td>",
    "<?xml ?>",
    "<rss>",
    '{"id":1}',
]


def _check(raw: RawDocument, fast: bool = False) -> None:
    try:
        article = extract(raw, fast=fast)
    except BroadsheetError as error:
        assert error.reason
        return
    assert isinstance(article, Article)
    assert article.title.strip(), "an extracted article always has a title"
    for paragraph in article.paragraphs:
        assert article.body[paragraph.start : paragraph.end] == paragraph.text


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(RawDocument(data))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000), st.sampled_from(["auto", "html", "page-text", "article-text"]))
def test_arbitrary_text_in_any_format(text: str, fmt: str) -> None:
    _check(RawDocument(text, input_format=fmt))  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(PAGE)),
    st.integers(0, len(PAGE)),
    st.lists(st.tuples(st.integers(0, len(PAGE)), st.sampled_from(TAGS)), max_size=8),
    st.booleans(),
)
def test_mutated_pages(cut: int, drop: int, inserts: list[tuple[int, str]], fast: bool) -> None:
    page = PAGE[:cut] + PAGE[cut + drop // 10 :]
    for position, tag in sorted(inserts, reverse=True):
        page = page[:position] + tag + page[position:]
    _check(RawDocument(page), fast=fast)
    _check(RawDocument(page.encode("utf-8")), fast=fast)


def test_deeply_nested_markup() -> None:
    page = "<html><body>" + "<div>" * 5000 + "<p>Deep text. " * 20 + "</div>" * 5000
    _check(RawDocument(page))


def test_truncated_html() -> None:
    _check(RawDocument(PAGE[: len(PAGE) // 2]))


def test_wrong_charset_declaration() -> None:
    data = PAGE.replace('charset="utf-8"', 'charset="koi8-r"').encode("utf-8")
    article = extract(RawDocument(data))
    assert "tidal" in article.body


def test_whitespace_only_is_empty() -> None:
    with pytest.raises(EmptyInput):
        extract(RawDocument(" \n\t "))


def test_binary_is_unsupported() -> None:
    with pytest.raises(UnsupportedInput):
        extract(RawDocument(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4))


def test_too_large() -> None:
    with pytest.raises(InputTooLarge):
        extract(RawDocument("a" * (MAX_DECODED_CHARS + 1)))


def test_gzip_page() -> None:
    article = extract(RawDocument(gzip.compress(PAGE.encode("utf-8"))))
    assert "tidal" in article.body


@pytest.mark.slow
def test_ten_megabyte_page_still_works() -> None:
    filler = "<div class='ad'><a href='/x'>link</a></div>\n" * 230_000
    page = PAGE.replace("<footer>", filler + "<footer>")
    assert len(page) > 10_000_000
    article = extract(RawDocument(page))
    assert "tidal" in article.body


def test_runaway_json_ld_is_ignored() -> None:
    page = (
        '<html><head><script type="application/ld+json">'
        + "[" * 100_000
        + "</script></head><body><p>"
        + "A sentence of the article body, long enough to count. " * 5
        + "</p></body></html>"
    )
    assert extract(RawDocument(page)).body.startswith("A sentence of the article body")
