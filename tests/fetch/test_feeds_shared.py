"""The feedparser test corpus (../shared/data/feeds) through parse_feed.

Each file's ``Expect:`` line is a feedparser assertion. We check what maps onto our
model: files expected to parse cleanly ("not bozo") parse without error and their
asserted feed title, item title, link and id equal ours; files expected to be
malformed ("bozo") give a FeedError or a tolerant parse with ``bozo`` set. No file
may raise anything else. The two files declaring entities are refused by policy
(defusedxml's: no entity declarations at all).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from broadsheet.errors import BroadsheetError, FeedError
from broadsheet.fetch import parse_feed

ENTITY_POLICY = {
    "wellformed/rss/entity_in_doctype.xml",
    "wellformed/rdf/doctype_contains_entity_decl.xml",
}
_CLAUSE = re.compile(
    r"(feed|entries\[0\])\[['\"](title|link|id|guid)['\"]\]\s*==\s*(u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\")"
)
_HEADER = re.compile(r"^Header:\s*content-type:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in {".xml", ".json"})


def _comment(content: bytes) -> str:
    for codec in ("utf-8", "utf-16", "utf-32"):
        try:
            text = content.decode(codec)
        except UnicodeDecodeError:
            continue
        if "Expect:" in text:
            return text[:2000]
    return content[:2000].decode("latin-1")


def test_feedparser_corpus(shared_data: Path) -> None:
    root = shared_data / "feeds" / "feedparser-tests"
    files = _files(root)
    assert len(files) >= 400
    checked_fields = 0
    unexpected: list[str] = []
    for path in files:
        name = str(path.relative_to(root))
        content = path.read_bytes()
        comment = _comment(content)
        expect = next((line for line in comment.splitlines() if "Expect:" in line), "")
        header = _HEADER.search(comment)
        content_type = header.group(1).strip() if header else None
        wants_clean = "not bozo" in expect
        try:
            feed = parse_feed(content, url="http://example.com/feed", content_type=content_type)
        except FeedError as exc:
            if name in ENTITY_POLICY:
                assert "entit" in str(exc)
                continue
            if wants_clean and name.startswith("wellformed"):
                unexpected.append(f"{name}: {exc}")
            continue
        except BroadsheetError as exc:  # e.g. ResponseTooLarge: still a typed outcome
            unexpected.append(f"{name}: {exc!r}")
            continue
        if name in ENTITY_POLICY:
            unexpected.append(f"{name}: entity declaration was not refused")
        if expect.split("Expect:", 1)[-1].strip().startswith("bozo") and feed.bozo is None:
            unexpected.append(f"{name}: expected a tolerant (bozo) parse")
        for scope, key, literal in _CLAUSE.findall(expect):
            expected = ast.literal_eval(literal.lstrip("u"))
            if scope == "feed":
                actual = {"title": feed.title, "link": feed.link}.get(key, expected)
            else:
                if not feed.items:
                    unexpected.append(f"{name}: no items")
                    continue
                item = feed.items[0]
                actual = {"title": item.title, "link": item.url, "id": item.guid,
                          "guid": item.guid}[key]
            checked_fields += 1
            if actual != expected:
                unexpected.append(f"{name}: {scope}.{key} = {actual!r}, expected {expected!r}")
    assert checked_fields >= 40
    assert unexpected == []


@pytest.mark.parametrize("sub", ["wellformed/rss", "wellformed/atom10", "wellformed/rdf"])
def test_wellformed_feeds_mostly_have_items_or_titles(shared_data: Path, sub: str) -> None:
    root = shared_data / "feeds" / "feedparser-tests" / sub
    files = _files(root)
    parsed = 0
    for path in files:
        try:
            feed = parse_feed(path.read_bytes(), url="http://example.com/feed")
        except FeedError:
            continue
        parsed += 1
        for item in feed.items:
            assert item.identity  # every item gets an identity
    assert parsed >= len(files) - 2


def test_json_feed_example(shared_data: Path) -> None:
    path = shared_data / "feeds" / "feedparser-tests" / "json" / "example.json"
    feed = parse_feed(path.read_bytes(), url="https://example.org/feed.json")
    assert feed.title == "My Example Feed" and len(feed.items) == 2
    assert feed.items[0].categories == ("test", "JSON")
