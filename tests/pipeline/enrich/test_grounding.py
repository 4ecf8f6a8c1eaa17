"""Grounded prompts and the citation check (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.pipeline.enrich.grounding import (
    UngroundedAnswer,
    number_sentences,
    parse_grounded_answer,
    prompt_sentence_count,
    question_messages,
)
from broadsheet.types import Sentence


def _sentences(texts: list[str]) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for index, text in enumerate(texts):
        out.append(Sentence(text, pos, pos + len(text), index, 0))
        pos += len(text) + 1
    return tuple(out)


def test_numbering_and_limit() -> None:
    sentences = _sentences(["One  two.", "Three four.", "Five six."])
    assert number_sentences(sentences) == "[1] One two.\n[2] Three four.\n[3] Five six."
    assert number_sentences(sentences, limit=20) == "[1] One two."
    assert prompt_sentence_count(sentences, limit=20) == 1
    assert prompt_sentence_count(()) == 0


def test_question_prompt_carries_only_sentences_and_question() -> None:
    messages = question_messages(_sentences(["A b c."]), "What\nhappened?")
    assert messages[0]["role"] == "system"
    assert messages[1]["content"].endswith("[1] A b c.\n\nQuestion: What happened?")


@pytest.mark.parametrize(("answer", "count", "citations"), [
    ("Yes [1].", 1, (1,)),
    ("Yes [2, 3] and no [1].", 3, (1, 2, 3)),
    ("Range [2-4].", 4, (2, 3, 4)),
    ("Twice [2] [2].", 2, (2,)),
])
def test_grounded_answers(answer: str, count: int, citations: tuple[int, ...]) -> None:
    assert parse_grounded_answer(answer, count).citations == citations


@pytest.mark.parametrize(("answer", "count"), [
    ("No citation at all.", 3),
    ("Zero is not a sentence [0].", 3),
    ("Beyond the end [4].", 3),
    ("Backwards range [3-1].", 3),
    ("Huge range [1-500].", 600),
    ("", 3),
])
def test_ungrounded_answers(answer: str, count: int) -> None:
    with pytest.raises(UngroundedAnswer):
        parse_grounded_answer(answer, count)


@given(st.text(max_size=300), st.integers(min_value=0, max_value=40))
def test_parse_never_fails_untyped(answer: str, count: int) -> None:
    try:
        result = parse_grounded_answer(answer, count)
    except UngroundedAnswer:
        return
    assert result.citations and all(1 <= n <= count for n in result.citations)
