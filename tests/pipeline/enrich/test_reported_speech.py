"""Indirect (reported) speech: the three shapes found, everything else left alone."""

from __future__ import annotations

import pytest

from broadsheet.pipeline.enrich import Enricher
from broadsheet.serialize import enriched_to_dict

from .conftest import make_article


@pytest.mark.parametrize(("paragraphs", "clause", "mention", "speaker"), [
    # SUBJ CUE that CLAUSE
    (["Senator Maria Lopez said that the plan would fail within a year."],
     "the plan would fail within a year", "Maria Lopez", "Maria Lopez"),
    # SUBJ told OBJECT CLAUSE (no "that")
    (["John Smith told reporters the budget would be cut next spring."],
     "the budget would be cut next spring", "John Smith", "John Smith"),
    # An adverbial before "that"
    (["Anne Clark said in a statement on Tuesday that the vote was rigged by outsiders."],
     "the vote was rigged by outsiders", "Anne Clark", "Anne Clark"),
    # CLAUSE, SUBJ CUE. (inverted, no quote marks)
    (["The budget will be cut by a third next year, Mayor Anne Clark said."],
     "The budget will be cut by a third next year", "Anne Clark", "Anne Clark"),
    # According to SUBJ, CLAUSE
    (["According to Police Chief Dana Whitcomb, the suspect fled on foot toward the river."],
     "the suspect fled on foot toward the river", "Dana Whitcomb", "Dana Whitcomb"),
    # CLAUSE, according to SUBJ.
    (["The budget will be cut by a third next year, according to Mayor Anne Clark."],
     "The budget will be cut by a third next year", "Anne Clark", "Anne Clark"),
    # A pronoun speaker resolves to the person, as for direct quotes.
    (["Anne Clark arrived late at the hall.",
      "She said the vote would be delayed until March."],
     "the vote would be delayed until March", "She", "Anne Clark"),
])
def test_each_pattern_gives_the_clause_and_speaker(
        enricher: Enricher, paragraphs: list[str], clause: str, mention: str,
        speaker: str) -> None:
    article = make_article("Reported", paragraphs)
    result = enricher.enrich(article)
    assert len(result.reported) == 1, result.reported
    item = result.reported[0]
    assert item.text == clause
    assert article.body[item.start:item.end] == clause
    assert item.speaker_mention is not None
    assert item.speaker_mention.text == mention
    assert item.speaker == speaker
    assert item.cue
    assert item.sentence is not None


@pytest.mark.parametrize("paragraph", [
    # A direct quote: it is a Quote, not reported speech.
    "“We will not back down from this fight,” John Smith said.",
    "John Smith said the council would “not back down from this fight at all.”",
    # A cue with no clause.
    "John Smith said.",
    "John Smith said on Tuesday.",
    # Non-speech uses of a cue word.
    "The said property was sold to a developer last week for cash.",
    "The company reported record profits for the third quarter of the year.",
    "Trump called the plan a disaster for working families everywhere.",
    "Clinton maintains a commanding lock on the party’s leadership this year.",
    # A cue inside a subordinate clause: the main statement is not reported speech.
    "While Ramos said that journalists cannot take sides, he looks uneasy about it.",
    # No speaker to name.
    "It was said that the plan would fail within a year.",
])
def test_no_reported_speech(enricher: Enricher, paragraph: str) -> None:
    result = enricher.enrich(make_article("Reported", [paragraph]))
    assert result.reported == (), result.reported


def test_direct_quotes_unchanged_next_to_reported_speech(enricher: Enricher) -> None:
    paragraphs = ["John Smith told reporters the budget would be cut next spring.",
                  "“We will not back down from this fight,” John Smith said."]
    result = enricher.enrich(make_article("Reported", paragraphs))
    assert [q.text for q in result.quotes] == ["We will not back down from this fight"]
    assert [r.sentence for r in result.reported] == [0]


def test_serialized_with_the_enriched_article(enricher: Enricher) -> None:
    result = enricher.enrich(make_article(
        "Reported", ["Senator Maria Lopez said that the plan would fail within a year."]))
    data = enriched_to_dict(result)
    assert data["reported"] == [{
        "text": "the plan would fail within a year",
        "start": result.reported[0].start,
        "end": result.reported[0].end,
        "speaker": "Maria Lopez",
        "speaker_mention": {"text": "Maria Lopez", "start": 8, "end": 19},
        "cue": "said",
        "sentence": 0,
    }]
