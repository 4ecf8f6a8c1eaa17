"""Find a page's "related articles" listings in its HTML.

Listings live in boxes whose class or id says so (``related``, ``recommended``,
``more-stories``, ``read-next`` ...) or under a heading that says so ("Related
stories", "More from ..."; the same phrases the page-dump cleaner uses). Each link
with a headline-length text becomes a :class:`RelatedListing` with its absolute URL.
Pure: works on a parsed tree, never fetches anything.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from broadsheet.pipeline.extract.blocks import normalise_space
from broadsheet.pipeline.extract.chrome import RELATED_HEADING
from broadsheet.types import RelatedListing

__all__ = ["related_listings"]

_RELATED_BOX = re.compile(
    r"(?<![a-z])(?:related|recommend|more-?stories|read-?next|also-?read|more-?from"
    r"|up-?next|further-?reading)",
    re.IGNORECASE,
)
# A listing's title has at least this many words (shorter link texts are section
# names and buttons) and at most this many (longer ones are paragraphs).
MIN_TITLE_WORDS = 4
MAX_TITLE_WORDS = 30
# At most this many listings are kept per page.
MAX_LISTINGS = 20
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
# A heading longer than this (characters) is not a "Related" label.
MAX_HEADING_CHARS = 60


def _boxes(tree: lxml_html.HtmlElement) -> list[etree._Element]:
    boxes: list[etree._Element] = []
    for element in tree.iter("div", "section", "aside", "ul", "nav"):
        attributes = f"{element.get('class', '')} {element.get('id', '')}"
        if _RELATED_BOX.search(attributes):
            boxes.append(element)
    for heading in tree.iter(*_HEADINGS):
        label = heading.text_content()
        if len(label) <= MAX_HEADING_CHARS and RELATED_HEADING.match(normalise_space(label)):
            parent = heading.getparent()
            if parent is not None:
                boxes.append(parent)
    return boxes


def related_listings(
    tree: lxml_html.HtmlElement, *, base_url: str | None
) -> tuple[RelatedListing, ...]:
    """The related-article links of a page.

    Args:
        tree: the parsed page.
        base_url: the page's URL, to make links absolute.

    Returns:
        Up to MAX_LISTINGS listings, in page order, without duplicates.
    """
    seen: set[str] = set()
    listings: list[RelatedListing] = []
    for box in _boxes(tree):
        for link in box.iter("a"):
            title = normalise_space(link.text_content())
            words = len(title.split())
            href = (link.get("href") or "").strip()
            if not (MIN_TITLE_WORDS <= words <= MAX_TITLE_WORDS) or not href:
                continue
            if href.startswith(("javascript:", "mailto:", "#")):
                continue
            key = title.lower()
            if key in seen:
                continue
            seen.add(key)
            try:
                url = urljoin(base_url, href) if base_url else href
            except ValueError:  # a malformed base or link ("https://[x/..."): keep as written
                url = href
            listings.append(RelatedListing(title=title, url=url))
            if len(listings) >= MAX_LISTINGS:
                return tuple(listings)
    return tuple(listings)
