"""Build an article body and its paragraphs from blocks of text.

Two shapes of body exist: extracted bodies (HTML, page dumps) are the blocks' text
joined by a blank line, and ``article-text`` bodies are the input unchanged, with
paragraphs found on blank lines (or on single newlines when the text has no blank
lines). Either way every :class:`Paragraph` satisfies ``body[start:end] == text``.
Nothing here knows about HTML or page chrome.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from broadsheet.types import Paragraph

__all__ = ["BLOCK_KINDS", "join_blocks", "normalise_space", "split_text"]

BLOCK_KINDS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000\r\f\v]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def normalise_space(text: str, *, keep_newlines: bool = False) -> str:
    """Collapse runs of white space and drop invisible characters.

    Args:
        text: any text.
        keep_newlines: keep line breaks (for ``pre`` blocks) instead of folding them.

    Returns:
        The text with single spaces, stripped at both ends.
    """
    text = _INVISIBLE.sub("", text)
    if keep_newlines:
        lines = (_SPACE.sub(" ", line).rstrip() for line in text.split("\n"))
        return "\n".join(lines).strip("\n ")
    return _SPACE.sub(" ", text.replace("\n", " ")).strip()


def join_blocks(blocks: Iterable[tuple[str, str]]) -> tuple[str, tuple[Paragraph, ...]]:
    """Join (text, kind) blocks into a body separated by blank lines.

    Empty blocks are dropped; unknown kinds become ``p``.

    Returns:
        The body and its paragraphs, offsets into the body.
    """
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for text, kind in blocks:
        text = text.strip()
        if not text:
            continue
        if parts:
            offset += 2
        paragraphs.append(
            Paragraph(text, offset, offset + len(text), kind if kind in BLOCK_KINDS else "p")
        )
        parts.append(text)
        offset += len(text)
    return "\n\n".join(parts), tuple(paragraphs)


def split_text(body: str) -> tuple[Paragraph, ...]:
    """Find the paragraphs of a plain-text body without changing it.

    Paragraphs are separated by blank lines; when the text has none, each non-empty
    line is a paragraph. Leading and trailing white space is left out of each span.

    Returns:
        The paragraphs, offsets into ``body``.
    """
    separator = _BLANK_LINE if _BLANK_LINE.search(body) else re.compile(r"\n")
    paragraphs: list[Paragraph] = []
    start = 0
    for match in [*separator.finditer(body), None]:
        end = match.start() if match else len(body)
        chunk = body[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            begin = start + lead
            paragraphs.append(Paragraph(stripped, begin, begin + len(stripped), "p"))
        if match:
            start = match.end()
    return tuple(paragraphs)
