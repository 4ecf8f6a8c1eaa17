"""Find the article in a plain-text page dump (a select-all copy of a news page).

There is no markup to go on, only lines. Each line gets a score: prose (long lines
that end like sentences) scores its word count, short unpunctuated lines (menus,
buttons, bylines) score a small penalty, known chrome a larger one, and lines that
start a non-article section (related stories, comments, footers; see ``chrome.py``)
are walls the body cannot cross. The body is the highest-scoring run of lines
(maximum subarray), minus the chrome lines inside it. The headline is looked for
before the body: a line that repeats the document's first line (its ``<title>``), or
else the best headline-shaped line. Related-article listings after a "Related"
heading are parsed into :class:`RelatedListing` items. Nothing here is specific to a
site, and this module does no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from broadsheet.pipeline.extract.blocks import normalise_space
from broadsheet.pipeline.extract.chrome import (
    AGE,
    CHROME,
    RELATED_HEADING,
    SECTION_END,
    TRAILING_CHROME,
)
from broadsheet.types import RelatedListing

__all__ = ["PageText", "clean_page_text"]

# Scores of a line. Prose scores its word count; the penalties were set by hand on the
# 90 dev page dumps of shared/data/page-dumps and the seed page (F1 was flat for short
# penalties between 2 and 6 and chrome penalties between 10 and 40).
SHORT_LINE_PENALTY = 4.0
CHROME_PENALTY = 20.0
WALL = float("-inf")
# A line is prose when it has at least this many words and ends like a sentence, or
# has PROSE_LONG_WORDS words whatever its ending (a paragraph cut off by a paywall).
PROSE_MIN_WORDS = 8
PROSE_LONG_WORDS = 25
# A headline has between these many words.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
# How many lines before the body to search for the headline and byline.
HEADER_WINDOW = 40
# A byline: "By Jane Doe" or "By Jane Doe and John Roe, Reuters".
BYLINE = re.compile(r"^by\s+(?P<name>[^\d@]{2,80})$", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’]$")
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:·•]\s+[^|\-–—]{1,60}$")


@dataclass(frozen=True, slots=True)
class PageText:
    """What the cleaner found in a page dump."""

    title: str | None
    paragraphs: tuple[str, ...]
    byline: str | None
    related: tuple[RelatedListing, ...]


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def _is_prose(line: str) -> bool:
    words = _words(line)
    return words >= PROSE_LONG_WORDS or (
        words >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line))
    )


def _line_score(line: str) -> float:
    if SECTION_END.match(line):
        return WALL
    if CHROME.match(line):
        return -CHROME_PENALTY
    if _is_prose(line):
        return float(_words(line))
    return -SHORT_LINE_PENALTY


def _best_run(scores: list[float]) -> tuple[int, int]:
    """The [start, end) run of lines with the highest total score (Kadane)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for index, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, index
        total += score
        if total > best:
            best, best_span = total, (start, index + 1)
        if total == WALL:
            total = 0.0
    return best_span


def _strip_suffix(title: str) -> str:
    # "Headline - Site Name" / "Headline | Site": drop the site part.
    stripped = _TITLE_SUFFIX.sub("", title)
    return stripped if _words(stripped) >= HEADLINE_MIN_WORDS else title


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _find_title(lines: list[str], body_start: int) -> tuple[str | None, int | None]:
    """The headline and its line index, looked for before the body."""
    if not lines:
        return None, None
    window = range(max(0, body_start - HEADER_WINDOW), body_start)
    document_title = _strip_suffix(lines[0])
    wanted = _fold(document_title)
    if wanted:
        for index in reversed(window):
            if index and _fold(lines[index]) == wanted:
                return lines[index], index
    # No repeat of the <title>: the last headline-shaped line before the body.
    for index in reversed(window):
        line = lines[index]
        words = _words(line)
        if (
            HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS
            and not _SENTENCE_END.search(line.rstrip("?!"))
            and not CHROME.match(line)
            and not SECTION_END.match(line)
            and not BYLINE.match(line)
            and not _is_prose(line)
        ):
            return line, index
    if _words(lines[0]) >= HEADLINE_MIN_WORDS and 0 < body_start:
        return document_title, 0
    return None, None


def _find_byline(lines: list[str], start: int, end: int) -> str | None:
    for index in range(start, end):
        line = lines[index]
        match = BYLINE.match(line)
        if match:
            return match.group("name").strip()
        if line.lower() == "by" and index + 1 < end:
            return lines[index + 1]
    return None


def _parse_related(lines: list[str]) -> tuple[RelatedListing, ...]:
    """Parse listings after a "Related ..." heading.

    Listings are anchored on their relative-age line ("5 minutes ago"): the line before
    is the source, an optional "- Source" line repeats it, then the title, then the
    snippet up to the next listing's source line.
    """
    ages = [i for i, line in enumerate(lines) if AGE.match(line)]
    listings: list[RelatedListing] = []
    for number, age_index in enumerate(ages):
        stop = ages[number + 1] - 1 if number + 1 < len(ages) else len(lines)
        source = lines[age_index - 1] if age_index > 0 else None
        cursor = age_index + 1
        if cursor < stop and source and lines[cursor].lstrip("-–— ").strip() == source:
            cursor += 1
        if cursor >= stop:
            continue
        title = lines[cursor]
        snippet_lines = [
            line for line in lines[cursor + 1 : stop] if not SECTION_END.match(line)
        ]
        snippet = TRAILING_CHROME.sub("", " ".join(snippet_lines)).strip() or None
        listings.append(RelatedListing(title=title, source=source, age=lines[age_index],
                                       snippet=snippet))
    if listings:
        return tuple(listings)
    # No ages: headline-shaped lines are the titles, a prose line after one its snippet.
    for index, line in enumerate(lines):
        if SECTION_END.match(line) and not RELATED_HEADING.match(line):
            break
        if _is_prose(line) or CHROME.match(line):
            continue
        if HEADLINE_MIN_WORDS <= _words(line) <= HEADLINE_MAX_WORDS:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            snippet = TRAILING_CHROME.sub("", following).strip() if _is_prose(following) else ""
            listings.append(RelatedListing(title=line, snippet=snippet or None))
    return tuple(listings)


def _related_after(lines: list[str], end: int) -> tuple[RelatedListing, ...]:
    for index in range(end, len(lines)):
        if RELATED_HEADING.match(lines[index]):
            tail = lines[index + 1 :]
            stop = next(
                (i for i, line in enumerate(tail)
                 if SECTION_END.match(line) and not RELATED_HEADING.match(line)),
                len(tail),
            )
            return _parse_related(tail[:stop])
    return ()


def clean_page_text(text: str) -> PageText:
    """Find headline, body, byline and related listings in a plain-text page dump.

    Args:
        text: the dump, lines as the browser copied them.

    Returns:
        The :class:`PageText`; ``paragraphs`` is empty when no prose was found.
    """
    lines = [normalise_space(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    scores = [_line_score(line) for line in lines]
    start, end = _best_run(scores)
    title, title_index = _find_title(lines, start)
    if title_index is not None and start <= title_index < end:
        start = title_index + 1
    paragraphs = tuple(
        line for line in lines[start:end] if not CHROME.match(line) and line != title
    )
    header_start = (title_index + 1) if title_index is not None else max(0, start - HEADER_WINDOW)
    byline = _find_byline(lines, header_start, start)
    return PageText(
        title=title,
        paragraphs=paragraphs,
        byline=byline,
        related=_related_after(lines, end),
    )
