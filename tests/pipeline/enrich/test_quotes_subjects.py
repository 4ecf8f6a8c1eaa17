"""Who a quote's cue belongs to: the subject written right before or after the cue."""

from __future__ import annotations

import pytest

from broadsheet.pipeline.enrich import Enricher

from .conftest import make_article


@pytest.mark.parametrize(("paragraphs", "mention", "speaker"), [
    # A pronoun right before the cue beats a name earlier in the clause.
    (["Ruth Adler met Carl Benning on Monday.",
      "Of the scrutiny over Carl Benning, she said, “It is a little much for anyone.”"],
     "she", None),
    # ... also past an auxiliary or an adverb.
    (["Ruth Adler met Carl Benning on Monday.",
      "After the talks with Carl Benning, she later told reporters “we have a deal now.”"],
     "she", None),
    # "it" is a speaker when it stands right before the cue.
    (["“Louisiana’s crisis should be a call to conscience,” it added."], "it", None),
    # A relative pronoun is the mention; the name before it is the speaker.
    (["Then there was the radio host Charlie Sykes, who lamented, “We have spent "
      "20 years demonizing the media.”"], "who", "Charlie Sykes"),
])
def test_subject_right_before_cue(enricher: Enricher, paragraphs: list[str], mention: str,
                                  speaker: str | None) -> None:
    result = enricher.enrich(make_article("Subjects", paragraphs))
    assert len(result.quotes) == 1, result.quotes
    quote = result.quotes[0]
    assert quote.speaker_mention is not None, quote
    assert quote.speaker_mention.text == mention, quote
    if speaker is not None:
        assert quote.speaker == speaker, quote
