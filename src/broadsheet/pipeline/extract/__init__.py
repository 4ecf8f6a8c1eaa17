"""The extract stage: raw documents (HTML, page dumps, clean text) to articles.

Public surface: :func:`extract`, :func:`detect_format`, :func:`parse_articles_jsonl`
and :func:`decode_bytes`. The parts behind it are private to this package: ``html``
(trafilatura plus our own block vote), ``text`` (plain-text page dumps), ``metadata``,
``decoding``, ``formats``, ``records`` (JSON article imports), ``blocks``, and
``evaluation`` (the benchmark's metric).
Pure: no network, disk, database or Django.
"""

from broadsheet.pipeline.extract.decoding import decode_bytes
from broadsheet.pipeline.extract.dispatch import extract
from broadsheet.pipeline.extract.formats import detect_format, parse_articles_jsonl

__all__ = ["decode_bytes", "detect_format", "extract", "parse_articles_jsonl"]
