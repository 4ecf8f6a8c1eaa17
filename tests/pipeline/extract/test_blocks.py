"""Bodies and paragraphs: offsets always index the body."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.pipeline.extract.blocks import join_blocks, normalise_space, split_text

KINDS = st.sampled_from(["p", "h2", "h3", "li", "blockquote", "pre", "weird"])


@given(st.lists(st.tuples(st.text(max_size=40), KINDS), max_size=12))
def test_join_blocks_offsets_index_the_body(blocks: list[tuple[str, str]]) -> None:
    body, paragraphs = join_blocks(blocks)
    for paragraph in paragraphs:
        assert body[paragraph.start : paragraph.end] == paragraph.text
        assert paragraph.kind != "weird"
    assert body == "\n\n".join(p.text for p in paragraphs)


@given(st.text(alphabet=st.sampled_from("ab \n\t\r."), max_size=200))
def test_split_text_offsets_index_the_text(text: str) -> None:
    paragraphs = split_text(text)
    for paragraph in paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text
        assert paragraph.text == paragraph.text.strip()
    assert [p.start for p in paragraphs] == sorted(p.start for p in paragraphs)


@given(st.text(max_size=200))
def test_normalise_space_is_idempotent(text: str) -> None:
    once = normalise_space(text)
    assert normalise_space(once) == once
    assert "\n" not in once
