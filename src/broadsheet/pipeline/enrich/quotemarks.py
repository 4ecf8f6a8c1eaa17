"""Find direct-quote spans by pairing quote marks, telling them from apostrophes.

Works paragraph by paragraph over the body: straight and curly, double and single
marks (plus « » and „), where a mark opens a quote only at the start of a word and
closes one only at the end of a word, so "That's", "don't" and "Moscow's" never count.
A quote left open at the end of a paragraph continues when the next paragraph opens
with the same kind of mark (the news convention for multi-paragraph quotes); otherwise
it is dropped and reported as unbalanced. Pure; no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuotedSpan", "find_quoted_spans"]

_DOUBLE_OPEN = frozenset('"“„«')
_DOUBLE_CLOSE = frozenset('"”»')
_SINGLE_OPEN = frozenset("'‘‚‹")
_SINGLE_CLOSE = frozenset("'’›")
_MARKS = _DOUBLE_OPEN | _DOUBLE_CLOSE | _SINGLE_OPEN | _SINGLE_CLOSE
_OPEN_BEFORE = frozenset(" \t\n\u00a0([{—–-/:") | _MARKS
_CLOSE_AFTER = frozenset(" \t\n\u00a0.,;:!?)]}—–-/…") | _MARKS


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Offsets of a quote: ``open``/``close`` are the marks, ``start``/``end`` the words."""

    open: int
    close: int
    start: int
    end: int
    kind: str  # "double" or "single"
    closed: bool = True


_STYLES = {'"': "straight-double", "“": "curly-double", "”": "curly-double",
           "„": "curly-double", "«": "guillemet", "»": "guillemet",
           "'": "straight-single", "‘": "curly-single", "’": "curly-single",
           "‚": "curly-single", "‹": "guillemet-single", "›": "guillemet-single"}


def _kind(ch: str) -> str:
    return "double" if ch in _DOUBLE_OPEN or ch in _DOUBLE_CLOSE else "single"


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    # French typography puts a space inside guillemets: « mot ».
    return before in _OPEN_BEFORE and (not after.isspace() or text[i] in "«‹")


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    # A space may part a closing double mark from a nested single one ("... say,
    # 'Well done,' " said Russell), as some copy spaces them.
    nested_close = before == " " and i > 1 and text[i - 2] in _SINGLE_CLOSE \
        and text[i] in _DOUBLE_CLOSE
    return ((not before.isspace() or text[i] in "»›" or nested_close)
            and (after in _CLOSE_AFTER or i + 1 == len(text)))


def _inner(text: str, open_at: int, close_at: int, offset: int, kind: str,
           closed: bool) -> QuotedSpan | None:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end <= start:
        return None
    return QuotedSpan(offset + open_at, offset + close_at, offset + start, offset + end,
                      kind, closed)


_DOUBLED = re.compile(r"''|``")


def _undouble(text: str) -> str:
    """Rewrite typewriter doubles ('' and ``, as in NYT archive copy) as one '"'.

    The result has the same length, so offsets still point into the original: an
    opening double becomes ' "' and a closing one '" '.
    """
    def swap(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else " "
        return ' "' if before.isspace() or before in "([{—–-" else '" '

    return _DOUBLED.sub(swap, text) if "''" in text or "``" in text else text


def _scan_paragraph(text: str, offset: int) -> tuple[list[QuotedSpan], int | None, str]:
    """Pair marks in one paragraph; return spans, a dangling open position and its kind."""
    text = _undouble(text)
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_kind = ""
    for i, ch in enumerate(text):
        if ch not in _MARKS:
            continue
        kind = _kind(ch)
        opener = ch in (_DOUBLE_OPEN if kind == "double" else _SINGLE_OPEN) and _can_open(text, i)
        closer = ch in (_DOUBLE_CLOSE if kind == "double" else _SINGLE_CLOSE) and _can_close(
            text, i)
        if open_at is None:
            if opener and not (kind == "single" and i > 0 and text[i - 1].isalnum()):
                open_at, open_kind = i, kind
            continue
        if kind != open_kind or _STYLES[ch] != _STYLES[text[open_at]]:
            continue  # a nested quote of another kind or style ('"... “inner” ..."')
        if closer and i > open_at + 1:
            span = _inner(text, open_at, i, offset, kind, True)
            if span is not None:
                spans.append(span)
            open_at = None
        elif opener and ch not in _SINGLE_CLOSE and ch not in _DOUBLE_CLOSE:
            # A second opener while one is open: the first was never closed.
            open_at = i
    return spans, open_at, open_kind


def find_quoted_spans(
    body: str, paragraphs: list[tuple[int, int]]
) -> tuple[list[QuotedSpan], int]:
    """Find quoted spans in the body.

    Args:
        body: the article body.
        paragraphs: ``(start, end)`` of each paragraph, in order.

    Returns:
        The spans in body order and the number of quote marks left unbalanced.
    """
    found: list[QuotedSpan] = []
    unbalanced = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        text = _undouble(body[p_start:p_end])
        spans, dangling, kind = _scan_paragraph(text, p_start)
        found.extend(spans)
        if dangling is None:
            continue
        nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        next_text = body[nxt[0] : nxt[1]].lstrip() if nxt else ""
        opens_next = bool(next_text) and _STYLES.get(next_text[0]) == _STYLES[text[dangling]]
        if opens_next:
            span = _inner(text, dangling, len(text.rstrip()), p_start, kind, False)
            if span is not None:
                found.append(span)
        else:
            unbalanced += 1
    return found, unbalanced
