"""Lay out a stored article body for the page: blocks, sentence anchors, offset links.

Pure functions over the JSON the ingestion services store on ``Article``
(``paragraphs`` = ``[{text, start, end, kind}]``, ``sentences`` =
``[{text, start, end, index, paragraph}]``). The result is plain data that templates
render with autoescaping on: nothing here builds HTML, touches the database or trusts
the offsets it is given (bad offsets are clipped or ignored, never raised on, because a
page must render even for an article stored by an older pipeline).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Block",
    "Segment",
    "anchor_for_offset",
    "body_blocks",
    "paragraph_anchor",
    "sentence_anchor",
    "sentence_link",
]

# Paragraph kinds the templates know how to render; anything else is shown as "p".
BLOCK_KINDS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text inside a block; ``anchor`` is the sentence id it starts, if any."""

    text: str
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """One rendered block: a paragraph (``p``/``h2``.../``blockquote``/``pre``) or a list.

    For ``kind == "ul"`` the list items are in ``items``; otherwise ``segments`` holds the
    text, cut at sentence starts so that each sentence can carry its own anchor.
    """

    kind: str
    anchor: str
    segments: tuple[Segment, ...] = ()
    items: tuple[Block, ...] = ()


def paragraph_anchor(index: int) -> str:
    """The element id of paragraph ``index`` (0-based) on the article page."""
    return f"p{index + 1}"


def sentence_anchor(index: int) -> str:
    """The element id of sentence ``index`` (0-based) on the article page."""
    return f"s{index + 1}"


def _int(value: Any, default: int = -1) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _sentence_starts(sentences: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """(start offset, sentence index) pairs, sorted, for sentences with usable offsets."""
    starts = []
    for position, sentence in enumerate(sentences):
        if not isinstance(sentence, Mapping):
            continue
        start = _int(sentence.get("start"))
        index = _int(sentence.get("index"), position)
        if start >= 0:
            starts.append((start, index))
    starts.sort()
    return starts


def _segments(text: str, start: int, starts: list[tuple[int, int]]) -> tuple[Segment, ...]:
    """Cut ``text`` (which begins at body offset ``start``) where sentences begin."""
    end = start + len(text)
    cuts = [(offset - start, index) for offset, index in starts if start <= offset < end]
    if not cuts:
        return (Segment(text),)
    segments = []
    if cuts[0][0] > 0:
        segments.append(Segment(text[: cuts[0][0]]))
    for n, (cut, index) in enumerate(cuts):
        stop = cuts[n + 1][0] if n + 1 < len(cuts) else len(text)
        segments.append(Segment(text[cut:stop], sentence_anchor(index)))
    return tuple(segments)


def body_blocks(
    body: str,
    paragraphs: Sequence[Mapping[str, Any]],
    sentences: Sequence[Mapping[str, Any]] = (),
) -> list[Block]:
    """The body as blocks ready to render, with paragraph and sentence anchors.

    Consecutive ``li`` paragraphs become one ``ul`` block. Without usable paragraph
    data the body is split on blank lines so that an article always shows.

    Args:
        body: the article body.
        paragraphs: the stored paragraph list.
        sentences: the stored sentence list (may be empty).

    Returns:
        Blocks in body order; each paragraph's anchor is :func:`paragraph_anchor` of its
        position, each sentence segment's anchor that of its sentence index.
    """
    rows = [p for p in paragraphs if isinstance(p, Mapping) and isinstance(p.get("text"), str)]
    if not rows:
        rows = []
        offset = 0
        for part in body.split("\n\n"):
            if part.strip():
                rows.append({"text": part, "start": offset, "kind": "p"})
            offset += len(part) + 2
    starts = _sentence_starts(sentences)
    blocks: list[Block] = []
    pending_items: list[Block] = []

    def flush() -> None:
        if pending_items:
            blocks.append(Block("ul", pending_items[0].anchor + "-list", (), tuple(pending_items)))
            pending_items.clear()

    for position, row in enumerate(rows):
        kind = row.get("kind") if row.get("kind") in BLOCK_KINDS else "p"
        text = row["text"]
        start = _int(row.get("start"))
        segments = _segments(text, start, starts) if start >= 0 else (Segment(text),)
        block = Block(str(kind), paragraph_anchor(position), segments)
        if kind == "li":
            pending_items.append(block)
            continue
        flush()
        blocks.append(block)
    flush()
    return blocks


def anchor_for_offset(
    offset: int,
    paragraphs: Sequence[Mapping[str, Any]],
    sentences: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The most precise anchor for a body offset: its sentence, else its paragraph.

    Returns an empty string when the offset falls outside every known paragraph and
    sentence (the caller then links to nothing rather than to a wrong place).
    """
    starts = _sentence_starts(sentences)
    if starts:
        keys = [s for s, _ in starts]
        i = bisect_right(keys, offset) - 1
        if i >= 0:
            index = starts[i][1]
            ends = {
                _int(s.get("index"), n): _int(s.get("end"))
                for n, s in enumerate(sentences)
                if isinstance(s, Mapping)
            }
            if offset < ends.get(index, -1):
                return sentence_anchor(index)
    for position, row in enumerate(paragraphs):
        if not isinstance(row, Mapping):
            continue
        start, end = _int(row.get("start")), _int(row.get("end"))
        if 0 <= start <= offset < end:
            return paragraph_anchor(position)
    return ""


def sentence_link(index: Any, sentences: Sequence[Mapping[str, Any]]) -> str:
    """The anchor of sentence ``index`` if the article has that sentence, else ''."""
    wanted = _int(index)
    if wanted < 0:
        return ""
    for position, sentence in enumerate(sentences):
        if isinstance(sentence, Mapping) and _int(sentence.get("index"), position) == wanted:
            return sentence_anchor(wanted)
    return ""
