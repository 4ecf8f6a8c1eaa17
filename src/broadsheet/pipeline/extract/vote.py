"""Combine two extractors' opinions block by block.

trafilatura's blocks (structure-aware, well cleaned) are the base; our density pass
(``density.py``) is the second voter. A block both found is kept. A block only
trafilatura found is kept when it sits between agreed blocks, and at the edges only
when it is long prose: titles, standfirsts and "about the company" boxes are what
sits at the edges. A block only the density pass found is added, in its place,
when it is prose (it recovers articles split around an advertisement, which
trafilatura cuts short). Agreement is measured on word shingles, as the benchmark
does. Pure functions over lists of blocks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from broadsheet.pipeline.extract.density import Block

__all__ = ["vote"]

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…。\"'”’»)]$")
# A block counts as found by the other voter when this share of its 3-word shingles
# appear in the other's text. Set on the 90 dev pages (0.5 to 0.7 gave the same F1).
SUPPORT_SHARE = 0.6
# A block found only by trafilatura, outside the agreed stretch, is kept only with at
# least this many words (the standfirsts trafilatura kept on the dev pages ran 10 to 30
# words, titles and bylines fewer; 30 to 40 scored the same, 60 and more lost recall).
EDGE_MIN_WORDS = 40
# A block found only by the density pass is added with at least this many words and
# sentence punctuation at its end.
DENSITY_ONLY_MIN_WORDS = 12
# When the two voters overlap this little, they found different things: trust
# trafilatura alone (the density pass locked onto a comment thread or a listing).
MIN_AGREEMENT = 0.3
# ... unless this share of the density pass's words is inside trafilatura's text: then
# trafilatura took far too much and the density pass's blocks are the article.
NESTED_AGREEMENT = 0.8
_SHINGLE = 3


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: list[str]) -> list[tuple[str, ...]]:
    if len(words) < _SHINGLE:
        return [tuple(words)] if words else []
    return list(zip(words, words[1:], words[2:], strict=False))


def _support(
    words: list[str], grams: list[tuple[str, ...]], other: set[tuple[str, ...]], other_words: str
) -> float:
    if len(words) < _SHINGLE:
        return 1.0 if words and " ".join(words) in other_words else 0.0
    return sum(1 for gram in grams if gram in other) / len(grams)


def vote(base: Sequence[tuple[str, str]], density: Sequence[Block]) -> list[tuple[str, str]]:
    """Merge trafilatura's (text, kind) blocks with the density pass's blocks.

    Args:
        base: trafilatura's blocks, in order.
        density: the density pass's blocks, in document order.

    Returns:
        The merged (text, kind) blocks, in document order.
    """
    if not density:
        return list(base)
    if not base:
        return [(block.text, block.kind) for block in density]
    base_words = [_words(text) for text, _ in base]
    density_words = [_words(block.text) for block in density]
    base_block_grams = [_shingles(words) for words in base_words]
    density_block_grams = [_shingles(words) for words in density_words]
    base_grams = {g for grams in base_block_grams for g in grams}
    density_grams = {g for grams in density_block_grams for g in grams}
    base_joined = " ".join(w for words in base_words for w in words)
    density_joined = " ".join(w for words in density_words for w in words)

    base_ok = [
        _support(words, grams, density_grams, density_joined) >= SUPPORT_SHARE
        for words, grams in zip(base_words, base_block_grams, strict=True)
    ]
    density_ok = [
        _support(words, grams, base_grams, base_joined) >= SUPPORT_SHARE
        for words, grams in zip(density_words, density_block_grams, strict=True)
    ]
    agreed_words = sum(len(words) for words, ok in zip(base_words, base_ok, strict=True) if ok)
    total_words = sum(len(words) for words in base_words) or 1
    if agreed_words / total_words < MIN_AGREEMENT:
        density_agreed = sum(
            len(words) for words, ok in zip(density_words, density_ok, strict=True) if ok
        )
        density_total = sum(len(words) for words in density_words) or 1
        if density_agreed / density_total >= NESTED_AGREEMENT:
            # The density pass's text is inside trafilatura's, which is mostly other
            # things: trafilatura took the whole page (or a comment thread with it).
            return [(block.text, block.kind) for block in density]
        return list(base)

    agreed = [i for i, ok in enumerate(base_ok) if ok]
    first, last = agreed[0], agreed[-1]
    kept = [
        index
        for index in range(len(base))
        if base_ok[index] or first <= index <= last or len(base_words[index]) >= EDGE_MIN_WORDS
    ]

    # Density-only prose goes after the base block holding its nearest agreed predecessor.
    additions: dict[int, list[tuple[str, str]]] = {}
    anchor = -1
    base_index_of = _locate(base_block_grams, density_block_grams, density_ok)
    for index, block in enumerate(density):
        if density_ok[index]:
            anchor = base_index_of.get(index, anchor)
            continue
        words = density_words[index]
        # Before the first agreed block sit captions and standfirsts: edge rules apply.
        least = EDGE_MIN_WORDS if anchor < 0 else DENSITY_ONLY_MIN_WORDS
        if len(words) >= least and _SENTENCE_END.search(block.text) and block.score > 0:
            additions.setdefault(anchor, []).append((block.text, block.kind))
    kept_set = set(kept)
    merged: list[tuple[str, str]] = list(additions.get(-1, []))
    for index, item in enumerate(base):
        if index in kept_set:
            merged.append(item)
        merged.extend(additions.get(index, []))
    return merged


def _locate(
    base_grams: list[list[tuple[str, ...]]],
    density_grams: list[list[tuple[str, ...]]],
    density_ok: list[bool],
) -> dict[int, int]:
    """Map each agreed density block to the base block that holds most of its shingles."""
    owner: dict[tuple[str, ...], int] = {}
    for index, grams in enumerate(base_grams):
        for gram in grams:
            owner.setdefault(gram, index)
    located: dict[int, int] = {}
    for index, grams in enumerate(density_grams):
        if not density_ok[index]:
            continue
        votes = Counter(owner[g] for g in grams if g in owner)
        if votes:
            located[index] = votes.most_common(1)[0][0]
    return located
