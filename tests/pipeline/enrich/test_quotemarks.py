"""Quote-mark pairing: apostrophes, styles, nesting, multi-paragraph quotes (pure)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.pipeline.enrich.quotemarks import find_quoted_spans


def _paragraphs(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", body)]


def _quotes(body: str) -> list[str]:
    spans, _ = find_quoted_spans(body, _paragraphs(body))
    return [body[s.start:s.end] for s in spans]


def test_apostrophes_are_not_quote_marks() -> None:
    body = "'That's the message that he's trying to send,' Mr. Gabuev said of Moscow's plan."
    assert _quotes(body) == ["That's the message that he's trying to send"]
    assert _quotes("Don't say it isn't the soldiers' war; it's Moscow’s.") == []


def test_curly_straight_single_and_guillemets() -> None:
    assert _quotes("He said “one two three” and ‘four five six’.") == [
        "one two three", "four five six"]
    assert _quotes('She said "seven eight nine."') == ["seven eight nine."]
    assert _quotes("Il a dit « dix onze douze ».") == ["dix onze douze"]


def test_nested_quote_of_other_style_stays_inside() -> None:
    body = '"The question was: “Do you agree?” Forty-three said yes," he said.'
    assert _quotes(body) == ["The question was: “Do you agree?” Forty-three said yes"]


def test_spaced_close_after_a_nested_single_quote() -> None:
    body = ("\"You shake their hand and say, 'Well done,' \" said Russell. "
            "\"That is hard to do.\"")
    assert _quotes(body) == ["You shake their hand and say, 'Well done,'",
                             "That is hard to do."]


def test_typewriter_doubles() -> None:
    body = "''This isn't tax reform,'' said Mr. Holtz-Eakin."
    assert _quotes(body) == ["This isn't tax reform"]


def test_multi_paragraph_quote_and_unbalanced_mark() -> None:
    body = "“First paragraph of the quote\n“Second paragraph ends it.”\nA stray “ mark here."
    spans, unbalanced = find_quoted_spans(body, _paragraphs(body))
    assert [body[s.start:s.end] for s in spans] == [
        "First paragraph of the quote", "Second paragraph ends it."]
    assert not spans[0].closed and spans[1].closed
    assert unbalanced == 0  # the stray mark cannot open (a space follows it)
    body = "He said “this one never closes."
    assert find_quoted_spans(body, _paragraphs(body)) == ([], 1)


@given(st.lists(st.sampled_from(list("ab ,.\n'\"“”‘’«»`") + ["That's "]), max_size=80).map("".join))
def test_spans_are_valid_on_any_text(body: str) -> None:
    paragraphs = _paragraphs(body)
    spans, unbalanced = find_quoted_spans(body, paragraphs)
    assert unbalanced >= 0
    previous_end = -1
    for span in spans:
        assert span.open < span.start < span.end <= span.close + (0 if span.closed else 1)
        assert body[span.start:span.end].strip() == body[span.start:span.end]
        assert span.start >= previous_end
        previous_end = span.end
        assert any(a <= span.open and span.end <= b for a, b in paragraphs)
