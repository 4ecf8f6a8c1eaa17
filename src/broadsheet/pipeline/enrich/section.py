"""Section (topic) of an article, with a confidence.

First what the source says: its categories, then the URL path ("/sport/football/...").
Otherwise a hand-written keyword lexicon (the knowledge ships with the repository as
data in :mod:`section_lexicon`; no weights trained on any corpus). The BBC set is only
used to measure it (bench/enrichment.py), never to fit it. Pure; no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from broadsheet.pipeline.enrich.section_lexicon import LEXICON, SECTION_ALIASES
from broadsheet.pipeline.enrich.text import content_words

__all__ = ["SECTIONS", "classify_section", "section_from_labels"]

SECTIONS = tuple(LEXICON)

#: Confidence given when the source's own categories name a known section, and when
#: only the URL path does (paths are sometimes stale or generic, e.g. "/news/").
CATEGORY_CONFIDENCE = 0.95
URL_CONFIDENCE = 0.85

#: The lexicon's confidence is the winning share of keyword hits, scaled by how much
#: evidence there is: full confidence needs this many weighted hits. Set by hand.
EVIDENCE_FOR_FULL_CONFIDENCE = 12.0

#: Title hits count this many times a body hit.
TITLE_WEIGHT = 3.0

_SLUG = re.compile(r"[a-z]+")


def section_from_labels(labels: list[str]) -> str | None:
    """Map free-form labels ("Sports", "US Politics", "tech") to a known section."""
    for label in labels:
        for word in [label.lower().strip(), *_SLUG.findall(label.lower())]:
            if word in SECTION_ALIASES:
                return SECTION_ALIASES[word]
    return None


def classify_section(
    title: str,
    body: str,
    categories: tuple[str, ...] = (),
    url: str | None = None,
) -> tuple[str | None, float]:
    """Return ``(section, confidence)`` for an article.

    Args:
        title: headline.
        body: body text.
        categories: the source's categories or tags.
        url: the article URL.

    Returns:
        A section from :data:`SECTIONS` and a confidence in [0, 1]; ``(None, 0.0)``
        when nothing points anywhere.
    """
    found = section_from_labels(list(categories))
    if found:
        return found, CATEGORY_CONFIDENCE
    if url:
        try:
            path = urlsplit(url).path
        except ValueError:  # a malformed URL ("https://[x/..."): it says nothing
            path = ""
        segments = [s for s in path.split("/") if s][:3]
        found = section_from_labels(segments)
        if found:
            return found, URL_CONFIDENCE
    words: dict[str, float] = dict(Counter(content_words(body)))
    for word in content_words(title):
        words[word] = words.get(word, 0.0) + TITLE_WEIGHT
    hits = {section: sum(words.get(term, 0.0) * weight for term, weight in terms.items())
            for section, terms in LEXICON.items()}
    total = sum(hits.values())
    if not total:
        return None, 0.0
    section = max(hits, key=lambda name: hits[name])
    best = hits[section]
    confidence = (best / total) * min(1.0, total / EVIDENCE_FOR_FULL_CONFIDENCE)
    return section, round(confidence, 3)
