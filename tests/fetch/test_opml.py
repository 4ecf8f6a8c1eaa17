"""OPML import/export round-trips every feed with its title and folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.errors import FeedError
from broadsheet.fetch import OpmlFeed, parse_opml, write_opml


def test_parse_nested_folders(tests_data: Path) -> None:
    feeds = parse_opml((tests_data / "fetch" / "subscriptions.opml").read_bytes())
    assert feeds == [
        OpmlFeed("https://riverside.example/feeds/all.rss", "Riverside Gazette", ("Local",),
                 "https://riverside.example/"),
        OpmlFeed("https://harbour.example/atom.xml", "Harbour Notes", ("Local", "Boats")),
        OpmlFeed("https://valley.example/feed.json", "Valley Wire", ()),
    ]


def test_round_trip_of_fixture(tests_data: Path) -> None:
    feeds = parse_opml((tests_data / "fetch" / "subscriptions.opml").read_bytes())
    assert parse_opml(write_opml(feeds)) == feeds


# XML 1.0 cannot carry control characters; names are stripped of outer white space.
_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=20,
).map(str.strip).filter(bool)
_feeds = st.builds(
    OpmlFeed,
    url=st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9/]{0,10}", fullmatch=True),
    title=st.one_of(st.none(), _names),
    folder=st.lists(_names, max_size=3).map(tuple),
    html_url=st.one_of(st.none(), st.just("https://home.example/")),
)


@given(st.lists(_feeds, max_size=12))
def test_round_trip_property(feeds: list[OpmlFeed]) -> None:
    back = parse_opml(write_opml(feeds))
    # Feeds come back grouped by folder (in order of first appearance), each folder
    # keeping its feeds' order; the multiset of feeds is unchanged.
    assert sorted(back, key=repr) == sorted(feeds, key=repr)


@pytest.mark.parametrize("payload", [b"", b"<html/>", b"<opml><head/></opml>", b"<opml"])
def test_not_opml(payload: bytes) -> None:
    with pytest.raises(FeedError):
        parse_opml(payload)


def test_entities_refused(tests_data: Path) -> None:
    with pytest.raises(FeedError):
        parse_opml((tests_data / "fetch" / "billion_laughs.xml").read_bytes())
