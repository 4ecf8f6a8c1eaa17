"""Tests for connect.terms: normalisation, content terms, name phrases, shingles."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.pipeline.connect.terms import name_phrases, normalise_text, shingles, term_counts


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


def test_normalise_folds_case_space_and_quotes() -> None:
    assert normalise_text("It’s  a\n“Test”") == normalise_text("it's a \"test\"")


def test_term_counts_drop_stopwords_and_fold_plurals() -> None:
    counts = term_counts(
        "The pirates said the ships and the ship's crew were seized in 2008 by 23 men."
    )
    assert counts["pirate"] == 1
    assert counts["ship"] == 2
    assert "the" not in counts and "said" not in counts
    assert counts["2008"] == 1


def test_name_phrases_skip_sentence_initial_common_words() -> None:
    text = "After the vote, Mr. Putin met Xi Jinping in Beijing. Police said nothing."
    names = name_phrases(text)
    assert names["putin"] == 1
    assert names["xi jinping"] == 1
    assert names["beijing"] == 1
    assert "after" not in names and "police" not in names


def test_name_phrases_keep_a_sentence_initial_name_seen_elsewhere() -> None:
    names = name_phrases("Lohan checked in on Friday.\nA friend said Lohan was well.")
    assert names["lohan"] == 2


def test_shingles_of_short_text_is_the_text() -> None:
    assert shingles("Three little words", 5) == {"three little words"}
    assert shingles("", 5) == set()
    assert len(shingles("one two three four five six", 5)) == 2
