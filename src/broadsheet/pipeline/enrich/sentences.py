"""Sentence and paragraph splitting over an article body, with exact offsets.

A fast rule-based splitter (no model): a sentence ends at ``.``, ``!`` or ``?`` (plus
any closing quote marks or brackets) followed by white space and a capital, a digit or
an opening quote mark, unless the word before the stop is a known abbreviation or a
single initial ("Vladimir V. Putin"). A line break always ends a sentence. It does no
I/O and keeps no state; every :class:`Sentence` satisfies ``body[start:end] == text``.
"""

from __future__ import annotations

import re

from broadsheet.types import Article, Sentence

__all__ = ["ABBREVIATIONS", "first_boundary", "paragraph_bounds", "split_sentences"]

#: Words that end with a full stop without ending a sentence (lower-cased, no dot).
#: Hand-collected from honorifics, titles, months and US states used in news copy.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col capt sgt maj adm cmdr st jr sr rev hon
    pres supt insp det vs v etc inc ltd corp co bros dept est approx
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
    sat sun ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn
    miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo mt ft
    u.s u.k u.n e.u d.c a.m p.m i.e e.g""".split()
)

# Abbreviations only before a number ("No. 10", "Fig. 3").
_BEFORE_NUMBERS = frozenset({"no", "nos", "fig", "figs", "vol", "pp"})

# Abbreviations that stand before a name: never a sentence end.
_TITLES = frozenset("""mr mrs ms dr prof sen rep gov gen lt col capt sgt maj adm cmdr st
    jr sr rev hon pres supt insp det""".split())
# Words that, capitalised after an abbreviation, start a sentence.
_SENTENCE_OPENERS = frozenset("""He She They It We I The But And This That These Those
    In On At A An His Her Their Its Our Yet So""".split())
_NEXT_WORD = re.compile(r"\s+([\"'“‘(]?\w+)")

# A candidate end: stop characters, then closing quotes/brackets, then white space.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_START = re.compile(r"\s+([\"'“‘(\[]?)(\S)")
_LINE = re.compile(r"[^\n]+")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")


def paragraph_bounds(article: Article) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph of ``article.body``.

    Uses ``article.paragraphs`` when they are present and consistent with the body,
    else the body's non-empty lines.
    """
    body = article.body
    bounds = [
        (p.start, p.end)
        for p in article.paragraphs
        if 0 <= p.start < p.end <= len(body) and body[p.start : p.end] == p.text
    ]
    if bounds and len(bounds) == len(article.paragraphs):
        return sorted(bounds)
    return [(m.start(), m.end()) for m in _LINE.finditer(body) if m.group().strip()]


def _is_boundary(text: str, stop_start: int, after: int) -> bool:
    """Decide whether the stop at ``stop_start`` (match ending at ``after``) ends a sentence."""
    nxt = _NEXT_START.match(text, after)
    if nxt is None:
        return False
    first = nxt.group(2)
    if not (first.isupper() or first.isdigit() or nxt.group(1)):
        return False
    if text[stop_start] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, stop_start - 64), stop_start)
    if word is None:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in _BEFORE_NUMBERS:
        return not first.isdigit()  # "No. 10" but "said no. It rained."
    if token in ABBREVIATIONS:
        # "... in the U.S. He said": a pronoun or article after a non-title
        # abbreviation starts a new sentence.
        following = _NEXT_WORD.match(text, after)
        return (token not in _TITLES and following is not None
                and following.group(1) in _SENTENCE_OPENERS)
    # A single letter ("V." in "Vladimir V. Putin") or dotted initials ("G.K.") are
    # initials, not a sentence end.
    return _INITIALS.fullmatch(token) is None


def first_boundary(text: str, start: int, end: int) -> int:
    """Offset of the first sentence end in ``text[start:end]`` (``end`` if none)."""
    for match in _END.finditer(text, start, end):
        if _is_boundary(text, match.start(), match.end()):
            return match.end()
    return end


def _split_line(text: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match.start(), match.end()):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        chunk = text[s:e]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            result.append((offset + s + lead, offset + s + lead + len(stripped)))
    return result


def split_sentences(article: Article) -> tuple[Sentence, ...]:
    """Split ``article.body`` into sentences, each tagged with its paragraph index.

    Args:
        article: the article; only its body and paragraphs are read.

    Returns:
        The sentences in body order; empty for an empty body.
    """
    body = article.body
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_bounds(article)):
        for line in _LINE.finditer(body, p_start, p_end):
            for start, end in _split_line(line.group(), line.start()):
                sentences.append(
                    Sentence(body[start:end], start, end, len(sentences), p_index)
                )
    return tuple(sentences)
