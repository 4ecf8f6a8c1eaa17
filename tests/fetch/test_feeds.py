"""Feed parsing: our fixtures with their expected fields, hostile XML, and sizes."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from broadsheet.errors import FeedError, ResponseTooLarge
from broadsheet.fetch import parse_feed


@pytest.fixture
def data(tests_data: Path) -> Path:
    return tests_data / "fetch"


def test_rss2_with_teasers(data: Path) -> None:
    feed = parse_feed((data / "rss2_teasers.xml").read_bytes(), url="https://riverside.example/rss")
    assert (feed.title, feed.link, feed.format, feed.language) == (
        "Riverside Gazette", "https://riverside.example/", "rss", "en-gb"
    )
    teaser, full, bare = feed.items
    assert teaser.title == "River path to be extended"
    assert teaser.guid == "rg-1001"
    assert teaser.identity == "guid:https://riverside.example/rss#rg-1001"  # scoped: not a URI
    assert teaser.published == datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
    assert teaser.author == "Ann Example"
    assert teaser.categories == ("Local", "Transport")
    assert not teaser.has_full_text
    # No guid: identity is the canonical URL; whole article in <description>.
    assert full.identity == "url:https://riverside.example/news/mill-museum"
    assert full.has_full_text and full.content_html and "Paragraph 3" in full.content_html
    # No guid, no link: a content hash, stable across parses.
    assert bare.identity.startswith("sha256:")
    again = parse_feed((data / "rss2_teasers.xml").read_bytes(), url="https://riverside.example/rss")
    assert [i.identity for i in again.items] == [i.identity for i in feed.items]


def test_atom_with_full_content(data: Path) -> None:
    feed = parse_feed((data / "atom_fulltext.xml").read_bytes(), url="https://harbour.example/atom.xml")
    assert feed.format == "atom" and feed.title == "Harbour Notes"
    (entry,) = feed.items
    assert entry.url == "https://harbour.example/2026/03/ferry"  # resolved against the feed
    assert entry.identity == "guid:tag:harbour.example,2026:ferry"
    assert entry.has_full_text
    assert entry.summary == "New ferry times from April."
    assert entry.author == "B. Writer" and entry.categories == ("Transport",)


def test_json_feed(data: Path) -> None:
    feed = parse_feed((data / "feed.json").read_bytes(), url="https://valley.example/feed.json")
    assert (feed.format, feed.title, feed.link, feed.language) == (
        "json", "Valley Wire", "https://valley.example/", "en"
    )
    first, second = feed.items
    assert first.identity == "guid:https://valley.example/p/1"
    assert first.content_html == (
        "<p>The orchards reported a record harvest.</p><p>Pickers worked late.</p>"
    )
    assert first.published == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert first.author == "C. Reporter" and first.categories == ("Farming",)
    assert second.guid == "2" and second.identity == "guid:https://valley.example/feed.json#2"
    assert not second.has_full_text


@pytest.mark.parametrize(
    "payload",
    [b"", b"   ", b"<html><body><p>hello</p></body></html>", b'{"a": 1}', b"{not json",
     b"\x00\x01\x02binary", b'{"version": "https://jsonfeed.org/version/1", "items": 3}'],
)
def test_non_feeds_raise_feed_error(payload: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(payload, url="https://x.example/")


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_entity_declarations_are_refused_fast(data: Path, name: str) -> None:
    started = time.monotonic()
    with pytest.raises(FeedError, match="entit"):
        parse_feed((data / name).read_bytes())
    assert time.monotonic() - started < 2


def test_billion_laughs_in_utf16_is_refused(data: Path) -> None:
    text = (data / "billion_laughs.xml").read_text().replace('<?xml version="1.0"?>', "")
    with pytest.raises(FeedError, match="entit"):
        parse_feed(text.encode("utf-16"))


def test_invalid_utf8_is_tolerated(data: Path) -> None:
    feed = parse_feed((data / "invalid_utf8.xml").read_bytes())
    assert feed.items and feed.items[0].url == "https://cafe.example/1"
    assert feed.bozo is not None  # the reason a tolerant parse was needed


def _many_items(count: int) -> bytes:
    item = "<item><title>t{0}</title><link>https://many.example/{0}</link></item>"
    body = "".join(item.format(n) for n in range(count))
    return f'<rss version="2.0"><channel><title>many</title>{body}</channel></rss>'.encode()


def test_feed_of_100000_items_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge, match="items"):
        parse_feed(_many_items(100_000))
    assert time.monotonic() - started < 2


def test_feed_of_many_items_within_limit_parses() -> None:
    feed = parse_feed(_many_items(2000), max_items=5000)
    assert len(feed.items) == 2000
    assert len({i.identity for i in feed.items}) == 2000


def test_parse_feed_never_reads_a_file_named_by_the_body(tmp_path: Path) -> None:
    # feedparser opens a str/bytes argument as a file name if it can: we never let it.
    secret = tmp_path / "secret.xml"
    secret.write_bytes(_many_items(1))
    with pytest.raises(FeedError):
        parse_feed(str(secret).encode())
