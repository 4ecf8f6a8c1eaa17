"""Pure page helpers: body layout with anchors, offset links, relative times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.site.news.body import anchor_for_offset, body_blocks, sentence_link
from broadsheet.site.news.templatetags.broadsheet import relative_time, web_url

BODY = "First one. Second one.\n\nA heading\n\nItem a\n\nItem b\n\nLast para."


def _paragraphs(body: str, kinds: dict[int, str]) -> list[dict]:
    rows, offset = [], 0
    for n, part in enumerate(body.split("\n\n")):
        rows.append({"text": part, "start": offset, "end": offset + len(part),
                     "kind": kinds.get(n, "p")})
        offset += len(part) + 2
    return rows


SENTENCES = [
    {"start": 0, "end": 10, "paragraph": 0},
    {"start": 11, "end": 22, "paragraph": 0},
    {"start": BODY.index("Last"), "end": len(BODY), "paragraph": 4},
]


def test_blocks_keep_kinds_and_group_list_items():
    blocks = body_blocks(BODY, _paragraphs(BODY, {1: "h2", 2: "li", 3: "li"}), SENTENCES)
    assert [b.kind for b in blocks] == ["p", "h2", "ul", "p"]
    assert [item.anchor for item in blocks[2].items] == ["p3", "p4"]
    assert [(s.text, s.anchor) for s in blocks[0].segments] == [
        ("First one. ", "s1"), ("Second one.", "s2")]
    assert blocks[3].segments[0].anchor == "s3"


def test_unknown_kinds_render_as_paragraphs():
    blocks = body_blocks("x", [{"text": "x", "start": 0, "end": 1, "kind": "script"}])
    assert blocks[0].kind == "p"


def test_body_without_paragraph_data_is_split_on_blank_lines():
    blocks = body_blocks("One.\n\nTwo.", [])
    assert [b.segments[0].text for b in blocks] == ["One.", "Two."]


def test_anchor_for_offset_prefers_the_sentence_then_the_paragraph():
    paragraphs = _paragraphs(BODY, {})
    assert anchor_for_offset(12, paragraphs, SENTENCES) == "s2"
    assert anchor_for_offset(BODY.index("heading"), paragraphs, SENTENCES) == "p2"
    assert anchor_for_offset(len(BODY) + 50, paragraphs, SENTENCES) == ""


def test_sentence_link_only_for_existing_sentences():
    assert sentence_link(1, SENTENCES) == "s2"
    assert sentence_link(7, SENTENCES) == ""
    assert sentence_link("1", SENTENCES) == ""


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@given(st.lists(_text, min_size=1, max_size=8), st.data())
def test_segments_reassemble_each_paragraph_and_anchors_are_unique(parts, data):
    body = "\n\n".join(parts)
    paragraphs, offset = [], 0
    for part in parts:
        paragraphs.append({"text": part, "start": offset, "end": offset + len(part)})
        offset += len(part) + 2
    cuts = data.draw(st.lists(st.integers(0, len(body)), max_size=10, unique=True))
    sentences = [{"start": c, "end": min(c + 5, len(body)), "paragraph": 0} for c in sorted(cuts)]
    blocks = body_blocks(body, paragraphs, sentences)
    assert ["".join(s.text for s in b.segments) for b in blocks] == parts
    anchors = [s.anchor for b in blocks for s in b.segments if s.anchor]
    anchors += [b.anchor for b in blocks]
    assert len(anchors) == len(set(anchors))


@given(st.lists(st.fixed_dictionaries({"text": st.one_of(st.text(max_size=5), st.none()),
                                       "start": st.integers(-5, 50), "kind": st.text(max_size=3)}),
                max_size=5),
       st.integers(-10, 100))
def test_bad_offsets_never_raise(paragraphs, offset):
    body_blocks("some body text", paragraphs, [{"start": "x"}, {"start": 3, "end": 1}])
    anchor_for_offset(offset, paragraphs, [{"start": 3}])


NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "delta,expected",
    [
        (timedelta(seconds=10), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=5), "5 minutes ago"),
        (timedelta(hours=1, minutes=59), "1 hour ago"),
        (timedelta(hours=23), "23 hours ago"),
        (timedelta(hours=30), "yesterday"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(days=40), "18 Oct 2026"),
        (-timedelta(days=2), "29 Nov 2026"),
    ],
)
def test_relative_time(delta, expected):
    assert relative_time(NOW - delta, NOW) == expected


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.just(UTC)))
def test_relative_time_always_says_something(when):
    assert relative_time(when, NOW).strip()


@pytest.mark.parametrize(
    "url,expected",
    [("https://a.example/x", "https://a.example/x"), ("HTTP://a.example", "HTTP://a.example"),
     ("javascript:alert(1)", ""), (" data:text/html,x", ""), (None, ""), ("/relative", "")],
)
def test_web_url_allows_only_http(url, expected):
    assert web_url(url) == expected
