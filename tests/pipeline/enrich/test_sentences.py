"""Sentence splitting: abbreviations, initials, offsets (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.pipeline.enrich.sentences import split_sentences

from .conftest import make_article


def _texts(*paragraphs: str) -> list[str]:
    return [s.text for s in split_sentences(make_article("t", list(paragraphs)))]


def test_abbreviations_and_initials_do_not_split() -> None:
    assert _texts("President Vladimir V. Putin met Mr. Xi in the U.S. on Friday. "
                  "Rep. G.K. Butterfield said no. It rained.") == [
        "President Vladimir V. Putin met Mr. Xi in the U.S. on Friday.",
        "Rep. G.K. Butterfield said no.", "It rained."]


def test_quotes_questions_and_paragraphs() -> None:
    sentences = split_sentences(make_article("t", [
        "'Truth is on our side,' he said. 'Is it?' she asked.", "New paragraph here."]))
    assert [s.text for s in sentences] == [
        "'Truth is on our side,' he said.", "'Is it?' she asked.", "New paragraph here."]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert [s.index for s in sentences] == [0, 1, 2]


@given(st.lists(st.lists(st.sampled_from(list("Ab. ?!'\"\n") + ["Mr. "]), max_size=30).map("".join),
                max_size=5))
def test_offsets_point_into_body(paragraphs: list[str]) -> None:
    article = make_article("t", paragraphs)
    sentences = split_sentences(article)
    for sentence in sentences:
        assert article.body[sentence.start:sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text and sentence.text
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)
