"""Word classes for the speaker search: pronouns, determiners, openers, linkers.

Kept as data with small predicates over single words or a word list (no body offsets
beyond what they are given), used by :mod:`speakers` and :mod:`quotes` to tell a
clause's subject from the words around it ("When", "Saturday" and "But" are not
names; "Asked by X" is passive; "he later said" has adverbs before its cue). Lists
set by hand on news copy and checked on PolNeAR train. Pure; no model, no state.
"""

from __future__ import annotations

import re

from broadsheet.pipeline.enrich.cues import is_cue
from broadsheet.pipeline.enrich.text import STOP_WORDS

__all__ = [
    "ADVERBS", "CALENDAR", "COORDINATORS", "DASHES", "DETERMINERS", "INTRODUCERS",
    "LINKERS", "OPENERS", "PASSIVE_MARKERS", "PRONOUNS", "RELATIVES", "WORD_PATTERN",
    "as_pronoun", "cue_order", "introduces", "is_adverb", "is_passive",
    "looks_like_opener", "not_a_name", "opens_sentence", "words_between",
]

#: Subject pronouns that can be a cue's speaker mention ("he said", "it added").
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it"})
#: Relative pronouns that can be a cue's subject ("Charlie Sykes, who lamented").
RELATIVES = frozenset({"who", "which"})
#: Auxiliaries and adverbs that may stand between a subject and its cue ("she later
#: told", "he has repeatedly said"); words ending in -ly count too.
ADVERBS = frozenset("""also then later again once has have had would will could did
    does do is was recently previously never often further still even already first
    subsequently""".split())
_CONTRACTION = re.compile(r"['’](?:s|d|ll|re|ve)$")
#: Dashes that open a byline-style attribution ("...” ― Pamela Padilla").
DASHES = frozenset("—–―-")
#: Capitalised sentence openers that are not names ("When", "Speaking").
OPENERS = frozenset("""when while after before beyond despite although though since as
    still meanwhile later earlier asked speaking also instead now then yet even hours
    days weeks months years minutes moments""".split())
#: Words that open an introductory phrase before a sentence's subject ("In Iowa on
#: Monday, ...", "Late last month, ...", "Eight years ago, ...").
INTRODUCERS = frozenset("""in on at after before during since for with from under
    despite about of among amid following by through throughout over across when while
    as although though if once until unlike like without within last late earlier later
    this next early one two three four five six seven eight nine ten days weeks months
    years meanwhile still instead however indeed now yet again asked speaking unless
    whether because yes no""".split())
#: Words before a participle that make it passive ("when asked", "was told").
PASSIVE_MARKERS = frozenset("when if after once as being was were been is are".split())
#: Days and months: capitalised, never speakers ("said on Thursday").
CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november
    december""".split())
#: Sentence-opening conjunctions and adverbs that stand before the subject.
LINKERS = frozenset("but and so yet still then also now later instead however".split())
#: Words joining a second verb to its clause's subject ("refused ... but said").
COORDINATORS = frozenset("and but then also later".split())
#: A word: no white space and none of the punctuation that parts clauses.
WORD_PATTERN = re.compile(r"[^\s,;:—–()]+")
#: Words that open a speaker noun phrase ("a spokesman", "one Democrat").
DETERMINERS = frozenset("a an the his her their its our another one".split())


def words_between(body: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` of each word of ``body[start:end]`` (commas dropped)."""
    return [(m.group(), m.start(), m.end()) for m in WORD_PATTERN.finditer(body, start, end)]


def cue_order(words: list[tuple[str, int, int]], first: int) -> list[int]:
    """Word positions to try for a quote's cue before it: the sentence's first cue
    first, unless a finite cue stands right before the quote (", though he said,
    “...”", "he said that “...”"), which is tried before all others (a participle
    there, ", adding, “...”", leaves the order alone)."""
    order = list(range(first, len(words)))
    for back in (1, 2):
        k = len(words) - back
        if k < first:
            break
        if is_cue(words[k][0], head=True) and not words[k][0].lower().endswith("ing") and (
                back == 1 or words[-1][0].lower() == "that"):
            order.remove(k)
            order.insert(0, k)
            break
    return order


def is_passive(words: list[tuple[str, int, int]], i: int) -> bool:
    """A cue used in the passive ("When asked by Ingraham, Cruz said"): the one asked
    is the speaker, so the cue is not the quote's."""
    if not words[i][0].lower().endswith(("ed", "told")):
        return False
    # "Asked by Stephanopoulos ..., Carson said": a sentence-opening participle.
    if i == 0:
        return words[i][0][:1].isupper()
    return words[i - 1][0].lower() in PASSIVE_MARKERS


def not_a_name(word: str) -> bool:
    """A capitalised word that is no name: a function word, sentence opener or date."""
    lower = word.lower().strip(".,")
    return (lower in STOP_WORDS or lower in OPENERS or lower in INTRODUCERS
            or lower in CALENDAR or lower in LINKERS or lower.endswith("ly"))


def introduces(word: str) -> bool:
    """Whether the word opens an introductory phrase (a preposition, time word,
    number, or an -ly / -ing word)."""
    lower = word.lower().strip(".,")
    return (lower in INTRODUCERS or lower[:1].isdigit()
            or (len(lower) > 4 and lower.endswith(("ly", "ing"))))


def looks_like_opener(run: list[tuple[str, int, int]],
                       opening: list[tuple[str, int, int]]) -> bool:
    """A capitalised sentence opener that is not a name: "Speaking", "Specifically,",
    "When", a dateline ("WASHINGTON, Dec")."""
    first = run[0][0].strip(".,")
    if first.isupper() and len(first) > 1:
        return True
    if len(run) == 1:
        lower = first.lower()
        return (lower.endswith(("ing", "ly")) or run[0][0].endswith(",")
                or lower in OPENERS)
    return False


def opens_sentence(body: str, start: int, end: int) -> bool:
    """Whether the text after a closing mark starts a new sentence (a capital word
    that is not a name followed by a cue is not told apart here: a full stop inside
    the quote already ended the sentence in news style, which uses a comma)."""
    rest = body[start:end].lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0] in "“\"‘'")


def is_adverb(word: str) -> bool:
    """An auxiliary or adverb that may stand between a subject and its cue."""
    lower = word.lower()
    return lower in ADVERBS or (lower.endswith("ly") and len(lower) > 4)


def as_pronoun(word: str) -> str | None:
    """The subject pronoun a word is ("He's" -> "he"), or None."""
    base = _CONTRACTION.sub("", word.lower())
    return base if base in PRONOUNS else None
