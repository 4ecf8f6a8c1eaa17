"""Indirect (reported) speech: "X said that ...", "..., X said.", "according to X, ...".

Conservative by design: a sentence yields at most one reported item, and only when it
holds no quote marks at all (those sentences belong to :mod:`quotes`), a clause-taking
speech verb from the cue lexicon (:mod:`cues`), a clause of at least
:data:`MIN_CLAUSE_WORDS` words, and a speaker mention found by the same
:class:`~broadsheet.pipeline.enrich.speakers.Attributor` the direct quotes use (so a
pronoun resolves to the same person). Three shapes are read: "SUBJ CUE (that) CLAUSE"
(the cue among the sentence's first :data:`MAX_SUBJECT_WORDS` words), "CLAUSE, SUBJ
CUE." (a short attribution ending the sentence) and "According to SUBJ, CLAUSE".
Anything else (a cue with no clause, "the said property", "called the plan a
failure") gives nothing. Pure; no model.
"""

from __future__ import annotations

from broadsheet.pipeline.enrich.cues import CUE_VERBS, NOUN_LIKE_CUES
from broadsheet.pipeline.enrich.entities import EntityIndex
from broadsheet.pipeline.enrich.quotemarks import QuotedSpan
from broadsheet.pipeline.enrich.speakers import Attributor, Speaker
from broadsheet.pipeline.enrich.wordclasses import (
    CALENDAR,
    DETERMINERS,
    PASSIVE_MARKERS,
    PRONOUNS,
    introduces,
    is_adverb,
    words_between,
)
from broadsheet.types import ReportedSpeech, Sentence

__all__ = ["CLAUSE_CUES", "MIN_CLAUSE_WORDS", "find_reported_speech"]

#: The cues of :data:`~broadsheet.pipeline.enrich.cues.CUE_VERBS` that take a
#: reported clause ("said (that) ...", "told reporters ...", "warned that ...").
#: Cues that take an object instead ("called", "praised", "described", "cited") and
#: participles ("saying", whose subject is the clause's) are left out: precision first.
CLAUSE_CUES = frozenset(w for w in CUE_VERBS if w in set(
    """say says said tell tells told add adds added write writes wrote note notes noted
    explain explains explained state states stated declare declares declared insist
    insists insisted argue argues argued claim claims claimed warn warns warned recall
    recalls recalled announce announces announced acknowledge acknowledges acknowledged
    admit admits admitted suggest suggests suggested predict predicted predicts
    conclude concluded concludes contend contended contends assert asserted maintain
    maintained maintains testify testified testifies confirm confirmed confirms deny
    denied denies concede conceded concedes allege alleged alleges reveal revealed
    reveals assure assured assures vow vowed promise promised pledge pledged stress
    stressed stresses emphasize emphasized emphasizes complain complained complains
    observe observed observes reiterate reiterated reiterates reported
    boast boasted boasts""".split()))

#: The cues that may drop "that" ("said the plan would fail"); the others take an
#: object as often as a clause ("announced his resignation", "claimed a victory",
#: "maintains a lead"), so they count only with "that". From PolNeAR train errors.
BARE_CLAUSE_CUES = frozenset("""say says said tell tells told insist insists insisted
    argue argues argued""".split())

#: Words before a cue that make it part of a subordinate or relative clause ("While
#: Ramos said that ...", "those who said ...", "what he said this week"): the
#: sentence's main statement is elsewhere, so nothing is read.
SUBORDINATORS = frozenset("""while if though although as because when unless whether
    once since who whom which that what whose where after before""".split())

#: Cues whose object (the one told) stands between the cue and the clause.
_TOLD = frozenset({"tell", "tells", "told"})

#: Fewest words in a reported clause ("the plan would fail" has 4). Shorter tails
#: after a cue are adverbials ("said on Tuesday"), not what was said. Set by hand.
MIN_CLAUSE_WORDS = 4

#: The cue of "SUBJ CUE CLAUSE" must be among this many first words of the sentence
#: (a subject with a short title or appositive: "Senate Majority Leader Mitch
#: McConnell said"). Set by hand on PolNeAR train examples.
MAX_SUBJECT_WORDS = 10

#: Words searched after the cue for "that" ("said in a statement on Tuesday that").
THAT_WORDS = 7

#: Longest attribution ending a sentence (", Senate Majority Leader Mitch McConnell
#: told reporters."), in words.
MAX_TAIL_WORDS = 8

#: Words that may open a clause reported without "that" ("said the plan ...", "said
#: he ...", "said Congress ..."): a pronoun, a determiner or a capitalised word.
_CLAUSE_OPENERS = PRONOUNS | DETERMINERS | frozenset(
    "there this these those you some no all every many most several".split())

#: Objects of "told" that need no capital ("told reporters the plan ...").
_TOLD_OBJECTS = frozenset("""reporters journalists him her them us me supporters
    lawmakers voters listeners viewers students members colleagues""".split())

Word = tuple[str, int, int]


def _bare(word: str) -> str:
    return word.lower().strip(".,!?;:")


def _is_clause_cue(words: list[Word], i: int) -> bool:
    """A clause-taking cue used as a verb: not after a determiner ("the said
    property") and not capitalised mid-sentence (a name)."""
    word = words[i][0]
    if _bare(word) not in CLAUSE_CUES:
        return False
    if _bare(word) in NOUN_LIKE_CUES and not (
            i + 1 < len(words) and words[i + 1][0].lower() == "that"):
        return False  # "his home state", "the claims": a verb only before "that"
    return i == 0 or (word[:1].islower() and _bare(words[i - 1][0]) not in DETERMINERS
                      and _bare(words[i - 1][0]) not in PASSIVE_MARKERS)  # "was said"


def _opens_clause(word: str) -> bool:
    bare = _bare(word)
    return bare in _CLAUSE_OPENERS or (word[:1].isupper() and bare not in CALENDAR)


def _clause_after_cue(words: list[Word], i: int) -> int | None:
    """Index of the first word of the clause a cue at ``i`` introduces, or None."""
    rest = words[i + 1:]
    that = next((k for k, w in enumerate(rest[:THAT_WORDS]) if w[0].lower() == "that"), None)
    told = _bare(words[i][0]) in _TOLD
    if that is not None and not (that == 0 and told) and (
            that == 0 or told or introduces(rest[0][0]) or is_adverb(rest[0][0])
            or _bare(rest[0][0]) in CALENDAR):
        # "said (in a statement on Tuesday) that"; not "reported it obtained ... that".
        return i + 2 + that
    if _bare(words[i][0]) not in BARE_CLAUSE_CUES:
        return None
    k = i + 1
    if _bare(words[i][0]) in _TOLD:
        if k < len(words) and _bare(words[k][0]) in _TOLD_OBJECTS:
            k += 1
        else:
            while k < len(words) and words[k][0][:1].isupper():
                k += 1  # "told The Associated Press"
            if k == i + 1:
                return None
    while k < len(words) and (is_adverb(words[k][0]) or _bare(words[k][0]) in CALENDAR):
        k += 1  # "said Tuesday the plan", "added later he"
    if k < len(words) and _opens_clause(words[k][0]):
        return k
    return None


def _attribution_tail(tail: list[Word]) -> bool:
    """Whether the words after a sentence's last comma are its attribution: "according
    to X", a cue ending them (", X said.", ", X told reporters.") or one opening them
    before a name (", said Mayor X."). A cue inside them is a clause of its own
    (", Eric Holder announced his resignation")."""
    if not tail or len(tail) > MAX_TAIL_WORDS:
        return False
    if len(tail) > 2 and tail[0][0].lower() == "according" and tail[1][0] == "to":
        return True
    cue_at = [j for j in range(len(tail)) if _is_clause_cue(tail, j)]
    if not cue_at:
        return False
    if cue_at[0] == 0:
        return len(tail) > 1 and tail[1][0][:1].isupper()
    return cue_at[-1] == len(tail) - 1 or (
        cue_at[-1] == len(tail) - 2 and _bare(tail[-2][0]) in _TOLD)


def _span(body: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding blanks and the sentence's final stop,
    cut at a semicolon (what follows is another statement)."""
    cut = body.find(";", start, end)
    end = cut if cut > start else end
    while end > start and body[end - 1] in " \t\n.!?;:,":
        end -= 1
    while start < end and body[start] in " \t\n,":
        start += 1
    return start, end


class _Finder:
    """Reported speech of one article: the attributor and the sentence at hand."""

    def __init__(self, body: str, attributor: Attributor) -> None:
        self.body = body
        self.attributor = attributor

    def _probe(self, start: int, end: int) -> QuotedSpan:
        # The attributor reads quotes; the clause stands in for one (no marks).
        return QuotedSpan(open=start, close=end - 1, start=start, end=end, kind="none")

    def _accept(self, speaker: Speaker | None) -> bool:
        return speaker is not None and bool(speaker.cue) and speaker.mention is not None

    def according_to(self, sentence: Sentence, words: list[Word]
                     ) -> tuple[int, int, Speaker] | None:
        if len(words) < 4 or words[0][0] != "According" or words[1][0] != "to":
            return None
        comma = next((w[2] for w in words[2:8] if self.body[w[2]:w[2] + 1] == ","), None)
        if comma is None:
            return None
        start, end = _span(self.body, comma + 1, sentence.end)
        speaker = self.attributor.head(self._probe(start, end), sentence.start)
        return (start, end, speaker) if self._accept(speaker) and speaker else None

    def cue_first(self, sentence: Sentence, words: list[Word]
                  ) -> tuple[int, int, Speaker] | None:
        if _bare(words[0][0]) in SUBORDINATORS:
            return None
        for i in range(1, min(len(words), MAX_SUBJECT_WORDS + 1)):
            if _bare(words[i][0]) in CUE_VERBS and words[i][0][:1].islower() and \
                    not _is_clause_cue(words, i):
                return None  # the first speech verb takes no clause ("responds")
            if _bare(words[i][0]) in SUBORDINATORS:
                return None
            if not _is_clause_cue(words, i):
                continue
            k = _clause_after_cue(words, i)
            if k is None or len(words) - k < MIN_CLAUSE_WORDS:
                return None
            start, end = _span(self.body, words[k][1], sentence.end)
            speaker = self.attributor.head(self._probe(start, end), sentence.start)
            if not self._accept(speaker) or speaker is None or speaker.mention is None \
                    or speaker.mention.end > words[i][1]:
                return None
            return start, end, speaker
        return None

    def cue_last(self, sentence: Sentence, words: list[Word]
                 ) -> tuple[int, int, Speaker] | None:
        commas = [k for k, w in enumerate(words[:-1]) if self.body[w[2]:w[2] + 1] == ","]
        if not commas or not self.body[sentence.start:sentence.end].rstrip().endswith("."):
            return None
        k = commas[-1]
        clause, tail = words[:k + 1], words[k + 1:]
        if len(clause) < MIN_CLAUSE_WORDS or not _attribution_tail(tail) or introduces(
                clause[0][0]) or any(_bare(w[0]) in SUBORDINATORS for w in words) or any(
                _is_clause_cue(clause, j) for j in range(1, len(clause))):
            # An introductory phrase ("Shortly after my sentence, X announced ..."),
            # a subordinate clause ("as he has often alleged"), or a clause with its
            # own attribution ("X said at a press conference, according to Y").
            return None
        start, end = _span(self.body, sentence.start, words[k][2])
        speaker = self.attributor.tail(self._probe(start, end), sentence.end)
        if not self._accept(speaker) or speaker is None or speaker.mention is None \
                or speaker.mention.start < words[k + 1][1]:
            return None
        return start, end, speaker


def find_reported_speech(
    body: str,
    spans: list[QuotedSpan],
    sentences: tuple[Sentence, ...],
    index: EntityIndex,
) -> tuple[ReportedSpeech, ...]:
    """Find reported speech in the sentences that hold no quote marks.

    Args:
        body: the article body.
        spans: every quoted span of the body (:func:`find_quoted_spans`); sentences
            touching one are skipped.
        sentences: the body's sentences.
        index: the article's entities and mention index (speakers resolve to them).

    Returns:
        One item per sentence with reported speech, in body order.
    """
    marks = sorted((s.open, s.close + 1) for s in spans)
    attributor = Attributor(body, index, spans, [s.start for s in sentences])
    finder = _Finder(body, attributor)
    found: list[ReportedSpeech] = []
    m = 0
    for sentence in sentences:
        while m < len(marks) and marks[m][1] <= sentence.start:
            m += 1
        if m < len(marks) and marks[m][0] < sentence.end:
            continue  # a direct quote (or a scare quote) is in this sentence
        if any(c in body[sentence.start:sentence.end] for c in "\"“”„«»"):
            continue  # an unbalanced mark: not a place to guess
        words = words_between(body, sentence.start, sentence.end)
        if len(words) < MIN_CLAUSE_WORDS + 2:
            continue
        hit = (finder.according_to(sentence, words) or finder.cue_first(sentence, words)
               or finder.cue_last(sentence, words))
        if hit is None:
            continue
        start, end, speaker = hit
        if len(body[start:end].split()) < MIN_CLAUSE_WORDS:
            continue
        found.append(ReportedSpeech(
            text=body[start:end], start=start, end=end, speaker=speaker.name,
            speaker_mention=speaker.mention, cue=speaker.cue or None,
            sentence=sentence.index))
    return tuple(found)
