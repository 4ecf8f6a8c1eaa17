"""The dispatcher's promises: every extracted article has a title."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.pipeline.extract import extract
from broadsheet.pipeline.extract.dispatch import FALLBACK_TITLE_CHARS, _title_from_body
from broadsheet.types import FeedHints, RawDocument

FIRST = "The harbour reopened to fishing boats on Monday after three weeks of repairs."
PROSE = [
    FIRST + " Engineers replaced two sections of the sea wall, the port authority said.",
    "Boats lined up at dawn to leave the harbour, and the first catch came in before noon.",
    "The authority said a third section of the wall would be rebuilt over the winter months.",
]
CHROME = ["Home", "News", "Sport", "Weather", "Contact", "Sign in"]
FOOTER = ["Share", "Tweet", "Privacy", "Terms", "Cookies"]


def _html(head: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE)
    return f"<html><head>{head}</head><body><article>{paragraphs}</article></body></html>"


def _dump() -> str:
    return "\n".join(CHROME + PROSE + FOOTER)


@pytest.mark.parametrize(
    ("content", "fmt"),
    [(_html(), "html"), (_html("<title> \n </title>"), "html"), (_dump(), "page-text")],
)
def test_untitled_document_takes_its_first_sentence(content: str, fmt: str) -> None:
    article = extract(RawDocument(content, input_format=fmt))  # type: ignore[arg-type]
    assert article.title == FIRST


@pytest.mark.parametrize(
    ("content", "fmt"),
    [(_html(), "html"), (_html("<title>   </title>"), "html"), (_dump(), "page-text")],
)
def test_untitled_document_prefers_the_hints_title(content: str, fmt: str) -> None:
    raw = RawDocument(content, input_format=fmt, hints=FeedHints(title=" Harbour reopens "))  # type: ignore[arg-type]
    assert extract(raw).title == "Harbour reopens"


def test_blank_hints_title_is_not_a_title() -> None:
    raw = RawDocument(_dump(), input_format="page-text", hints=FeedHints(title="  "))
    assert extract(raw).title == FIRST


def test_long_first_sentence_is_cut_on_a_word_boundary() -> None:
    words = "the council met again on Tuesday to discuss the harbour wall and its repairs"
    sentence = f"{words} {words} {words}."
    title = _title_from_body(sentence + " Second sentence.")
    assert title.endswith("…")
    assert len(title) <= FALLBACK_TITLE_CHARS + 1
    stem = title[:-1]
    assert sentence.startswith(stem)
    assert sentence[len(stem)] == " "  # the cut falls between words


def test_one_unbroken_word_is_cut_where_it_must_be() -> None:
    title = _title_from_body("x" * 500)
    assert title == "x" * FALLBACK_TITLE_CHARS + "…"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=600).filter(lambda s: s.strip() != ""))
def test_fallback_title_is_never_blank_and_never_long(body: str) -> None:
    title = _title_from_body(body)
    assert title.strip()
    assert len(title) <= FALLBACK_TITLE_CHARS + 1
    assert " ".join(body.split()).startswith(title.removesuffix("…"))


def test_article_text_drops_whole_chrome_paragraphs() -> None:
    """Crawler output carries page chrome between paragraphs; the body does not."""
    text = "\n\n".join([PROSE[0], "Advertisement Continue reading the main story", PROSE[1],
                        "Photo", "Scroll down for video", PROSE[2]])
    raw = RawDocument(content=text, name="import.txt", input_format="article-text",
                      hints=FeedHints(title="Harbour reopens"))
    article = extract(raw)
    assert [p.text for p in article.paragraphs] == PROSE
    assert "Advertisement" not in article.body and "Photo" not in article.body
    for paragraph in article.paragraphs:
        assert article.body[paragraph.start:paragraph.end] == paragraph.text


def test_article_text_without_chrome_is_kept_as_given() -> None:
    text = "\n\n".join(PROSE)
    article = extract(RawDocument(content=text, name="a.txt", input_format="article-text"))
    assert article.body == text


def test_article_text_of_only_chrome_is_an_empty_input() -> None:
    from broadsheet.errors import EmptyInput

    raw = RawDocument(content="Advertisement\n\nPhoto\n\nShare", name="chrome.txt",
                      input_format="article-text")
    with pytest.raises(EmptyInput, match="only page chrome"):
        extract(raw)
