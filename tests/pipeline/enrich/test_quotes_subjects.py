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


@pytest.mark.parametrize(("paragraph", "mention"), [
    # "one" opens a noun phrase like "a" does, after the cue and before it.
    ("“It wasn't a convincing argument,” said one Democrat familiar with the talks.",
     "one Democrat familiar with the talks"),
    ("“Blink twice if you are in trouble!” one person tweeted.", "one person"),
    # "..., X said, according to Y": X spoke the words; Y only reports them.
    ("“Delegates should be able to vote the way they see fit,” Walker said, according "
     "to an Associated Press account.", "Walker"),
])
def test_noun_phrase_and_outer_source(enricher: Enricher, paragraph: str,
                                      mention: str) -> None:
    result = enricher.enrich(make_article("Sources", [paragraph]))
    assert len(result.quotes) == 1, result.quotes
    quote = result.quotes[0]
    assert quote.speaker_mention is not None, quote
    assert quote.speaker_mention.text == mention, quote


@pytest.mark.parametrize(("paragraph", "mention"), [
    # An introductory phrase before the subject is skipped.
    ("Late last month, the company wrote a letter to the board calling the reports "
     "“inaccurate and deliberately misleading.”", "the company"),
    ("Eight years ago, he backed the senator over the governor and called her bid "
     "“a campaign of old ideas.”", "he"),
    # ... but not a clause whose subject follows its first word.
    ("As Akhil Amar, a professor at Yale, put it, “Senate Republicans should remember "
     "that a compromise is better.”", "Akhil Amar"),
])
def test_subject_after_introductory_phrase(enricher: Enricher, paragraph: str,
                                           mention: str) -> None:
    result = enricher.enrich(make_article("Subjects", [paragraph]))
    assert len(result.quotes) == 1, result.quotes
    quote = result.quotes[0]
    assert quote.speaker_mention is not None, quote
    assert quote.speaker_mention.text == mention, quote


def test_no_name_after_a_preposition_past_the_cue(enricher: Enricher) -> None:
    # "said on Thursday": Thursday is not a speaker; the name before the cue is.
    result = enricher.enrich(make_article("Days", [
        "“That program is at a minimum worth a very close look,” the White House "
        "spokesman, Josh Earnest, said on Thursday."]))
    assert len(result.quotes) == 1
    assert result.quotes[0].speaker == "Josh Earnest", result.quotes[0]


@pytest.mark.parametrize(("paragraph", "speaker"), [
    # A capitalised sentence opener before a cue is not a name ...
    ("When asked about the plan on Thursday, Tollefsen said: “Mathematically the answer "
     "is yes, but the taxes may look ugly.”", "Tollefsen"),
    # ... unless a person of the article bears it (George Will).
    ("The columnist George Will wrote on Friday about the race. “The eruption of war in "
     "the capital of a NATO ally is a reminder,” Will wrote.", "George Will"),
])
def test_capitalised_openers_are_not_speakers(enricher: Enricher, paragraph: str,
                                              speaker: str) -> None:
    result = enricher.enrich(make_article("Openers", [paragraph]))
    assert len(result.quotes) == 1, result.quotes
    assert result.quotes[0].speaker == speaker, result.quotes[0]


def test_passive_cue_is_not_the_quotes(enricher: Enricher) -> None:
    # "When asked by Ingraham": the one asked answers.
    result = enricher.enrich(make_article("Passive", [
        "When asked by Laura Ingraham on Thursday about foreign workers, Ted Cruz "
        "said: “I don't believe that's a good idea.”"]))
    assert len(result.quotes) == 1, result.quotes
    assert result.quotes[0].speaker == "Ted Cruz", result.quotes[0]


def test_colon_after_a_sentence_subject(enricher: Enricher) -> None:
    # No cue, a colon, no name before it: the sentence's subject speaks.
    result = enricher.enrich(make_article("Colon", [
        "Mary Lee thanked the volunteers. She then addressed the supporters again: "
        "“Here is what I regret. I regret they don’t want to listen.”"]))
    assert len(result.quotes) == 1, result.quotes
    mention = result.quotes[0].speaker_mention
    assert mention is not None and mention.text == "She", result.quotes[0]


@pytest.mark.parametrize(("paragraph", "mention"), [
    # A relative pronoun a few words before the cue.
    ("The radio host Glenn Beck, who has in the past described Donald Trump as “a "
     "pathological narcissistic sociopath,” spoke in Indiana.", "who"),
    # Speech verbs added from PolNeAR train's cues: "put it", "surmised", "chanted".
    ("As Akhil Amar put it, “Senate Republicans should remember that a compromise is "
     "better.”", "Akhil Amar"),
    ("“People are afraid of wasting their votes,” Aubrey Pelletier surmised.",
     "Aubrey Pelletier"),
])
def test_relative_pronoun_and_added_cues(enricher: Enricher, paragraph: str,
                                         mention: str) -> None:
    result = enricher.enrich(make_article("Cues", [paragraph]))
    assert result.quotes, result
    quote = result.quotes[-1]
    assert quote.speaker_mention is not None, quote
    assert quote.speaker_mention.text == mention, quote


def test_noun_phrase_opening_the_cue_clause(enricher: Enricher) -> None:
    # A parenthetical attribution after a comma: its noun phrase, not the name before.
    result = enricher.enrich(make_article("Parenthetical", [
        "Mr. Trump is so reckless, the vice president said, that if his son had planned "
        "to enlist, “I would have thrown my body in front of him.”"]))
    assert len(result.quotes) == 1, result.quotes
    mention = result.quotes[0].speaker_mention
    assert mention is not None and mention.text == "the vice president", result.quotes[0]


def test_capitalised_cue_word_inside_a_name_is_not_a_cue(enricher: Enricher) -> None:
    # "State" in "former State policy planning director" is no verb.
    result = enricher.enrich(make_article("Names", [
        "“I have never been prouder of having worked for you,” former State policy "
        "planning director Anne-Marie Slaughter wrote to Clinton in a message."]))
    assert len(result.quotes) == 1, result.quotes
    assert result.quotes[0].speaker == "Anne-Marie Slaughter", result.quotes[0]


def test_cue_far_into_a_long_tail(enricher: Enricher) -> None:
    # The quote ends mid-sentence; the cue comes 17 words later, still in the sentence.
    result = enricher.enrich(make_article("Tail", [
        "“If the department obtains additional records, it intends to search them for "
        "records” that would go to the families of the victims of the attack, Justice "
        "Department senior trial counsel Caroline Lewis Wolverton wrote in a filing."]))
    assert len(result.quotes) == 1, result.quotes
    assert result.quotes[0].speaker == "Caroline Lewis Wolverton", result.quotes[0]


@pytest.mark.parametrize(("paragraph", "speaker"), [
    # A sentence-opening "Asked by X" is passive: the one asked answers.
    ("Asked by George Stephanopoulos to respond to the criticism, Ben Carson said, “What "
     "does it say about people who jump on the bandwagon?”", "Ben Carson"),
    # A linker before an introductory phrase is skipped with it.
    ("But on Thursday, he described the race “as an intricate series of steps.”", None),
])
def test_passive_opening_and_linked_introduction(enricher: Enricher, paragraph: str,
                                                 speaker: str | None) -> None:
    result = enricher.enrich(make_article("Openings", [paragraph]))
    assert len(result.quotes) == 1, result.quotes
    if speaker is None:
        mention = result.quotes[0].speaker_mention
        assert mention is not None and mention.text == "he", result.quotes[0]
    else:
        assert result.quotes[0].speaker == speaker, result.quotes[0]


def test_cue_right_before_the_quote_is_tried_first(enricher: Enricher) -> None:
    # The sentence's first cue belongs to the earlier quote; "he said," to this one.
    result = enricher.enrich(make_article("Nearest", [
        "Paul Ryan met the candidate on Thursday. “I'm just not ready to do that at this "
        "point,” Ryan said last week on CNN, though Mark Ortiz, his aide, said, “I hope "
        "to see it soon.”"]))
    assert len(result.quotes) == 2, result.quotes
    assert result.quotes[1].speaker == "Mark Ortiz", result.quotes[1]


def test_the_one_told_is_not_the_speaker(enricher: Enricher) -> None:
    result = enricher.enrich(make_article("Told", [
        "“We should not build walls but bridges,” the Vatican spokesman, Federico "
        "Lombardi, told Vatican Radio."]))
    assert len(result.quotes) == 1, result.quotes
    assert result.quotes[0].speaker != "Vatican Radio", result.quotes[0]


def test_noun_phrase_after_an_inverted_cue(enricher: Enricher) -> None:
    # "..., aside from ..., said the bureau's director": the phrase after the cue.
    result = enricher.enrich(make_article("Inverted", [
        "The agents did not find “ties of any consequence between the two men,” aside "
        "from attending the same mosque, said the bureau's director on Monday."]))
    assert len(result.quotes) == 1, result.quotes
    mention = result.quotes[0].speaker_mention
    assert mention is not None and mention.text.startswith("the bureau"), result.quotes[0]


def test_the_asker_of_a_passive_question(enricher: Enricher) -> None:
    # "X was asked by Y, “question?”": the question is Y's.
    result = enricher.enrich(make_article("Asked", [
        "Bernie Sanders was asked by host Bill Maher, “Now, you famously said you were "
        "tired of hearing about the emails. Do you still think so?”"]))
    assert result.quotes, result
    assert result.quotes[0].speaker == "Bill Maher", result.quotes[0]
