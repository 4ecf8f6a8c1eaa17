"""The block vote between trafilatura and the density pass, on hand-made blocks."""

from __future__ import annotations

from lxml import html as lxml_html

from broadsheet.pipeline.extract.density import Block, density_blocks
from broadsheet.pipeline.extract.html import parse_html
from broadsheet.pipeline.extract.vote import vote

_ELEMENT = lxml_html.fromstring("<p>x</p>")
P1 = "The first paragraph of the story tells what happened on the river on Monday."
P2 = "The second paragraph adds who said what about it, and why it matters to the town."
P3 = "The third paragraph, which trafilatura missed, closes the story with a fine quote."
DEK = "A standfirst that sums the story up in a few words"


def _block(text: str) -> Block:
    return Block(_ELEMENT, text, "p", 0)


def test_agreed_blocks_are_kept_and_edge_extras_dropped() -> None:
    base = [(DEK, "p"), (P1, "p"), (P2, "p")]
    merged = vote(base, [_block(P1), _block(P2)])
    assert merged == [(P1, "p"), (P2, "p")]


def test_density_only_prose_is_added_after_its_anchor() -> None:
    merged = vote([(P1, "p"), (P2, "p")], [_block(P1), _block(P2), _block(P3)])
    assert [text for text, _ in merged] == [P1, P2, P3]


def test_trafilatura_only_blocks_between_agreed_ones_stay() -> None:
    middle = "A short subhead"
    merged = vote([(P1, "p"), (middle, "h2"), (P2, "p")], [_block(P1), _block(P2)])
    assert merged == [(P1, "p"), (middle, "h2"), (P2, "p")]


def test_density_wins_when_trafilatura_took_the_whole_page() -> None:
    page = [
        (f"Unrelated block number {i} about menus and other things." * 3, "p") for i in range(30)
    ]
    merged = vote([*page, (P1, "p")], [_block(P1)])
    assert merged == [(P1, "p")]


def test_one_side_empty() -> None:
    assert vote([], [_block(P1)]) == [(P1, "p")]
    assert vote([(P1, "p")], []) == [(P1, "p")]


def test_density_pass_prefers_the_article_and_rejoins_its_chunks() -> None:
    paragraph = "<p>" + P1 + " " + P2 + "</p>"
    page = parse_html(
        "<html><body>"
        "<div class='sidebar'><p>" + P3 + "</p></div>"
        "<main><div class='chunk'><div class='text'>" + paragraph * 6 + "</div></div>"
        "<div class='ad'><a href='/x'>Buy things</a></div>"
        "<div class='chunk'><div class='text'>" + paragraph * 3 + "</div></div></main>"
        "<div class='comments'><p>" + P3 + "</p></div>"
        "</body></html>"
    )
    blocks = density_blocks(page)
    # Both chunks (the second is too small to join by score alone: it joins by its
    # class), neither the sidebar nor the comments.
    assert len(blocks) == 9
    assert all(P3 not in block.text for block in blocks)
