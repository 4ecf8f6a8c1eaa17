"""Feed auto-discovery from home pages."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.fetch import DiscoveredFeed, discover_feeds


def test_link_alternates_resolved_against_base(tests_data: Path) -> None:
    page = (tests_data / "fetch" / "home.html").read_bytes()
    assert discover_feeds(page, "https://www.riverside.example/index.html") == [
        DiscoveredFeed("https://riverside.example/feeds/all.rss", "All news", "rss"),
        DiscoveredFeed("https://riverside.example/feeds/sport.atom", "Sport", "atom"),
        DiscoveredFeed("https://riverside.example/feed.json", None, "json"),
    ]


def test_feed_like_anchors_when_no_links(tests_data: Path) -> None:
    page = (tests_data / "fetch" / "home_anchors.html").read_bytes()
    assert discover_feeds(page, "https://blog.example/post/1") == [
        DiscoveredFeed("https://blog.example/feed/", "Subscribe via RSS", "rss")
    ]


def test_nothing_found_is_empty() -> None:
    assert discover_feeds(b"<html><body>no feeds</body></html>", "https://a.example/") == []
    assert discover_feeds(b"", "https://a.example/") == []


@given(st.binary(max_size=2000))
def test_discovery_never_raises_on_bytes(page: bytes) -> None:
    for feed in discover_feeds(page, "https://a.example/"):
        assert feed.url.startswith(("http://", "https://"))
