"""Who a quote's cue belongs to: the subject written right before or after the cue.

Two tables of hand-written paragraphs, one quote each (or the quote named by index):
the canonical speaker expected, and the speaker mention as written.
"""

from __future__ import annotations

import pytest

from broadsheet.pipeline.enrich import Enricher
from broadsheet.types import Quote

from .conftest import make_article


def _quote(enricher: Enricher, paragraphs: list[str], index: int | None = 0) -> Quote:
    """The quote at ``index`` (``None``: the last); exactly one quote unless indexed."""
    quotes = enricher.enrich(make_article("Subjects", paragraphs)).quotes
    if index == 0:
        assert len(quotes) == 1, quotes
    assert quotes, quotes
    return quotes[-1 if index is None else index]


@pytest.mark.parametrize(("paragraphs", "index", "speaker"), [
    # An appositive naming another person: the person it describes speaks, not the
    # one named inside it.
    (["“In the White House you have a threshold decision: Can you get them back to the "
      "table or not,” Mark W. Lippert, President Barack Obama’s ambassador to Seoul, said "
      "Saturday about negotiating with the North Koreans."], 0, "Mark W. Lippert"),
    (["“A grown-up is running the country,” Michael Ahrens, a spokesman for Senator "
      "Marco Rubio, said on Friday."], 0, "Michael Ahrens"),
    # A relative pronoun is the mention; the name before it is the speaker.
    (["Then there was the radio host Charlie Sykes, who lamented, “We have spent "
      "20 years demonizing the media.”"], 0, "Charlie Sykes"),
    # "said on Thursday": Thursday is not a speaker; the name before the cue is.
    (["“That program is at a minimum worth a very close look,” the White House "
      "spokesman, Josh Earnest, said on Thursday."], 0, "Josh Earnest"),
    # A capitalised sentence opener before a cue is not a name ...
    (["When asked about the plan on Thursday, Tollefsen said: “Mathematically the answer "
      "is yes, but the taxes may look ugly.”"], 0, "Tollefsen"),
    # ... unless a person of the article bears it (George Will).
    (["The columnist George Will wrote on Friday about the race. “The eruption of war in "
      "the capital of a NATO ally is a reminder,” Will wrote."], 0, "George Will"),
    # "When asked by Ingraham": the one asked answers.
    (["When asked by Laura Ingraham on Thursday about foreign workers, Ted Cruz "
      "said: “I don't believe that's a good idea.”"], 0, "Ted Cruz"),
    # A sentence-opening "Asked by X" is passive too.
    (["Asked by George Stephanopoulos to respond to the criticism, Ben Carson said, “What "
      "does it say about people who jump on the bandwagon?”"], 0, "Ben Carson"),
    # "State" in "former State policy planning director" is no verb.
    (["“I have never been prouder of having worked for you,” former State policy "
      "planning director Anne-Marie Slaughter wrote to Clinton in a message."], 0,
     "Anne-Marie Slaughter"),
    # The quote ends mid-sentence; the cue comes 17 words later, still in the sentence.
    (["“If the department obtains additional records, it intends to search them for "
      "records” that would go to the families of the victims of the attack, Justice "
      "Department senior trial counsel Caroline Lewis Wolverton wrote in a filing."], 0,
     "Caroline Lewis Wolverton"),
    # The sentence's first cue belongs to the earlier quote; "he said," to this one.
    (["Paul Ryan met the candidate on Thursday. “I'm just not ready to do that at this "
      "point,” Ryan said last week on CNN, though Mark Ortiz, his aide, said, “I hope "
      "to see it soon.”"], 1, "Mark Ortiz"),
    # The one told is not the speaker.
    (["“We should not build walls but bridges,” the Vatican spokesman, Federico "
      "Lombardi, told Vatican Radio."], 0, "Federico Lombardi"),
    # "X was asked by Y, “question?”": the question is Y's.
    (["Bernie Sanders was asked by host Bill Maher, “Now, you famously said you were "
      "tired of hearing about the emails. Do you still think so?”"], None, "Bill Maher"),
])
def test_canonical_speaker(enricher: Enricher, paragraphs: list[str], index: int | None,
                           speaker: str) -> None:
    quote = _quote(enricher, paragraphs, index)
    assert quote.speaker == speaker, quote


@pytest.mark.parametrize(("paragraphs", "mention"), [
    # A pronoun right before the cue beats a name earlier in the clause ...
    (["Ruth Adler met Carl Benning on Monday.",
      "Of the scrutiny over Carl Benning, she said, “It is a little much for anyone.”"],
     "she"),
    # ... also past an auxiliary or an adverb.
    (["Ruth Adler met Carl Benning on Monday.",
      "After the talks with Carl Benning, she later told reporters “we have a deal now.”"],
     "she"),
    # "it" is a speaker when it stands right before the cue.
    (["“Louisiana’s crisis should be a call to conscience,” it added."], "it"),
    (["Then there was the radio host Charlie Sykes, who lamented, “We have spent "
      "20 years demonizing the media.”"], "who"),
    # "one" opens a noun phrase like "a" does, after the cue and before it.
    (["“It wasn't a convincing argument,” said one Democrat familiar with the talks."],
     "one Democrat familiar with the talks"),
    (["“Blink twice if you are in trouble!” one person tweeted."], "one person"),
    # "..., X said, according to Y": X spoke the words; Y only reports them.
    (["“Delegates should be able to vote the way they see fit,” Walker said, according "
      "to an Associated Press account."], "Walker"),
    # An introductory phrase before the subject is skipped ...
    (["Late last month, the company wrote a letter to the board calling the reports "
      "“inaccurate and deliberately misleading.”"], "the company"),
    (["Eight years ago, he backed the senator over the governor and called her bid "
      "“a campaign of old ideas.”"], "he"),
    # ... but not a clause whose subject follows its first word.
    (["As Akhil Amar, a professor at Yale, put it, “Senate Republicans should remember "
      "that a compromise is better.”"], "Akhil Amar"),
    # A linker before an introductory phrase is skipped with it.
    (["But on Thursday, he described the race “as an intricate series of steps.”"], "he"),
    # No cue, a colon, no name before it: the sentence's subject speaks.
    (["Mary Lee thanked the volunteers. She then addressed the supporters again: "
      "“Here is what I regret. I regret they don’t want to listen.”"], "She"),
    # A relative pronoun a few words before the cue.
    (["The radio host Glenn Beck, who has in the past described Donald Trump as “a "
      "pathological narcissistic sociopath,” spoke in Indiana."], "who"),
    # Speech verbs added from PolNeAR train's cues: "put it", "surmised".
    (["As Akhil Amar put it, “Senate Republicans should remember that a compromise is "
      "better.”"], "Akhil Amar"),
    (["“People are afraid of wasting their votes,” Aubrey Pelletier surmised."],
     "Aubrey Pelletier"),
    # A parenthetical attribution after a comma: its noun phrase, not the name before.
    (["Mr. Trump is so reckless, the vice president said, that if his son had planned "
      "to enlist, “I would have thrown my body in front of him.”"], "the vice president"),
])
def test_speaker_mention_as_written(enricher: Enricher, paragraphs: list[str],
                                    mention: str) -> None:
    quote = _quote(enricher, paragraphs, None)
    assert quote.speaker_mention is not None, quote
    assert quote.speaker_mention.text == mention, quote


def test_noun_phrase_after_an_inverted_cue(enricher: Enricher) -> None:
    # "..., aside from ..., said the bureau's director": the phrase after the cue (its
    # trailing "on Monday" is not trimmed yet, hence the prefix).
    quote = _quote(enricher, [
        "The agents did not find “ties of any consequence between the two men,” aside "
        "from attending the same mosque, said the bureau's director on Monday."])
    assert quote.speaker_mention is not None, quote
    assert quote.speaker_mention.text.startswith("the bureau's director"), quote
