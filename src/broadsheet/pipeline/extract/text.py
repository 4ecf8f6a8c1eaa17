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
from datetime import datetime

from broadsheet.pipeline.extract.blocks import normalise_space
from broadsheet.pipeline.extract.chrome import (
    AGE,
    CHROME,
    CREDIT,
    DATELINE,
    RELATED_HEADING,
    SECTION_END,
    TRAILING_CHROME,
)
from broadsheet.pipeline.extract.metadata import parse_date
from broadsheet.types import RelatedListing

__all__ = ["PageText", "clean_page_text"]

# Scores of a line. Prose scores its word count; the penalties were set by hand, then
# checked on the 90 dev page dumps of shared/data/page-dumps (F1 0.936 / 0.944 / 0.947
# for short-line penalties 2 / 4 / 6; 0.941 / 0.944 / 0.948 for chrome penalties
# 10 / 20 / 40): kept at the middle values rather than chase the dev set.
SHORT_LINE_PENALTY = 4.0
CHROME_PENALTY = 20.0
WALL = float("-inf")
# The prose after a repeated headline is the body when it scores at least this share
# of the page's best section (dev page dumps: 0.1 to 0.3 scored the same, 0.4 lower).
HEADLINE_SECTION_SHARE = 0.2
# A "Related" box inside an article is stitched over when it is at most this many lines
# and the prose after it scores at least STITCH_MIN_SCORE (about two paragraphs). Set
# by hand from how inline boxes look (a heading and two to six headlines).
STITCH_MAX_GAP = 8
STITCH_MIN_SCORE = 30.0
# The earliest wall-bounded section scoring at least this share of the best section is
# the article (comments and related lists come after it and can be longer). Set on
# the 90 dev page dumps: 0.3 scored best (F1 0.934 against 0.923 at 0.2 and 0.924 at
# 0.5); lower lets menus with prose win, higher lets comment threads win.
EARLY_SECTION_SHARE = 0.3
# A line is prose when it has at least this many words and ends like a sentence, or
# has PROSE_LONG_WORDS words whatever its ending (a paragraph cut off by a paywall).
PROSE_MIN_WORDS = 8
PROSE_LONG_WORDS = 25
# A headline has between these many words.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
# A line before the body is the headline when its words overlap the document title's
# this much (Dice); headlines are often reworded from the <title> ("Home Depot Stock
# Is Falling..." / "Home Depot Stock Falls..."). Dev page dumps: 80, 79, 77 of 90
# headlines right at 0.4, 0.5, 0.6; the middle value is kept.
TITLE_SIMILARITY = 0.5
# How many lines before the body to search for the headline and byline.
HEADER_WINDOW = 40
# A date line has at most this many words ("Published 14 March 2024, 10:02 am GMT").
DATE_LINE_MAX_WORDS = 12
# Words around dates that confuse the date parser.
_DATE_NOISE = re.compile(
    r"\b(?:published|posted|updated|last updated|modified|on|at|by)\b"
    r"(?=\W|$)",
    re.IGNORECASE,
)
# A byline: "By Jane Doe" or "By Jane Doe and John Roe, Reuters".
BYLINE = re.compile(r"^by\s+(?P<name>[^\d@]{2,80})$", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"[.,;:!?…。，]")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’]$")
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:·•]\s+[^|\-–—]{1,60}$")


@dataclass(frozen=True, slots=True)
class PageText:
    """What the cleaner found in a page dump."""

    title: str | None
    paragraphs: tuple[str, ...]
    byline: str | None
    related: tuple[RelatedListing, ...]
    published: datetime | None = None


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def _is_prose(line: str) -> bool:
    words = _words(line)
    if not _PUNCTUATION.search(line):
        # Many words and not one comma or full stop: a tag cloud or a menu row.
        return False
    return words >= PROSE_LONG_WORDS or (
        words >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line))
    )


def _line_score(line: str) -> float:
    if SECTION_END.match(line):
        return WALL
    if CHROME.match(line):
        return -CHROME_PENALTY
    if _is_prose(line) or CREDIT.match(line):
        return float(_words(line))
    if _words(line) >= PROSE_MIN_WORDS:
        # Long but unpunctuated: a subhead inside the body or a headline outside it;
        # neutral, so it is kept only between prose lines.
        return 0.0
    return -SHORT_LINE_PENALTY


def _kadane(scores: list[float], offset: int) -> tuple[float, int, int]:
    best, best_span = 0.0, (offset, offset)
    total, start = 0.0, 0
    for index, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, index
        total += score
        if total > best:
            best, best_span = total, (offset + start, offset + index + 1)
    return best, best_span[0], best_span[1]


def _sections(scores: list[float]) -> list[tuple[float, int, int]]:
    """Each wall-bounded section's best run: (score, start, end)."""
    sections: list[tuple[float, int, int]] = []
    start = 0
    for index in [*(i for i, s in enumerate(scores) if s == WALL), len(scores)]:
        if index > start:
            sections.append(_kadane(scores[start:index], start))
        start = index + 1
    return sections


def _headline_index(lines: list[str]) -> int | None:
    """Where the page repeats its document title (the first line) as a headline."""
    if len(lines) < 2:
        return None
    wanted = {_fold(lines[0]), _fold(_strip_suffix(lines[0]))}
    for index in range(1, len(lines)):
        line = lines[index]
        if _words(line) >= HEADLINE_MIN_WORDS and _fold(line) in wanted:
            return index
    return None


def _best_runs(lines: list[str], scores: list[float]) -> list[tuple[int, int]]:
    """The [start, end) runs of lines that make the body.

    Walls cut the page into sections; in each, the run with the highest total score
    (Kadane). The article comes before its comments and related lists, which can be
    longer than it: the earliest section whose run scores at least
    EARLY_SECTION_SHARE of the best one wins. A short "Related" box inside the
    article (a wall, a few headlines, then prose again) does not end it: the next
    section's run is stitched on.
    """
    sections = [section for section in _sections(scores) if section[0] > 0]
    if not sections:
        return []
    headline = _headline_index(lines)
    if headline is not None:
        # The body follows the headline: teasers above it are other stories. (Unless
        # the repeat is a share box at the bottom: then little prose follows it.)
        clipped = [WALL] * (headline + 1) + scores[headline + 1 :]
        after = [section for section in _sections(clipped) if section[0] > 0]
        if after and max(a[0] for a in after) >= HEADLINE_SECTION_SHARE * max(
            section[0] for section in sections
        ):
            sections = after
    best = max(section[0] for section in sections)
    chosen = next(i for i, s in enumerate(sections) if s[0] >= EARLY_SECTION_SHARE * best)
    runs = [sections[chosen][1:]]
    for total, begin, end in sections[chosen + 1 :]:
        last_end = runs[-1][1]
        gap = lines[last_end:begin]
        walls = [line for line in gap if SECTION_END.match(line)]
        if (
            total >= STITCH_MIN_SCORE
            and len(gap) <= STITCH_MAX_GAP
            and walls
            and all(RELATED_HEADING.match(line) for line in walls)
        ):
            runs.append((begin, end))
        else:
            break
    return runs


def _strip_suffix(title: str) -> str:
    # "Headline - Site Name" / "Headline | Site": drop the site part.
    stripped = _TITLE_SUFFIX.sub("", title)
    return stripped if _words(stripped) >= HEADLINE_MIN_WORDS else title


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _headline_shaped(line: str) -> bool:
    words = _words(line)
    return (
        HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS
        and not _SENTENCE_END.search(line.rstrip("?!"))
        and not CHROME.match(line)
        and not SECTION_END.match(line)
        and not BYLINE.match(line)
        and not DATELINE.search(line)
        and not _is_prose(line)
    )


def _similarity(left: str, right: str) -> float:
    """Dice overlap of the two texts' word sets."""
    a, b = set(_fold(left).split()), set(_fold(right).split())
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _find_title(lines: list[str], body_start: int) -> tuple[str | None, int | None]:
    """The headline and its line index, looked for before the body.

    A dump may carry the document title ("Headline | Site", often its first line); the
    headline above the body says the same, perhaps reworded. The headline-shaped line
    before the body most like a document title wins; failing that, a document title
    in the first line (minus the site name); failing that, the nearest headline-shaped
    line before the body.
    """
    if not lines:
        return None, None
    start = max(0, body_start - HEADER_WINDOW)
    titles = [
        (index, stripped)
        for index, line in enumerate(lines[:body_start])
        if (stripped := _strip_suffix(line)) != line or index == 0
    ]
    best, best_index = 0.0, None
    for index in reversed(range(start, body_start)):
        if not _headline_shaped(lines[index]):
            continue
        similarity = max(
            (_similarity(lines[index], title) for at, title in titles if at != index),
            default=0.0,
        )
        if similarity > best:
            best, best_index = similarity, index
    if best_index is not None and best >= TITLE_SIMILARITY:
        return lines[best_index], best_index
    document_title = _strip_suffix(lines[0])
    if document_title != lines[0] and _words(document_title) >= HEADLINE_MIN_WORDS:
        return document_title, 0
    for index in reversed(range(start, body_start)):
        if _headline_shaped(lines[index]):
            return lines[index], index
    return None, None


def _find_published(lines: list[str], start: int, end: int) -> datetime | None:
    """The first date line between the headline and the body, as a datetime.

    Dumps rarely name a zone: a date without one is taken as UTC, which gets the day
    right but the hour only approximately.
    """
    for line in lines[start:end]:
        if not DATELINE.search(line) or AGE.match(line) or _words(line) > DATE_LINE_MAX_WORDS:
            continue
        when = parse_date(_DATE_NOISE.sub(" ", line), fuzzy=True)
        if when is not None and re.search(r"\d{4}", line):
            return when
    return None


def _find_byline(lines: list[str], start: int, end: int) -> str | None:
    for index in range(start, end):
        line = lines[index]
        match = BYLINE.match(line)
        if match:
            return match.group("name").strip()
        if line.lower() == "by" and index + 1 < end:
            return lines[index + 1]
    return None


def _listing_from_age(lines: list[str], age_index: int, stop: int) -> RelatedListing | None:
    """One listing around its age line, in either of the two common layouts.

    Source first: "Source / 5 minutes ago / - Source / Title / snippet...". Title first:
    "Title / 6 hours ago" (perhaps after a section label).
    """
    before = lines[age_index - 1] if age_index > 0 else None
    after = lines[age_index + 1] if age_index + 1 < stop else None
    age = lines[age_index]
    repeats_source = (
        after is not None and before is not None and (after.lstrip("-–—• ").strip() == before)
    )
    if before and _words(before) > HEADLINE_MIN_WORDS and not repeats_source:
        return RelatedListing(title=before, age=age)
    if before is None:
        return None
    cursor = age_index + 2 if repeats_source else age_index + 1
    if cursor >= stop:
        return None
    snippet_lines = [line for line in lines[cursor + 1 : stop] if not SECTION_END.match(line)]
    snippet = TRAILING_CHROME.sub("", " ".join(snippet_lines)).strip() or None
    return RelatedListing(title=lines[cursor], source=before, age=age, snippet=snippet)


def _parse_related(lines: list[str]) -> tuple[RelatedListing, ...]:
    """Parse the listings after a "Related ..." heading.

    Listings are anchored on their relative-age line ("5 minutes ago") when they have
    one; otherwise headline-shaped lines are titles and a prose line after one is its
    snippet.
    """
    ages = [i for i, line in enumerate(lines) if AGE.match(line)]
    listings: list[RelatedListing] = []
    for number, age_index in enumerate(ages):
        # The next listing starts one line before its age line (its source or title).
        stop = ages[number + 1] - 1 if number + 1 < len(ages) else len(lines)
        listing = _listing_from_age(lines, age_index, max(stop, age_index + 1))
        if listing is not None:
            listings.append(listing)
    if listings:
        return tuple(listings)
    for index, line in enumerate(lines):
        if _is_prose(line) or CHROME.match(line) or _words(line) < HEADLINE_MIN_WORDS:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        snippet = TRAILING_CHROME.sub("", following).strip() if _is_prose(following) else ""
        listings.append(RelatedListing(title=line, snippet=snippet or None))
    return tuple(listings)


def _related_after(lines: list[str], end: int) -> tuple[RelatedListing, ...]:
    for index in range(end, len(lines)):
        if RELATED_HEADING.match(lines[index]):
            tail = lines[index + 1 :]
            stop = next(
                (
                    i
                    for i, line in enumerate(tail)
                    if SECTION_END.match(line) and not RELATED_HEADING.match(line)
                ),
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
    runs = _best_runs(lines, scores)
    start, end = (runs[0][0], runs[-1][1]) if runs else (0, 0)
    title, title_index = _find_title(lines, start)
    if title_index is not None and start <= title_index < end:
        start = title_index + 1
    paragraphs = tuple(
        line
        for begin, stop in runs
        for line in lines[max(begin, start) : stop]
        if not CHROME.match(line) and line != title
    )
    header_start = (title_index + 1) if title_index is not None else max(0, start - HEADER_WINDOW)
    byline = _find_byline(lines, header_start, start)
    return PageText(
        title=title,
        paragraphs=paragraphs,
        byline=byline,
        related=_related_after(lines, end),
        published=_find_published(lines, header_start, start),
    )
