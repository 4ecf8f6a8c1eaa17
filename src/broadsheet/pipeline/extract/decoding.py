"""Turn the bytes of a document into text, safely.

``decode_bytes`` picks a charset from, in order: the ``Content-Type`` header, a byte
order mark, an HTML ``<meta charset>`` declaration, then statistical detection
(charset_normalizer). Gzip payloads are inflated with a hard output cap so a
compression bomb cannot exhaust memory. Binary junk (images, archives, random bytes)
is refused with :class:`UnsupportedInput`. This module does no I/O of its own.
"""

from __future__ import annotations

import codecs
import re
import zlib

import charset_normalizer

from broadsheet.errors import EmptyInput, InputTooLarge, UnsupportedInput

__all__ = ["MAX_DECODED_CHARS", "MAX_INFLATED_BYTES", "decode_bytes", "gunzip_capped"]

# 16 MB of text: ten times the largest page of the extraction benchmark (about 1.4 MB
# decompressed) and above the 10 MB pages that must still work.
MAX_DECODED_CHARS = 16 * 1024 * 1024
# Inflating gzip stops here (same budget as the decoded limit, in bytes, plus slack for
# multi-byte encodings); a bomb is cut off after reading at most this much output.
MAX_INFLATED_BYTES = 4 * MAX_DECODED_CHARS
# Share of control characters (other than tab/newline/CR/form feed) above which decoded
# text is treated as binary. Real pages in the benchmark have none; 5% leaves room for
# the odd stray byte in a mis-declared page.
MAX_CONTROL_SHARE = 0.05
# Share of U+FFFD replacement characters above which text counts as undecodable junk;
# a mis-declared Latin-1 page replaces a few accented letters, not a third of the text.
MAX_REPLACEMENT_SHARE = 0.3
# How much of the start of the document to search for a <meta charset> declaration;
# HTML5 requires it within the first 1024 bytes, old pages put it a little later.
META_SNIFF_BYTES = 4096

_GZIP_MAGIC = b"\x1f\x8b"
_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"%PDF",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"RIFF",
    b"\x00\x00\x01\x00",
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def gunzip_capped(data: bytes, *, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """Inflate gzip ``data``, refusing to produce more than ``limit`` bytes.

    Args:
        data: a gzip stream (possibly several members, possibly truncated).
        limit: the most bytes of output allowed.

    Returns:
        The inflated bytes (whatever could be read from a truncated stream).

    Raises:
        InputTooLarge: the output would exceed ``limit`` (a compression bomb).
        UnsupportedInput: the stream is corrupt from the start.
    """
    out = bytearray()
    rest = data
    while rest.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = inflater.decompress(rest, limit + 1 - len(out))
        except zlib.error as exc:
            if out:
                break
            raise UnsupportedInput(f"corrupt gzip data: {exc}") from exc
        out += chunk
        if len(out) > limit or inflater.unconsumed_tail:
            raise InputTooLarge(f"gzip data inflates past {limit} bytes")
        rest = inflater.unused_data
    return bytes(out)


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def _declared_charset(data: bytes, content_type: str | None) -> tuple[str | None, int]:
    """Return (codec, bytes of BOM to skip) from header, BOM or <meta>, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match and (codec := _known_codec(match.group(1))):
            return codec, 0
    meta = _META_CHARSET.search(data[:META_SNIFF_BYTES])
    if meta and (codec := _known_codec(meta.group(1).decode("ascii", "replace"))):
        # A page claiming UTF-16 in an ASCII-readable <meta> is not UTF-16.
        if not codec.startswith("utf-16") and not codec.startswith("utf-32"):
            return codec, 0
    return None, 0


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:8192]
    return sample.count(b"\x00") > len(sample) * MAX_CONTROL_SHARE


def _detect(data: bytes) -> str:
    """Guess a legacy charset; among equally plausible ones, prefer windows-1252.

    Detection cannot tell single-byte Latin code pages apart on short text (French in
    cp1250 and cp1252 scores the same); the WHATWG encoding standard makes windows-1252
    the web's default legacy encoding, so it wins ties.
    """
    matches = list(charset_normalizer.from_bytes(data[:65536]))
    if not matches:
        return "cp1252"
    best = matches[0]
    for match in matches:
        if match.percent_chaos > best.percent_chaos or match.coherence < best.coherence:
            break
        if "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return str(best.encoding)


def decode_bytes(data: bytes, *, content_type: str | None = None) -> str:
    """Decode a document's bytes to text.

    The charset comes from a byte order mark, the ``content_type`` header, an HTML
    ``<meta>`` declaration, and finally detection; UTF-8 is tried before detection
    because most of the web is UTF-8. Undecodable bytes are replaced, never fatal.
    Gzip input is inflated first (with a size cap).

    Args:
        data: the raw bytes.
        content_type: the MIME type reported with them, e.g. ``text/html; charset=...``.

    Returns:
        The text, without a byte order mark.

    Raises:
        EmptyInput: there are no bytes.
        InputTooLarge: the text (or the inflated gzip) is over the size limit.
        UnsupportedInput: the bytes are binary (an image, an archive, random bytes).
    """
    if not data:
        raise EmptyInput("no bytes to decode")
    if data.startswith(_GZIP_MAGIC):
        data = gunzip_capped(data)
        if not data:
            raise EmptyInput("gzip data holds nothing")
    if len(data) > 4 * MAX_DECODED_CHARS:
        raise InputTooLarge(f"{len(data)} bytes is over the limit")
    codec, skip = _declared_charset(data, content_type)
    if codec is None and _looks_binary(data):
        raise UnsupportedInput("binary data, not a text document")
    if codec is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            codec = _detect(data)
            text = data.decode(codec, errors="replace")
    else:
        text = data[skip:].decode(codec, errors="replace")
    text = text.lstrip("\ufeff")
    check_text(text)
    return text


def check_text(text: str) -> None:
    """Refuse text that is too long or mostly control characters.

    Raises:
        InputTooLarge: over :data:`MAX_DECODED_CHARS`.
        UnsupportedInput: the text is binary junk.
    """
    if len(text) > MAX_DECODED_CHARS:
        raise InputTooLarge(f"{len(text)} characters is over the limit of {MAX_DECODED_CHARS}")
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > len(sample) * MAX_CONTROL_SHARE:
        raise UnsupportedInput("binary data, not a text document")
    if "\ufffd" in sample and sample.count("\ufffd") > len(sample) * MAX_REPLACEMENT_SHARE:
        raise UnsupportedInput("mostly undecodable bytes, not a text document")
