"""Extract the article blocks of an HTML page.

The page is parsed once with lxml; metadata is read from it (``metadata.py``), our
density pass finds a main-content candidate (``density.py``), then trafilatura (fast
settings) finds its own; its output tree is turned into typed blocks (paragraphs,
headings, list items, quotes, code) and the two opinions are merged block by block
(``vote.py``).
``fast`` skips trafilatura and keeps the density pass's blocks (trafilatura's fast
settings are the fallback when the density pass finds nothing). Third-party failures
become :class:`NoArticleFound` with a reason; nothing here does I/O.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from broadsheet.errors import NoArticleFound
from broadsheet.pipeline.extract.blocks import normalise_space
from broadsheet.pipeline.extract.density import density_blocks
from broadsheet.pipeline.extract.metadata import PageMetadata, read_metadata
from broadsheet.pipeline.extract.related import related_listings
from broadsheet.pipeline.extract.vote import vote
from broadsheet.types import RelatedListing

__all__ = ["HtmlExtraction", "extract_html", "parse_html", "tree_blocks"]

logger = logging.getLogger(__name__)

# Trees deeper than this are flattened before extraction: lxml and trafilatura recurse
# on depth, and no page of the extraction benchmark goes past 32 levels.
MAX_TREE_DEPTH = 400
# Pages with more elements than this skip trafilatura, whose cleaning passes grow
# faster than linearly (a 10 MB page of 460,000 elements took 40 s in it, 6 s in the
# density pass). The largest page of the extraction benchmark has about 1,600.
MAX_TRAFILATURA_ELEMENTS = 50_000
# Fewer words than this is a menu or a button, not an article (the shortest body in
# the extraction benchmark has 67 words; a news brief has at least two sentences).
MIN_ARTICLE_WORDS = 10
_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6"}


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """The blocks of the main content and the page's metadata."""

    blocks: tuple[tuple[str, str], ...]
    metadata: PageMetadata
    related: tuple[RelatedListing, ...] = ()


def parse_html(text: str) -> lxml_html.HtmlElement:
    """Parse a page with lxml, tolerant of broken markup.

    Raises:
        NoArticleFound: there is no document to parse (only comments, white space).
    """
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
    try:
        tree = lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise NoArticleFound(f"the HTML cannot be parsed: {exc}") from exc
    if tree is None:
        raise NoArticleFound("the HTML holds no document")
    _flatten_deep(tree)
    return tree


def _flatten_deep(tree: lxml_html.HtmlElement) -> None:
    """Cut nesting deeper than MAX_TREE_DEPTH by moving the deep part's text up."""
    # One XPath step per level, evaluated in C: finds whether anything is that deep
    # without walking the tree in Python on every (shallow) page.
    if not tree.xpath("/*" * MAX_TREE_DEPTH):
        return
    stack = [(tree, 0)]
    while stack:
        element, depth = stack.pop()
        if depth >= MAX_TREE_DEPTH:
            text = " ".join(element.itertext())
            for child in list(element):
                element.remove(child)
            element.text = text
            continue
        stack.extend((child, depth + 1) for child in element)


def _item_text(element: etree._Element) -> str:
    """The text of a trafilatura output element, its line breaks (``<lb/>``) kept."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def tree_blocks(body: etree._Element) -> list[tuple[str, str]]:
    """Turn trafilatura's output tree into (text, kind) blocks."""
    blocks: list[tuple[str, str]] = []

    def add(text: str, kind: str) -> None:
        text = normalise_space(text, keep_newlines=kind == "pre")
        if text:
            blocks.append((text, kind))

    def visit(element: etree._Element, quote: bool) -> None:
        tag = element.tag
        if tag == "head":
            add(_item_text(element), _HEADINGS.get(element.get("rend", "h2"), "h2"))
        elif tag == "list":
            for item in element.iterfind("item"):
                add(_item_text(item), "li")
        elif tag == "quote":
            children = [child for child in element if child.tag in {"p", "list", "head"}]
            if children:
                if element.text and element.text.strip():
                    add(element.text, "blockquote")
                for child in element:
                    visit(child, True)
            else:
                add(_item_text(element), "blockquote")
        elif tag == "code":
            add(_item_text(element), "pre")
        elif tag == "table":
            for row in element.iterfind(".//row"):
                cells = [normalise_space(_item_text(cell)) for cell in row.iterfind("cell")]
                add(" | ".join(cell for cell in cells if cell), "p")
        elif tag in {"p", "item"}:
            add(_item_text(element), "blockquote" if quote else "p")
        elif tag == "graphic":
            return
        else:
            add(_item_text(element), "p")

    for child in body:
        visit(child, False)
    return blocks


def _trafilatura_body(tree: lxml_html.HtmlElement, url: str | None) -> etree._Element | None:
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            with_metadata=False,
        )
    except (
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        KeyError,
        RecursionError,
        etree.LxmlError,
    ) as exc:
        raise NoArticleFound(f"trafilatura failed on the page: {exc!r}") from exc
    body: etree._Element | None = getattr(document, "body", None)
    return body


def extract_html(text: str, *, url: str | None = None, fast: bool = False) -> HtmlExtraction:
    """Find the main content of an HTML page.

    Args:
        text: the decoded page.
        url: its URL, if known (helps resolve relative links in metadata).
        fast: use the density pass alone (about 5x faster, a little less precise).

    Returns:
        The blocks and metadata.

    Raises:
        NoArticleFound: the page has no main content.
    """
    tree = parse_html(text)
    metadata = read_metadata(tree)
    density = density_blocks(tree)
    listings = related_listings(tree, base_url=metadata.url or url)
    huge = tree.xpath("count(//*)") > MAX_TRAFILATURA_ELEMENTS
    if (fast or huge) and density:
        blocks = [(block.text, block.kind) for block in density]
    else:
        # trafilatura changes the tree it is given: it runs after the density pass. Its
        # fast settings skip its own fallback extractors; the density pass is ours, and
        # with it the vote scores as well as with trafilatura's defaults (dev pages:
        # 0.977 either way) at a good part of the cost.
        body = _trafilatura_body(tree, url)
        blocks = tree_blocks(body) if body is not None else []
        if not fast:
            blocks = vote(blocks, density)
    words = sum(len(text.split()) for text, _ in blocks)
    if words < MIN_ARTICLE_WORDS:
        raise NoArticleFound(f"no main content found in the page ({words} words of text)")
    # A link whose text is part of the body is the article's own, not a listing.
    text_of_body = " ".join(text for text, _ in blocks)
    related = tuple(listing for listing in listings if listing.title not in text_of_body)
    return HtmlExtraction(tuple(blocks), metadata, related)
