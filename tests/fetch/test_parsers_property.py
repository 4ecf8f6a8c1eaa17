"""Parsers never raise anything but BroadsheetError, whatever bytes they are given."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.errors import BroadsheetError
from broadsheet.fetch import decode_text, parse_feed, parse_opml, parse_sitemap

# Fragments that steer random bytes into the parsers' interesting paths.
_PIECES = st.sampled_from(
    [
        b"<rss version='2.0'>",
        b"<channel>",
        b"<item>",
        b"<title>",
        b"</title>",
        b"</item>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'>",
        b"<entry>",
        b"<urlset>",
        b"<url><loc>",
        b"https://x.example/",
        b"</loc></url>",
        b"<opml><body>",
        b"<outline xmlUrl='u'/>",
        b'{"version": "https://jsonfeed.org/version/1", "items": [',
        b"]}",
        b"<!DOCTYPE x>",
        b"&amp;",
        b"\xff\xfe",
        b"\x00",
        b"<![CDATA[",
        b"]]>",
        b"\x1f\x8b",
    ]
)
_DOCUMENTS = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(_PIECES, st.binary(max_size=10)), max_size=25).map(b"".join),
)


@settings(max_examples=300)
@given(_DOCUMENTS)
def test_parsers_raise_only_broadsheet_errors(document: bytes) -> None:
    for parse in (parse_feed, parse_sitemap, parse_opml):
        try:
            parse(document)
        except BroadsheetError:
            pass


@given(
    st.binary(max_size=500),
    st.one_of(st.none(), st.just("text/html; charset=bogus"), st.just("text/xml; charset=utf-16")),
)
def test_decode_text_never_raises(document: bytes, content_type: str | None) -> None:
    assert isinstance(decode_text(document, content_type), str)
