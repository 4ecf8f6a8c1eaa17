"""Partial quotes inside reported speech: who the speaker mention points at."""

from __future__ import annotations

import pytest

from broadsheet.pipeline.enrich import Enricher

from .conftest import make_article


@pytest.mark.parametrize(("paragraph", "mention"), [
    # A noun phrase subject of a coordinated cue, not a name after the cue.
    ("The agriculture secretary refused to take sides but said Congress would "
     "“enforce whatever it passes, as written and on time.”", "The agriculture secretary"),
    # A participle cue takes the clause's subject, not the name after the cue.
    ("A Chinese official responded by saying Japan should be careful “not to "
     "interfere and stir up problems” in the strait.", "A Chinese official"),
    # A full stop inside the quote ends its sentence: the next one's cue is not its.
    ("Dana Whitcomb praised the plan. “It is the best thing we have done in years.” "
     "Mark Ortiz then said the plan was late.", "Dana Whitcomb"),
    # A second quote in the sentence keeps the first one's speaker.
    ("Ruth Adler said the mayor was “a total lightweight on budgets” while Carl Benning "
     "is “a real danger to the city” and more.", "Ruth Adler"),
    # A participle right after a quote belongs to the sentence's subject.
    ("Donald Trump has delivered an impassioned defense of “New York values,” saying "
     "the city embodied the “bravery, heart and soul of America.”", "Donald Trump"),
    # "... and said that her campaign ...": still the first quote's speaker.
    ("Ana Ruiz spoke first. She declared “What a great night for us!” and said that her "
     "campaign would continue “to break barriers everywhere.”", "She"),
])
def test_speaker_mention(enricher: Enricher, paragraph: str, mention: str) -> None:
    result = enricher.enrich(make_article("Reported speech", [paragraph]))
    assert result.quotes, result.notes
    for quote in result.quotes:
        assert quote.speaker_mention is not None, quote
        assert quote.speaker_mention.text == mention, quote


@pytest.mark.parametrize(("paragraph", "speaker"), [
    # An inverted attribution after a mid-sentence quote is the quote's own, however
    # long its appositive.
    ("When Sanders said at a rally that he would not want the endorsement, he “grabbed "
     "ahold of the way teachers are feeling,” said Drew Heiserman, a steering committee "
     "member for a group of activist union members who helped elect the president.",
     "Drew Heiserman"),
    # So is "Name said ..." right after the quote.
    ("Sanders told the crowd that the plan “would have to be rethought from the "
     "start,” Marco Rubio said at a rally in Manchester on Tuesday night after the "
     "debate had ended.", "Marco Rubio"),
])
def test_own_attribution_after_a_mid_sentence_quote(enricher: Enricher, paragraph: str,
                                                    speaker: str) -> None:
    result = enricher.enrich(make_article("Reported speech", [paragraph]))
    assert len(result.quotes) == 1, result.quotes
    assert result.quotes[0].speaker == speaker, result.quotes[0]
