"""URL normalisation: examples and properties (idempotent, only InputError)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.errors import InputError
from broadsheet.fetch import normalise_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM:80/a/../b/?utm_source=x&b=2&a=1#top", "http://example.com/b/?a=1&b=2"),
        ("https://news.example/story?fbclid=abc&gclid=def", "https://news.example/story"),
        ("https://news.example:443", "https://news.example/"),
        ("  https://news.example/x?id=7&utm_medium=rss  ", "https://news.example/x?id=7"),
        ("http://[::1]:8080/p", "http://[::1]:8080/p"),
        ("https://News.Example./path", "https://news.example/path"),
    ],
)
def test_examples(raw: str, expected: str) -> None:
    assert normalise_url(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", "ftp://x.example/", "mailto:a@b.example", "/relative/path", "https://",
            "http://user:pw@host.example/", "http://host.example:99999/"]
)
def test_non_urls_raise_input_error(raw: str) -> None:
    with pytest.raises(InputError):
        normalise_url(raw)


_url_chars = st.text(alphabet=st.sampled_from(list("aZ09-._~:/?#[]@!$&'()*+,;=% \té\u00a0")),
                     max_size=40)
_urls = st.builds(
    lambda scheme, host, rest: scheme + host + rest,
    st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "", "//"]),
    st.sampled_from(["example.com", "EXAMPLE.com:80", "[::1]", "a.b:443", "", "x.y:99999", "é.fr",
                     "127.0.0.1:8080"]),
    _url_chars,
)


@settings(max_examples=500)
@given(st.one_of(_urls, st.text(max_size=60)))
def test_idempotent_and_raises_only_input_error(url: str) -> None:
    try:
        once = normalise_url(url)
    except InputError:
        return
    assert normalise_url(once) == once
