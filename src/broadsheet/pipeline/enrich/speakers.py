"""Find the speaker of one quote: the cue near it and the subject of that cue.

Used by :mod:`quotes`, which walks an article's quotes in order. For one quote the
:class:`Attributor` looks for a speech verb (a cue: "said", "told", "according to")
in the words after the quote up to the end of its sentence, or before it in the same
sentence, then for the cue's subject: an entity mention next to it, a pronoun (the
mention as written, its name resolved to the last person named outside quotes), a
relative pronoun ("X, who said"), or a plain noun phrase ("a spokesman"). Pure; no
model, no state beyond the one article it was built for.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from broadsheet.pipeline.enrich.cues import is_cue, is_phrasal_cue
from broadsheet.pipeline.enrich.entities import EntityIndex
from broadsheet.pipeline.enrich.names import HONORIFICS, name_tokens
from broadsheet.pipeline.enrich.quotemarks import QuotedSpan
from broadsheet.pipeline.enrich.sentences import first_boundary
from broadsheet.pipeline.enrich.text import STOP_WORDS
from broadsheet.pipeline.enrich.wordclasses import (
    COORDINATORS,
    DASHES,
    DETERMINERS,
    LINKERS,
    RELATIVES,
    as_pronoun,
    cue_order,
    introduces,
    is_adverb,
    is_passive,
    looks_like_opener,
    not_a_name,
    opens_sentence,
    words_between,
)
from broadsheet.types import Sentence, Span

__all__ = ["Attributor", "Speaker"]

#: Words after a quote within which its cue must appear (", Mr. Gabuev said"; a name
#: with a relative clause first: "Melanne Verveer, who served as ..., told CBS News").
#: The sentence end bounds the tail too. Calibrated on PolNeAR train (14 -> 24: +10
#: right speakers; longer gains about 1 more).
MAX_TAIL_WORDS = 24

#: Words searched back from a cue for a person subject separated from the cue by an
#: appositive. The seed's longest appositive is 8 words; PolNeAR's rarely pass 15.
APPOSITIVE_WORDS = 18

#: Cues whose object follows them: the name after "told" is the one told, never the
#: speaker ("the Vatican spokesman, Federico Lombardi, told Vatican Radio").
_TOLD = frozenset({"told", "tells", "telling", "tell"})

#: Words at the start of a sentence searched for its subject when a quote in it has
#: no speech verb ("Former Arkansas Gov. Mike Huckabee, for his part, is labeling").
SUBJECT_WORDS = 6

#: Words between a cue and the name after it ("said Republican party boss Reince
#: Priebus"): titles are at most this long in PolNeAR train.
AFTER_CUE_WORDS = 4

#: Characters searched back for the person a pronoun speaker refers to.
PRONOUN_LOOKBACK = 1500

#: Words searched back from a cue or quote for the relative pronoun opening its clause.
RELATIVE_WORDS = 6
#: At most this many such words between a pronoun and its cue.
MAX_ADVERBS = 2
#: Longest introductory phrase skipped, in words.
INTRODUCTION_WORDS = 12


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    mention: Span | None
    cue: str | None


class Attributor:
    """Attribution state for one article (quotes seen so far, entity index)."""

    def __init__(self, body: str, index: EntityIndex, spans: list[QuotedSpan],
                 sentence_starts: list[int] | None = None) -> None:
        self.sentence_starts = sentence_starts or [0]
        self.body = body
        self.index = index
        self.spans = spans
        self.quote_ranges = sorted((s.open, s.close + 1) for s in spans)
        self.quote_starts = [a for a, _ in self.quote_ranges]

    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quote_ranges[i][1]

    def _entity_speaker(self, start: int, end: int, cue: str, last: bool) -> Speaker | None:
        mentions = [m for m in self.index.mentions_between(start, end)
                    if self.index.entities[m[2]].type in {"person", "organization"}]
        if not mentions:
            return None
        people = [m for m in mentions if self.index.entities[m[2]].type == "person"]
        return self._speaker_at((people or mentions)[-1 if last else 0], cue)

    def _speaker_at(self, mention: tuple[int, int, int], cue: str) -> Speaker:
        """The speaker named by one ``(start, end, entity)`` mention of the index."""
        start, end, owner = mention
        return Speaker(self.index.entities[owner].name, Span(self.body[start:end], start, end),
                       cue)

    def _appositive_head(self, start: int, closing: int, cue: str) -> Speaker | None:
        """The person an appositive describes: the last one named between ``start`` and
        the appositive's closing comma (at ``closing``) whose name is followed by a
        comma of its own, the one opening the appositive ("Mark W. Lippert, President
        Barack Obama's ambassador to Seoul, said": Lippert, not Obama). None when no
        such person is named.
        """
        heads = [m for m in self.index.mentions_between(start, closing)
                 if self.index.entities[m[2]].type == "person"
                 and self.body[m[1]:m[1] + 1] == "," and m[1] < closing]
        return self._speaker_at(heads[-1], cue) if heads else None

    def _is_person(self, speaker: Speaker) -> bool:
        mention = speaker.mention
        if mention is None:
            return False
        owner = self.index.entity_at(mention.start, mention.end)
        return owner is not None and self.index.entities[owner].type == "person"

    def _comma_after(self, word: tuple[str, int, int]) -> bool:
        """Whether a comma follows the word (the word pattern leaves commas out)."""
        return self.body[word[2]:word[2] + 1] == ","

    def _names_person(self, name: str) -> bool:
        return any(e.type == "person" and e.name == name for e in self.index.entities)

    def _resolve_pronoun(self, word: str, at: int) -> str | None:
        """The person (or, for "they"/"we", organisation) a pronoun refers to: the most
        recent one that was the first named in its sentence (its likely subject),
        else the most recent one named outside quotes."""
        wanted = ({"person"} if word in {"he", "she", "i"}
                  else {"organization"} if word == "it" else {"person", "organization"})
        i = bisect.bisect_left(self.index.starts, at) - 1
        nearest: str | None = None
        while i >= 0:
            m_start, _m_end, owner = self.index.owners[i]
            if at - m_start > PRONOUN_LOOKBACK:
                break
            entity = self.index.entities[owner]
            if entity.type in wanted and not self._inside_quote(m_start):
                nearest = nearest or entity.name
                if self._first_in_sentence(i, wanted):
                    return entity.name
            i -= 1
        return nearest

    def _first_in_sentence(self, i: int, wanted: set[str]) -> bool:
        """Whether mention ``i`` is the first wanted-type mention of its sentence."""
        start = self.index.owners[i][0]
        k = bisect.bisect_right(self.sentence_starts, start) - 1
        sentence_start = self.sentence_starts[k] if k >= 0 else 0
        j = i - 1
        while j >= 0 and self.index.owners[j][0] >= sentence_start:
            if (self.index.entities[self.index.owners[j][2]].type in wanted
                    and not self._inside_quote(self.index.owners[j][0])):
                return False
            j -= 1
        return True

    def _person_token(self, word: str) -> bool:
        """Whether the word is part of a known person's name (Al From, George Will)."""
        folded = word.strip(".,").lower()
        return any(e.type == "person" and folded in name_tokens(e.name)
                   for e in self.index.entities)

    def _proper_noun(self, words: list[tuple[str, int, int]], cue: str,
                     known_only: bool = False) -> Speaker | None:
        """A capitalised name the NER missed ("Tester said"), linked to a known person.

        With ``known_only`` the name must belong to a person already found.
        """
        names: list[tuple[str, int, int]] = []
        for word in reversed(words):  # the run of capitalised words ending the window
            bare = word[0].strip(".,")
            if not (bare[:1].isupper() and bare.isalpha()) or bare.lower() in HONORIFICS:
                break
            names.insert(0, word)
        while names and not_a_name(names[0][0]) and not self._person_token(names[0][0]):
            names.pop(0)  # "When", "But", "Moreover", "Saturday" open a sentence
        if not names:
            return None
        s, e = names[0][1], names[-1][2]
        text = self.body[s:e].rstrip(".,")
        folded = {w[0].strip(".").lower() for w in names}
        person = next((ent.name for ent in self.index.entities if ent.type == "person"
                       and folded <= set(name_tokens(ent.name))), None)
        if person is None and known_only:
            return None
        return Speaker(person or text, Span(text, s, s + len(text)), cue)

    def _near_cue(self, words: list[tuple[str, int, int]], cue_i: int,
                  before: bool, nominal: bool = True) -> Speaker | None:
        """Speaker from the words just before (or after) the cue at ``cue_i``."""
        cue = words[cue_i][0].strip(".,!?")
        if before:
            side = words[max(0, cue_i - 6):cue_i]
            if not side:
                return None
            wide = words[max(0, cue_i - APPOSITIVE_WORDS):cue_i]
            if cue.lower().endswith("ing"):
                # "Trump attacked Clinton ..., saying": the clause's subject speaks.
                found = self.subject(words[:cue_i])
                if found is not None and found.mention is not None:
                    # A name, pronoun or noun phrase opening the clause ("The
                    # spokesman refused ... but said ..., adding:").
                    return Speaker(found.name, found.mention, cue)
                found = self._entity_speaker(words[0][1], side[-1][2] + 2, cue, last=False)
                if found and found.name and self._is_person(found):
                    return found
            subject = self._subject_right_before(words, cue_i)
            if subject is not None:
                return subject
            if side[-1][0].lower() in COORDINATORS:
                # "The spokesman refused ... but said": the clause's subject.
                found = self.subject(words[:cue_i])
                if found is not None and found.mention is not None:
                    return Speaker(found.name, found.mention, cue)
            if not self._comma_after(side[-1]):
                # The name right before the cue ("Clinton said") wins.
                near = side[-3:]
                found = self._entity_speaker(near[0][1], near[-1][2] + 2, cue, last=True)
                if found:
                    return found
            # Pronoun immediately before the cue ("he said", "she told reporters").
            for word, s, e in reversed(side[-2:]):
                pronoun = as_pronoun(word)
                if pronoun:
                    return Speaker(self._resolve_pronoun(pronoun, s), Span(word, s, e), cue)
            if self.body[side[-1][2]:side[-1][2] + 1] != ",":
                # A name the NER missed right before the cue ("..., Ryan said").
                found = self._proper_noun(side[-2:], cue)
                if found:
                    return found
            phrase = self._noun_phrase_before(side)
            if phrase is not None:
                # "the Democratic presidential candidate stated": the phrase right
                # before the cue is its subject, not a person named further back.
                return Speaker(None, phrase, cue)
            # The subject may sit before an appositive ("Alexander Gabuev, the director
            # of the Carnegie Center, said"): look further back for a person first.
            found = None
            if self._comma_after(side[-1]):
                found = self._appositive_head(wide[0][1], side[-1][2], cue)
            if found is None:
                found = self._entity_speaker(wide[0][1], side[-1][2] + 2, cue, last=True)
            if found and found.name and self._is_person(found):
                return found
            found = self._entity_speaker(side[0][1], side[-1][2] + 2, cue, last=True)
            if found:
                return found
            found = self._proper_noun(side[-2:], cue)
            if found:
                return found
            # A plain noun phrase: back to its determiner, at most 5 words.
            for k in range(len(side) - 1, -1, -1):
                if side[k][0].lower() in DETERMINERS:
                    s, e = side[k][1], side[-1][2]
                    return Speaker(None, Span(self.body[s:e], s, e), cue)
            return None
        side = words[cue_i + 1:cue_i + 7]
        if not side:
            return None
        pronoun = as_pronoun(side[0][0])
        if pronoun and pronoun != "it":
            text, s, e = side[0]
            return Speaker(self._resolve_pronoun(pronoun, s), Span(text, s, e), cue)
        found = self._entity_speaker(side[0][1], side[-1][2] + 1, cue, last=False)
        if found and found.mention and found.mention.start <= side[
                min(AFTER_CUE_WORDS, len(side) - 1)][1]:
            if "," not in self.body[side[0][1]:found.mention.start]:
                return found
        lead: list[tuple[str, int, int]] = []
        for item in side[:3]:
            lead.append(item)
            if item[0][-1:] == "." or self._comma_after(item):
                break
        # A name right after the cue ("said Ryan"), not one after a preposition
        # ("said on Thursday", "told Fox News").
        found = self._proper_noun(lead, cue) if lead[0][0][:1].isupper() else None
        if found:
            return found
        if nominal and side[0][0].lower() in DETERMINERS:
            end_word = side[0]
            for item in side:
                end_word = item
                if item[0][-1:] == "." or self._comma_after(item):
                    break
            s, e = side[0][1], end_word[2]
            text = self.body[s:e].rstrip(".,")
            return Speaker(None, Span(text, s, s + len(text)), cue)
        return None

    def _subject_right_before(self, words: list[tuple[str, int, int]],
                              cue_i: int) -> Speaker | None:
        """A pronoun right before the cue, past auxiliaries and adverbs ("he said",
        "Of the scrutiny over Melania Trump, she also said", "it added"), or a relative
        pronoun ("Charlie Sykes, who lamented"): the pronoun is the speaker mention as
        written; a relative pronoun's name is the person or organisation before it."""
        cue = words[cue_i][0].strip(".,!?")
        k = cue_i - 1
        while k >= 0 and cue_i - k <= MAX_ADVERBS + 1 and is_adverb(words[k][0]) and \
                not self._comma_after(words[k]):
            k -= 1
        if k < 0 or self._comma_after(words[k]):
            return None
        word, s, e = words[k]
        pronoun = as_pronoun(word)
        if pronoun:
            return Speaker(self._resolve_pronoun(pronoun, s), Span(word, s, e), cue)
        return self.relative_subject(words[:cue_i], cue)

    def relative_subject(self, words: list[tuple[str, int, int]],
                         cue: str | None) -> Speaker | None:
        """The relative pronoun that opens the clause ending these words ("Glenn Beck,
        who has in the past described ...", "Trump, who has postured himself as"),
        within :data:`RELATIVE_WORDS` words and no comma: the pronoun is the mention,
        the person or organisation before it the name."""
        for k in range(len(words) - 1, max(0, len(words) - 1 - RELATIVE_WORDS), -1):
            word, s, e = words[k]
            if self._comma_after(words[k]):
                return None
            if word.lower() in RELATIVES and self._comma_after(words[k - 1]):
                found = self._entity_speaker(words[max(0, k - 4)][1], words[k - 1][2] + 1,
                                             cue or "", last=True)
                name = found.name if found is not None else None
                return Speaker(name, Span(word, s, e), cue)
        return None

    def _noun_phrase_before(self, side: list[tuple[str, int, int]]) -> Span | None:
        """A determiner noun phrase ending right before a cue, with no comma inside
        or after it ("the Florida senator said"), else None."""
        for k in range(len(side) - 1, max(-1, len(side) - 6), -1):
            word, s, e = side[k]
            if self.body[e:e + 1] == "," or self._inside_quote(s):
                return None
            lower = word.lower()
            if lower in DETERMINERS:
                if k == len(side) - 1:
                    return None
                end = side[-1][2]
                return Span(self.body[s:end], s, end)
            if lower in STOP_WORDS:
                return None
        return None

    def tail(self, q: QuotedSpan, limit: int) -> Speaker | None:
        """Attribution in the words after the quote, up to the sentence end."""
        start = q.close + 1
        while start < limit and self.body[start] in "'`\"":
            start += 1  # the second mark of a typewriter '' close
        end = first_boundary(self.body, start, limit)
        inner_stop = self.body[q.start:q.end].rstrip()[-1:]
        if inner_stop == "." and opens_sentence(self.body, start, end):
            # "... insensitive.” He writes that ...": the quote ended its sentence.
            return None
        after = self.body[start:end].lstrip()
        if after[:1] in DASHES:
            # A byline-style attribution: "...” ― Pamela Padilla".
            dash = self.body.index(after[0], start)
            words = words_between(self.body, dash + 1, end)[:4]
            found = self._entity_speaker(dash, end, "", last=False) if words else None
            return found or (self._proper_noun(words[:3], "") if words else None)
        words = words_between(self.body, start, end)[:MAX_TAIL_WORDS]
        for i, (word, _s, _e) in enumerate(words):
            if word.lower() == "according" and i + 1 < len(words) and words[i + 1][0] == "to":
                return self._near_cue(words[i + 1:], 0, before=False)
            after_determiner = i > 0 and words[i - 1][0].lower() in DETERMINERS
            if i > 0 and word[:1].isupper() and not self._comma_after(words[i - 1]):
                continue  # a name, not a verb ("former State policy director")
            if is_cue(word, head=after_determiner) or is_phrasal_cue(words, i):
                if i == 0 and word.lower().endswith("ing"):
                    # "... defense of “New York values,” saying the city ...": the
                    # participle's subject is the sentence's, before the quote.
                    return None
                if i > 0 and self._comma_after(words[i - 1]) and words[0][0][
                        :1].islower() and not as_pronoun(words[0][0]) and \
                        word.lower() not in _TOLD:
                    # "..." about the decision, said RoseAnn DeMoro: the name (or
                    # "said the bureau's director, James B. Comey") follows.
                    found = self._near_cue(words, i, before=False)
                    if found is not None and found.mention is not None:
                        return found
                return self._near_cue(words, i, before=i > 0)
        return None

    def _clause_subject(self, found: Speaker, words: list[tuple[str, int, int]],
                        cue_i: int) -> bool:
        """Whether a noun phrase found before a cue opens its clause right before the
        cue ("Mr. Trump is so reckless, the vice president said, that ..."): it then
        wins over a name further back."""
        mention = found.mention
        if mention is None or cue_i == 0 or words[cue_i][0].lower().endswith("ing"):
            return False
        before = self.body[:mention.start].rstrip()
        return (mention.end == words[cue_i - 1][2]
                and (mention.start <= words[0][1] or before.endswith(",")))

    def head(self, q: QuotedSpan, limit: int) -> Speaker | None:
        """Attribution in the same sentence before the quote (its first cue)."""
        words = words_between(self.body, limit, q.open)
        fallback: Speaker | None = None
        for i in range(len(words) - 1):
            if words[i][0].lower() == "according" and words[i + 1][0].lower() == "to":
                return self._near_cue(words[i + 1:], 0, before=False)
        # "Asked by X to respond to Y, Carson said": no cue in the passive opening.
        skip = next((k for k, w in enumerate(words) if self._comma_after(w)), -1) \
            if words and is_passive(words, 0) else -1
        for i in cue_order(words, skip + 1):
            if not (is_cue(words[i][0], head=True) or is_phrasal_cue(words, i)) or \
                    is_passive(words, i) or (i > 0 and words[i][0][:1].isupper()
                                           and not self._comma_after(words[i - 1])):
                continue
            found = self._near_cue(words, i, before=True)
            if found is not None and (found.name is not None or self._clause_subject(
                    found, words, i)):
                return found
            # "said Mr. X: '...'" or an appositive before the cue.
            found = (self._entity_speaker(limit, words[i][1], words[i][0], True)
                     or (found if found is not None and found.mention is not None
                         else None)
                     or self._near_cue(words, i, before=False) or found)
            if found is not None and found.name is not None:
                return found
            fallback = fallback or found
        if fallback is not None:
            return fallback
        for i in range(len(words) - 2):
            if is_cue(words[i][0]) and is_passive(words, i) and words[i + 1][0].lower() == "by":
                # "Sanders was asked by host Bill Maher, “...”": the one asking.
                found = self._near_cue(words[i + 1:], 0, before=False)
                if found is not None and found.name is not None:
                    return found
        if self.body[limit:q.open].rstrip().endswith(":"):
            # "Philip Bump: “...”": the name just before the colon.
            return (self._proper_noun(words[-3:], "")
                    or self._entity_speaker(limit, q.open, "", last=True)
                    or self.subject(words))  # "She then addressed the crowd: “...”"
        return self.subject(words)

    def previous_subject(self, q: QuotedSpan, sentences: tuple[Sentence, ...],
                         starts: list[int], paragraphs: list[tuple[int, int]],
                         p: int) -> Speaker | None:
        """For a quote with no cue that opens its sentence, the person the sentence
        before was about ("Valastro praised Christie. “We need someone ...”")."""
        k = bisect.bisect_right(starts, q.open) - 1
        if k < 1 or self.body[sentences[k].start:q.open].strip():
            return None
        before = sentences[k - 1]
        if before.paragraph < p - 1 or self._inside_quote(before.start):
            return None
        found = self.subject(words_between(self.body, before.start, before.end))
        if found is not None and found.name is not None and (
                self._is_person(found) or self._names_person(found.name)):
            return Speaker(found.name, found.mention, None)
        return None

    def _past_introduction(self, words: list[tuple[str, int, int]]
                           ) -> list[tuple[str, int, int]]:
        """The words after introductory phrases that end in a comma ("Late last
        month, the company ...", "Eight years ago, he ...", "In Philadelphia on
        Monday, Sanders ..."): a phrase opening with a preposition, a time word, a
        number, or an adverb or participle (-ly, -ing)."""
        if len(words) > 1 and words[0][0].lower() in LINKERS and introduces(words[1][0]):
            words = words[1:]  # "But on Thursday, in the release, Manafort described"
        for _ in range(2):
            if not words or not introduces(words[0][0]):
                break
            if len(words) > 2 and any(
                    self.index.entities[m[2]].type in {"person", "organization"}
                    for m in self.index.mentions_between(words[1][1], words[2][2])):
                break  # "As Akhil Amar, professor at Yale, put it": the subject
            comma = next((k for k, w in enumerate(words[:INTRODUCTION_WORDS])
                          if self._comma_after(w)), None)
            if comma is None or comma + 1 >= len(words):
                break
            words = words[comma + 1:]
        return words

    def subject(self, words: list[tuple[str, int, int]]) -> Speaker | None:
        """The clause's subject when no speech verb is found: partial quotes in reported
        speech ("Moore thanked him for “stepping up ...”") belong to whoever the
        sentence is about. Only a name or pronoun opening the sentence counts."""
        words = self._past_introduction(words)
        opening = words[:SUBJECT_WORDS]
        if len(opening) > 1 and opening[0][0].lower() in LINKERS:
            opening = opening[1:]  # "But he wanted to know, “...”"
        if not opening:
            return None
        pronoun = as_pronoun(opening[0][0])
        if pronoun and pronoun not in {"i", "it"}:
            text, s, e = opening[0]
            return Speaker(self._resolve_pronoun(pronoun, s), Span(text, s, e), None)
        found = self._entity_speaker(opening[0][1], opening[-1][2] + 1, "", last=False)
        if found is not None and self._is_person(found):
            return found
        run: list[tuple[str, int, int]] = []
        for item in opening:
            bare = item[0].strip(".,")
            if not (bare[:1].isupper() and bare.isalpha()) or bare.lower() in STOP_WORDS:
                break
            run.append(item)
        if run and not looks_like_opener(run, opening):
            return self._proper_noun(run, "")
        if opening[0][0].lower() in DETERMINERS:
            # "The ad claims ...", "A friend referred to him as ...": a noun phrase,
            # up to the first word that looks like a verb or a function word.
            phrase = [opening[0]]
            for item in opening[1:5]:
                bare = item[0].lower().strip(".,’'")
                if bare in STOP_WORDS or bare.endswith("ed") or (
                        bare.endswith("s") and not bare.endswith("ss") and len(phrase) > 1):
                    break
                phrase.append(item)
            if len(phrase) > 1:
                s, e = phrase[0][1], phrase[-1][2]
                text = self.body[s:e].rstrip(".,")
                return Speaker(None, Span(text, s, s + len(text)), None)
        return None

