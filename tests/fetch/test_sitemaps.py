"""Sitemaps: Google News, plain XML, text, gzip and indexes; hostile input refused."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from broadsheet.errors import FeedError, ResponseTooLarge
from broadsheet.fetch import parse_sitemap


def test_google_news_sitemap(tests_data: Path) -> None:
    sitemap = parse_sitemap((tests_data / "fetch" / "sitemap_news.xml").read_bytes())
    assert sitemap.is_news and sitemap.sitemaps == ()
    first, second = sitemap.entries
    assert first.url == "https://riverside.example/news/river-path"
    assert first.title == "River path to be extended"
    assert first.published == datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
    assert (first.language, first.publication) == ("en", "Riverside Gazette")
    assert second.lastmod == datetime(2026, 3, 2, tzinfo=UTC)


def test_sitemap_index(tests_data: Path) -> None:
    sitemap = parse_sitemap((tests_data / "fetch" / "sitemap_index.xml").read_bytes())
    assert sitemap.entries == ()
    assert sitemap.sitemaps == (
        "https://riverside.example/sitemap-news.xml",
        "https://riverside.example/sitemap-2025.xml",
    )


def test_gzipped_and_text_sitemaps(tests_data: Path) -> None:
    xml = (tests_data / "fetch" / "sitemap_news.xml").read_bytes()
    assert len(parse_sitemap(gzip.compress(xml)).entries) == 2
    text = parse_sitemap((tests_data / "fetch" / "sitemap.txt").read_bytes())
    assert [e.url for e in text.entries] == ["https://riverside.example/a", "https://riverside.example/b"]


@pytest.mark.parametrize(
    "payload",
    [b"", b"<html><body/></html>", b"<urlset", b"just some words\n", b"\x1f\x8bnot gzip"],
)
def test_non_sitemaps_raise(payload: bytes) -> None:
    with pytest.raises(FeedError):
        parse_sitemap(payload)


def test_entity_declarations_refused(tests_data: Path) -> None:
    with pytest.raises(FeedError, match="entit"):
        parse_sitemap((tests_data / "fetch" / "billion_laughs.xml").read_bytes())


def test_gzip_bomb_sitemap_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 60_000_000)
    with pytest.raises(ResponseTooLarge):
        parse_sitemap(bomb)


def test_too_many_entries_refused() -> None:
    body = "".join(f"<url><loc>https://s.example/{n}</loc></url>" for n in range(50_001))
    with pytest.raises(ResponseTooLarge):
        parse_sitemap(f"<urlset>{body}</urlset>".encode())
