"""Turning response bytes into content: bounded decompression and charset detection.

:class:`BodyDecoder` undoes ``Content-Encoding`` (gzip, deflate, brotli) chunk by chunk
with a bound on every output, so a decompression bomb is stopped after at most the size
limit is produced, never after it has filled memory; it also enforces the ratio of
decoded to transferred bytes. :func:`decode_text` picks a character set from the BOM,
the Content-Type header, an in-document declaration (``<meta charset>``, ``<?xml
encoding?>``) and finally detection. No I/O happens here.
"""

from __future__ import annotations

import codecs
import re
import zlib

import brotli
from charset_normalizer import from_bytes

from broadsheet.errors import FetchError, ResponseTooLarge

__all__ = ["BodyDecoder", "charset_from_content_type", "decode_text"]

# A legitimate HTML or XML response compresses by 3-15x (gzip -9 on the 181 pages of
# article-extraction-benchmark: median 4.6x, max 13x); 100x leaves head room for very
# repetitive feeds while a bomb (zeros: 1000x for gzip, far more for brotli) trips it.
MAX_DECOMPRESSION_RATIO = 100
# The ratio is only judged once this much has been decoded, so tiny responses with
# a large fixed header overhead in reverse never trip it.
RATIO_GRACE_BYTES = 1024 * 1024
# Bytes produced per decompressor call: bounds the memory one compressed chunk can use.
_OUTPUT_STEP = 64 * 1024
# How far into a document an in-document charset declaration is looked for (the HTML
# standard's prescan reads 1024 bytes; XML declarations come first).
_PRESCAN_BYTES = 4096

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']""")


class BodyDecoder:
    """Decodes a response body chunk by chunk within size and ratio limits.

    Args:
        encoding: the Content-Encoding header value (``None`` or ``identity`` for none).
        max_bytes: the most decoded bytes allowed.
        url: the URL, for error messages.
        max_ratio: the most decoded bytes per transferred byte.
        truncate: keep the first ``max_bytes`` decoded bytes and stop (:attr:`full`)
            instead of raising when the body is longer (robots.txt: RFC 9309 2.5 lets
            a crawler parse only a prefix of at least 500 KiB).
    """

    def __init__(
        self,
        encoding: str | None,
        *,
        max_bytes: int,
        url: str | None = None,
        max_ratio: float = MAX_DECOMPRESSION_RATIO,
        truncate: bool = False,
    ) -> None:
        self._codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
        self._codings = [c for c in self._codings if c != "identity"]
        for coding in self._codings:
            if coding not in {"gzip", "x-gzip", "deflate", "br"}:
                raise FetchError(f"unsupported Content-Encoding {coding!r}", url=url)
        if len(self._codings) > 1:
            raise FetchError(f"stacked Content-Encoding {encoding!r} refused", url=url)
        self._coding = self._codings[0] if self._codings else None
        self._zlib = None
        self._brotli = None
        if self._coding in {"gzip", "x-gzip"}:
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self._coding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
            self._deflate_first = True
        elif self._coding == "br":
            self._brotli = brotli.Decompressor()
        self._max_bytes = max_bytes
        self._max_ratio = max_ratio
        self._truncate = truncate
        self._url = url
        self._raw = 0
        self._chunks: list[bytes] = []
        self._size = 0

    @property
    def size(self) -> int:
        """Decoded bytes so far."""
        return self._size

    @property
    def full(self) -> bool:
        """A truncating decoder holds ``max_bytes`` bytes: the rest can be skipped."""
        return self._truncate and self._size >= self._max_bytes

    def _take(self, chunk: bytes) -> None:
        if not chunk or self.full:
            return
        if self._truncate and self._size + len(chunk) > self._max_bytes:
            chunk = chunk[: self._max_bytes - self._size]
        self._size += len(chunk)
        if self._size > self._max_bytes:
            raise ResponseTooLarge(
                f"response body exceeds {self._max_bytes} bytes", url=self._url
            )
        if (
            self._coding is not None
            and self._size > RATIO_GRACE_BYTES
            and self._size > self._max_ratio * max(self._raw, 1)
        ):
            raise ResponseTooLarge(
                f"decompression ratio above {self._max_ratio:g}:1 (a compression bomb?)",
                url=self._url,
            )
        self._chunks.append(chunk)

    def feed(self, raw: bytes) -> None:
        """Decode one transferred chunk.

        Raises:
            ResponseTooLarge: the decoded size or ratio limit is exceeded.
            FetchError: the body is not valid for its Content-Encoding.
        """
        self._raw += len(raw)
        if self.full:
            return
        try:
            if self._zlib is not None:
                self._feed_zlib(raw)
            elif self._brotli is not None:
                self._feed_brotli(raw)
            else:
                self._take(raw)
        except (zlib.error, brotli.error) as exc:
            raise FetchError(
                f"corrupt {self._coding} response body: {exc}", url=self._url
            ) from exc

    def _feed_zlib(self, raw: bytes) -> None:
        assert self._zlib is not None
        pending = raw
        while pending:
            try:
                out = self._zlib.decompress(pending, _OUTPUT_STEP)
            except zlib.error:
                if self._coding == "deflate" and getattr(self, "_deflate_first", False):
                    # "deflate" is often sent raw, without the zlib wrapper.
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._deflate_first = False
                    continue
                raise
            self._deflate_first = False
            self._take(out)
            if self._zlib.eof:
                return
            pending = self._zlib.unconsumed_tail
            if not out and not pending:
                return

    def _feed_brotli(self, raw: bytes) -> None:
        assert self._brotli is not None
        out = self._brotli.process(raw, output_buffer_limit=_OUTPUT_STEP)
        self._take(out)
        while not self._brotli.can_accept_more_data():
            out = self._brotli.process(b"", output_buffer_limit=_OUTPUT_STEP)
            if not out:
                break
            self._take(out)

    def finish(self) -> bytes:
        """Flush the decompressor and return the whole decoded body."""
        if self._zlib is not None and not self.full:
            try:
                self._take(self._zlib.flush())
            except zlib.error as exc:
                raise FetchError(
                    f"corrupt {self._coding} response body: {exc}", url=self._url
                ) from exc
        return b"".join(self._chunks)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if it names a known codec."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return _known_codec(match.group(1)) if match else None


def _known_codec(name: str | bytes) -> str | None:
    text = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    try:
        return codecs.lookup(text.strip()).name
    except LookupError:
        return None


def decode_text(content: bytes, content_type: str | None = None) -> str:
    """Decode a document to text, never raising on bad bytes.

    The charset comes from, in order: a byte-order mark (which wins over everything, as
    in the WHATWG encoding standard), the Content-Type header, an in-document
    declaration in the first 4 KB (``<?xml encoding?>``, ``<meta charset>``), then
    detection (charset-normalizer), falling back to UTF-8. Undecodable bytes become
    U+FFFD.

    Args:
        content: the raw document.
        content_type: the Content-Type header, if any.
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(name, errors="replace")
    charset = charset_from_content_type(content_type)
    if charset is None:
        head = content[:_PRESCAN_BYTES]
        match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        if match:
            charset = _known_codec(match.group(1))
    if charset is None:
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(content[: 256 * 1024]).best()
            charset = best.encoding if best is not None else "utf-8"
    return content.decode(charset, errors="replace")
