"""Our own main-content finder: text density over the lxml tree.

A second opinion next to trafilatura, cheap enough to run on every page. Scripts,
forms' controls and elements whose class/id says they are chrome (share bars,
comments, related lists) are set aside; the remaining text blocks (paragraphs, list
items, headings, and text written straight into a ``div``) are scored by length and
commas, minus links; each block's score flows to its ancestors, and the best ancestor
is the article's container. Siblings of the container that hold article-like prose
(an article split around an advertisement) join it. Pure: works on a parsed tree and
never modifies it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from broadsheet.pipeline.extract.blocks import normalise_space

__all__ = ["Block", "density_blocks", "page_blocks"]

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "iframe",
        "svg",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "nav",
        "footer",
        "aside",
        "template",
        "object",
        "embed",
        "canvas",
        "form",
        "head",
        "figcaption",
        "time",
        "label",
        "menu",
        "dialog",
    }
)
_BLOCK_TAGS = {
    "p": "p",
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "h5": "h5",
    "h6": "h6",
    "li": "li",
    "blockquote": "blockquote",
    "pre": "pre",
    "dd": "p",
    "dt": "p",
    "td": "p",
    "th": "p",
    "figure": "p",
    "table": "p",
    "ul": "p",
    "ol": "p",
    "dl": "p",
}
_CONTAINERS = frozenset({"div", "section", "article", "main", "span", "font", "center", "body"})
# Class/id words of chrome (after readability's unlikely-candidate list, extended with
# what news pages add: newsletters, share bars, recirculation widgets). An element
# matching _UNLIKELY is skipped unless it also matches _LIKELY; one matching only the
# weaker _MAYBE_CHROME words (page builders put "widget" and "header" on everything)
# is skipped unless it holds article-like paragraphs.
_UNLIKELY = re.compile(
    r"(?<![a-z])(?:comment|communit|disqus|related|remark|rss|share|shoutbox|sidebar|skyscraper"
    r"|sponsor|ad-break|agegate|pagination|pager(?![a-z])|popup|social|newsletter|promo|subscribe"
    r"|cookie|breadcrumb|recommend|outbrain|taboola|trending|most-?popular|signup|modal"
    r"|toolbar|masthead)",
    re.IGNORECASE,
)
_MAYBE_CHROME = re.compile(
    r"foot|header|menu|banner|widget|caption|credit|byline|author-?info|tags|topics"
    r"|nav\b|dateline",
    re.IGNORECASE,
)
# A _MAYBE_CHROME element is kept when it holds this many paragraphs of prose length.
MAYBE_CHROME_KEEP_PARAGRAPHS = 2
PROSE_PARAGRAPH_CHARS = 80
# ... or this much text outside links (blogs that write the post as one <div> with <br>).
MAYBE_CHROME_KEEP_CHARS = 1500
_LIKELY = re.compile(r"article|body|content|story|entry|main|post-?text|text", re.IGNORECASE)
# Blocks shorter than this (characters) add nothing to their container's score.
MIN_SCORING_CHARS = 25
# A block whose text is more than this share link text is navigation.
MAX_LINK_DENSITY = 0.5
# Siblings of the best container (and of its parents, up to SIBLING_CLIMB levels: an
# article split around an advertisement) join it when their own score reaches this
# share of the container's (readability uses 0.2 for direct siblings; 0.8 on the dev
# pages, see docs/benchmarks/extraction.md) and at least MIN_SIBLING_SCORE, or when
# they carry the same class as the container's branch (readability's rule too).
SIBLING_SHARE = 0.8
SIBLING_CLIMB = 2
MIN_SIBLING_SCORE = 10.0
# Weight of a list item's score against a paragraph's (dev pages: 0.5 stops tickers of
# headlines winning over the article; 0.3 to 0.7 scored the same).
LIST_ITEM_WEIGHT = 0.5
# Own text (outside child blocks) of a container that counts as a block of its own.
MIN_LOOSE_TEXT_CHARS = 60


@dataclass(frozen=True, slots=True)
class Block:
    """A text block of the page, in document order."""

    element: etree._Element
    text: str
    kind: str
    link_chars: int

    @property
    def link_density(self) -> float:
        """Share of the block's characters inside links."""
        return self.link_chars / len(self.text) if self.text else 0.0

    @property
    def score(self) -> float:
        """How much this block looks like article prose (0 for short or linky blocks)."""
        if len(self.text) < MIN_SCORING_CHARS or self.link_density > MAX_LINK_DENSITY:
            return 0.0
        commas = self.text.count(",") + self.text.count("，") + self.text.count("、")
        score = (1.0 + commas + min(len(self.text) / 100.0, 3.0)) * (1.0 - self.link_density)
        # List items are more often teasers and tickers than article prose.
        return score * LIST_ITEM_WEIGHT if self.kind == "li" else score


def _attributes(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _is_unlikely(element: etree._Element) -> bool:
    if element.tag in {"body", "html", "article", "main"}:
        return False
    attributes = _attributes(element)
    if not attributes.strip() or _LIKELY.search(attributes):
        return False
    strong = bool(_UNLIKELY.search(attributes))
    if not strong and not _MAYBE_CHROME.search(attributes):
        return False
    # A layout wrapper that happens to be named "sidebar" or "widget" holds the article.
    if next(element.iter("article", "h1"), None) is not None:
        return False
    if strong:
        return True
    prose = 0
    for paragraph in element.iter("p"):
        if len(paragraph.text_content()) >= PROSE_PARAGRAPH_CHARS:
            prose += 1
            if prose >= MAYBE_CHROME_KEEP_PARAGRAPHS:
                return False
    text = element.text_content()
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return len(text) - links < MAYBE_CHROME_KEEP_CHARS


def _has_block_child(element: etree._Element) -> bool:
    return any(
        isinstance(child.tag, str) and (child.tag in _BLOCK_TAGS or child.tag in _CONTAINERS)
        for child in element.iterdescendants()
    )


def _text_and_links(element: etree._Element) -> tuple[str, int]:
    parts: list[str] = []
    links = 0
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if node.tag == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
            if node.tag == "a":
                links += len(node.text_content())
        if node is not element and node.tail:
            parts.append(node.tail)
    return normalise_space("".join(parts)), links


def _loose_text(element: etree._Element) -> tuple[str, int]:
    """Text written straight into a container (not inside a child block)."""
    parts = [element.text or ""]
    links = 0
    for child in element:
        if (
            isinstance(child.tag, str)
            and child.tag not in _SKIP_TAGS
            and not (
                child.tag in _BLOCK_TAGS or child.tag in _CONTAINERS or _has_block_child(child)
            )
        ):
            text = child.text_content()
            parts.append(text)
            if child.tag == "a":
                links += len(text)
        parts.append(child.tail or "")
    return normalise_space("".join(parts)), links


def page_blocks(root: etree._Element) -> Iterator[Block]:
    """Yield the text blocks under ``root`` in document order, skipping chrome."""
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, quoted = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS or _is_unlikely(element):
            continue
        if tag in _BLOCK_TAGS and not any(
            isinstance(d.tag, str) and (d.tag in _BLOCK_TAGS or d.tag in {"div", "section"})
            for d in element.iterdescendants()
        ):
            text, links = _text_and_links(element)
            if text:
                kind = _BLOCK_TAGS[tag]
                yield Block(element, text, "blockquote" if quoted and kind == "p" else kind, links)
            continue
        loose, links = _loose_text(element)
        if len(loose) >= MIN_LOOSE_TEXT_CHARS:
            yield Block(element, loose, "blockquote" if quoted else "p", links)
        quoted = quoted or tag == "blockquote"
        stack.extend((child, quoted) for child in reversed(element) if isinstance(child.tag, str))


def density_blocks(tree: lxml_html.HtmlElement) -> list[Block]:
    """The blocks of the page's main content by text density, in document order."""
    body = tree.find("body")
    root = body if body is not None else tree
    blocks = list(page_blocks(root))
    scores: dict[etree._Element, float] = {}
    totals: dict[etree._Element, float] = {}
    for block in blocks:
        score = block.score
        if not score:
            continue
        level = 1
        for ancestor in block.element.iterancestors():
            if level <= 3:
                scores[ancestor] = scores.get(ancestor, 0.0) + score / level
            totals[ancestor] = totals.get(ancestor, 0.0) + score
            level += 1
        totals[block.element] = totals.get(block.element, 0.0) + score
    if not scores:
        return []
    top = max(scores, key=scores.__getitem__)
    threshold = max(MIN_SIBLING_SCORE, totals[top] * SIBLING_SHARE)
    members = {top}
    current = top
    for _ in range(SIBLING_CLIMB):
        parent = current.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        for sibling in parent:
            if sibling is current:
                continue
            total = totals.get(sibling, 0.0)
            # Same class as the container's branch: another chunk of the same article.
            same_kind = bool(current.get("class")) and sibling.get("class") == current.get("class")
            if total >= threshold or (same_kind and total >= MIN_SIBLING_SCORE):
                members.add(sibling)
        current = parent
    inside: list[Block] = []
    for block in blocks:
        holder: etree._Element | None = block.element
        while holder is not None and holder not in members:
            holder = holder.getparent()
        if holder is None:
            continue
        if block.link_density > MAX_LINK_DENSITY and not block.kind.startswith("h"):
            continue
        inside.append(block)
    return inside
