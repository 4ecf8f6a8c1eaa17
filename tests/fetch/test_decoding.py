"""Charset detection order and bounded content decoding."""

from __future__ import annotations

import gzip
import zlib

import pytest

from broadsheet.errors import FetchError, ResponseTooLarge
from broadsheet.fetch import decode_text
from broadsheet.fetch.decoding import BodyDecoder

CAFE = "café crème brûlée, très bon"


def test_bom_wins_over_header() -> None:
    content = "\ufeff".encode() + CAFE.encode("utf-8")
    assert decode_text(content, "text/html; charset=iso-8859-1") == CAFE


def test_header_wins_over_meta() -> None:
    content = f'<meta charset="utf-8"><p>{CAFE}</p>'.encode("cp1252")
    assert CAFE in decode_text(content, "text/html; charset=windows-1252")


def test_meta_and_xml_declarations() -> None:
    html = f'<html><head><meta charset="iso-8859-15"></head><p>{CAFE} €</p>'
    assert f"{CAFE} €" in decode_text(html.encode("iso-8859-15"))
    xml = f'<?xml version="1.0" encoding="windows-1252"?><t>{CAFE}</t>'
    assert CAFE in decode_text(xml.encode("cp1252"))


def test_utf8_without_declaration_and_detection_fallback() -> None:
    assert decode_text(CAFE.encode()) == CAFE
    russian = "Новости дня: правительство объявило новые меры поддержки экономики " * 3
    assert decode_text(russian.encode("koi8-r")) == russian


def test_invalid_bytes_become_replacement_characters() -> None:
    assert decode_text(b"ok \xff\xfe end", "text/plain; charset=utf-8") == "ok \ufffd\ufffd end"


def test_unknown_charset_in_header_is_ignored() -> None:
    assert decode_text(CAFE.encode(), "text/html; charset=no-such-codec") == CAFE


@pytest.mark.parametrize("coding", ["gzip", "x-gzip", "deflate", "raw-deflate", None])
def test_body_decoder_codings(coding: str | None) -> None:
    body = CAFE.encode() * 1000
    if coding in {"gzip", "x-gzip"}:
        packed = gzip.compress(body)
    elif coding == "deflate":
        packed = zlib.compress(body)
    elif coding == "raw-deflate":
        squeezer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        packed = squeezer.compress(body) + squeezer.flush()
        coding = "deflate"
    else:
        packed = body
    decoder = BodyDecoder(coding, max_bytes=len(body))
    for start in range(0, len(packed), 100):  # chunk by chunk, as it streams in
        decoder.feed(packed[start : start + 100])
    assert decoder.finish() == body


@pytest.mark.parametrize("coding", [None, "gzip"])
def test_truncating_decoder_keeps_the_prefix_and_reports_full(coding: str | None) -> None:
    body = bytes(range(256)) * 400  # 102,400 bytes
    packed = gzip.compress(body) if coding else body
    decoder = BodyDecoder(coding, max_bytes=1000, truncate=True)
    fed = 0
    for start in range(0, len(packed), 300):
        decoder.feed(packed[start : start + 300])
        fed += 1
        if decoder.full:
            break
    assert decoder.full and decoder.finish() == body[:1000]
    assert fed < len(packed) / 300  # the caller could stop reading early
    with pytest.raises(ResponseTooLarge):  # without truncate the same body is refused
        BodyDecoder(None, max_bytes=1000).feed(body)


def test_body_decoder_limits_and_errors() -> None:
    with pytest.raises(ResponseTooLarge, match="exceeds 10 bytes"):
        decoder = BodyDecoder(None, max_bytes=10)
        decoder.feed(b"x" * 11)
    with pytest.raises(FetchError, match="corrupt gzip"):
        BodyDecoder("gzip", max_bytes=100).feed(b"\x1f\x8bnot really gzip data")
    with pytest.raises(FetchError, match="unsupported Content-Encoding"):
        BodyDecoder("zstd", max_bytes=100)
    with pytest.raises(FetchError, match="stacked"):
        BodyDecoder("gzip, br", max_bytes=100)
