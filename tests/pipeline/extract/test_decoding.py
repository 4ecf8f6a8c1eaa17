"""Charset detection, gzip with a cap, and refusal of binary junk."""

from __future__ import annotations

import gzip
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.errors import EmptyInput, InputTooLarge, UnsupportedInput
from broadsheet.pipeline.extract import decode_bytes
from broadsheet.pipeline.extract.decoding import gunzip_capped

TEXT = "Café crème à Zürich — “quoted” and ünïcödé"


def test_header_charset_wins() -> None:
    assert (
        decode_bytes(TEXT.encode("cp1252"), content_type="text/html; charset=windows-1252") == TEXT
    )


def test_bom_wins_over_header() -> None:
    data = b"\xef\xbb\xbf" + TEXT.encode("utf-8")
    assert decode_bytes(data, content_type="text/html; charset=iso-8859-1") == TEXT


def test_utf16_bom() -> None:
    assert decode_bytes("\ufeff".encode("utf-16-le") + TEXT.encode("utf-16-le")) == TEXT


def test_meta_charset() -> None:
    page = f'<html><head><meta charset="iso-8859-15"></head><body>{"Été"}</body></html>'
    assert "Été" in decode_bytes(page.encode("iso-8859-15"))


def test_undeclared_latin1_is_detected() -> None:
    text = ("Les élèves étaient très contents de la journée à la plage. " * 10).strip()
    assert decode_bytes(text.encode("latin-1")) == text


def test_gzip_is_inflated() -> None:
    assert decode_bytes(gzip.compress(TEXT.encode("utf-8"))) == TEXT


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"a" * 2_000_000)
    with pytest.raises(InputTooLarge):
        gunzip_capped(bomb, limit=1_000_000)


def test_truncated_gzip_keeps_what_it_can_or_fails_typed() -> None:
    data = gzip.compress(("word " * 5000).encode())[:200]
    try:
        assert decode_bytes(data).startswith("word")
    except (UnsupportedInput, EmptyInput):
        pass


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + os.urandom(200), b"PK\x03\x04" + bytes(300), bytes(500)]
)
def test_binary_is_unsupported(data: bytes) -> None:
    with pytest.raises(UnsupportedInput):
        decode_bytes(data)


def test_empty_bytes() -> None:
    with pytest.raises(EmptyInput):
        decode_bytes(b"")


@given(st.text(min_size=1, max_size=300))
def test_utf8_round_trip_is_stable(text: str) -> None:
    try:
        decoded = decode_bytes(text.encode("utf-8"))
    except (UnsupportedInput, EmptyInput, InputTooLarge):
        return
    if decoded:  # a lone byte order mark decodes to nothing
        assert decode_bytes(decoded.encode("utf-8")) == decoded
