"""Direct quotes and who said them.

Quote spans come from :mod:`quotemarks`; this module walks them in order and decides,
for each, where its attribution is (:mod:`speakers` finds the cue and its subject): a
speech verb (a cue: "said", "told", "wrote", "according to" ...) first in the words
after the quote up to the end of that sentence (", Mr. Gabuev said." / "said Angela
Stent, ..."), then in the same sentence before the quote ("Mr. Putin said Moscow had
'...'"). A quote with no cue of its own continues the previous quote's speaker when it
follows it in the same paragraph or opens the next one (split and continuation quotes).
Pure; no model.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import replace

from broadsheet.pipeline.enrich.cues import CUE_VERBS, is_cue
from broadsheet.pipeline.enrich.entities import EntityIndex
from broadsheet.pipeline.enrich.quotemarks import QuotedSpan
from broadsheet.pipeline.enrich.sentences import first_boundary
from broadsheet.pipeline.enrich.speakers import Attributor, Speaker
from broadsheet.pipeline.enrich.wordclasses import COORDINATORS, WORD_PATTERN, words_between
from broadsheet.types import Quote, Sentence

__all__ = ["CUE_VERBS", "MIN_QUOTE_WORDS", "attribute_quotes"]

#: Shortest quote, in words, reported as a direct quote. Scare quotes and titles
#: ("a “crazy system”") are shorter; 2 keeps partial quotes like "“rigged” election"
#: out while textacy's own floor (4 tokens incl. marks) is about the same. Checked on
#: PolNeAR train.
MIN_QUOTE_WORDS = 3

#: Words before a quote in its sentence from which on a cue there ("Weiner admitted
#: to the newspaper that he and the woman had “...”") wins over one after it.
#: Tried 1-6 on the first 250 PolNeAR train articles.
MID_SENTENCE_WORDS = 3

#: An article is in single-quote style when it has more than this many times as many
#: single-quoted as double-quoted quotes (British copy, the seed page); otherwise its
#: single-quoted stretches are headline or nested quotes. Set on PolNeAR train (US
#: copy, where single quotes nest and fill headlines) and the seed page.
SINGLE_STYLE_RATIO = 2

#: A tail of at most this many words that holds a cue is the quote's own
#: attribution even after a cue earlier in the sentence (", he claimed.", "Mr.
#: Smith told reporters on Tuesday."). Set by hand on PolNeAR train examples.
SHORT_TAIL_WORDS = 8

def _cue_right_after(body: str, q: QuotedSpan, limit: int) -> bool:
    """Whether a short attribution ends the quote's sentence (", he claimed."): a cue
    among the first words after the quote, not a participle (", adding that"), and
    the sentence ending soon after; or an inverted attribution of any length
    (", said Drew Heiserman, a steering committee member for ...")."""
    words = words_between(body, q.close + 1, first_boundary(body, q.close + 1, limit))
    if words and is_cue(words[0][0]) and not words[0][0].lower().endswith("ing") and \
            len(words) > 1 and words[1][0][:1].isupper():
        return True
    cue_at = next((k for k, w in enumerate(words[:4]) if is_cue(w[0])), None)
    if cue_at and not words[cue_at][0].lower().endswith("ing") and all(
            w[0][:1].isupper() for w in words[:cue_at]):
        return True  # ", Marco Rubio said at a rally in ..."
    return len(words) <= SHORT_TAIL_WORDS and any(
        is_cue(w[0]) and not w[0].lower().endswith("ing") for w in words[:3])


def _quote_style(spans: list[QuotedSpan], long_enough: list[bool]) -> str | None:
    """The article's quote mark kind ("double" in US copy, "single" in British), or
    None when it uses one kind only. Quotes in the other kind are headline or scare
    quotes ("Cruz 'glad to finish' fight with Trump"), not the article's quotes.
    Double marks win unless single ones are more than :data:`SINGLE_STYLE_RATIO`
    times as many (single marks also nest inside double ones across paragraphs)."""
    kinds = Counter(s.kind for s, ok in zip(spans, long_enough, strict=True) if ok)
    if len(kinds) < 2:
        return None
    return "double" if kinds["single"] <= SINGLE_STYLE_RATIO * kinds["double"] else "single"


def _is_title(text: str) -> bool:
    """Every word of 4+ letters capitalised ("All Bets Are Off"): a title, not a quote."""
    words = [w for w in WORD_PATTERN.findall(text) if len(w.strip(".,!?")) >= 4]
    return len(words) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _sentence_at(sentences: tuple[Sentence, ...], starts: list[int], pos: int) -> int | None:
    i = bisect.bisect_right(starts, pos) - 1
    return sentences[i].index if i >= 0 and pos < sentences[i].end else None


def _sentence_start(sentences: tuple[Sentence, ...], starts: list[int], pos: int,
                    floor: int) -> int:
    i = bisect.bisect_right(starts, pos) - 1
    return max(floor, sentences[i].start) if i >= 0 else floor


def attribute_quotes(
    body: str,
    spans: list[QuotedSpan],
    paragraphs: list[tuple[int, int]],
    sentences: tuple[Sentence, ...],
    index: EntityIndex,
) -> tuple[Quote, ...]:
    """Attribute each quoted span to a speaker.

    Args:
        body: the article body.
        spans: quoted spans from :func:`find_quoted_spans`, in order.
        paragraphs: paragraph bounds.
        sentences: the body's sentences (to find where a quote's sentence starts).
        index: the article's entities and mention index.

    Returns:
        Quotes with at least :data:`MIN_QUOTE_WORDS` words, in body order.
    """
    starts = [s.start for s in sentences]
    attributor = Attributor(body, index, spans, starts)
    para_starts = [a for a, _ in paragraphs]
    para_of = []
    for s in spans:
        k = bisect.bisect_right(para_starts, s.open) - 1
        para_of.append(k if k >= 0 and s.open < paragraphs[k][1] else -1)
    long_enough = [len(body[s.start:s.end].split()) >= MIN_QUOTE_WORDS for s in spans]
    style = _quote_style(spans, long_enough)
    quotes: list[Quote] = []
    previous: Speaker | None = None
    previous_para = -2
    for k, q in enumerate(spans):
        words = len(body[q.start:q.end].split())
        p = para_of[k]
        p_start, p_end = paragraphs[p] if p >= 0 else (0, len(body))
        # The next real quote bounds this one's tail; nested scare quotes do not.
        nxt = p_end
        for j in range(k + 1, len(spans)):
            if para_of[j] != p:
                break
            if long_enough[j]:
                nxt = spans[j].open
                break
        # Likewise the previous real quote bounds its head; scare quotes do not.
        prev_close = p_start
        for j in range(k - 1, -1, -1):
            if para_of[j] != p:
                break
            if long_enough[j]:
                prev_close = spans[j].close + 1
                break
        floor = _sentence_start(sentences, starts, q.open, prev_close)
        speaker = None
        if len(words_between(body, floor, q.open)) >= MID_SENTENCE_WORDS and not _cue_right_after(
                body, q, nxt):
            # A partial quote inside reported speech: "Weiner admitted that he had
            # “...,” he claimed ..." belongs to the cue before it.
            speaker = attributor.head(q, floor)
            if speaker is not None and not (speaker.cue and speaker.name):
                speaker = None
        speaker = speaker or attributor.tail(q, nxt)
        if speaker is None:
            speaker = attributor.head(q, floor)
        if speaker is None and p > 0 and not body[p_start:q.open].strip():
            # "The New York Times reports:" then the quote as the next paragraph.
            prev_start, prev_end = paragraphs[p - 1]
            if body[prev_start:prev_end].rstrip().endswith(":"):
                floor = _sentence_start(sentences, starts, prev_end - 1, prev_start)
                speaker = attributor.head(q, floor)
        if previous is not None and k > 0 and para_of[k - 1] == p and _sentence_at(
                sentences, starts, spans[k - 1].start) == _sentence_at(
                sentences, starts, q.start):
            # A second quote in the same sentence: it keeps the first one's speaker
            # unless it has a cue of its own ("..., adding that ... “...”" has one but
            # no new subject).
            gap = words_between(body, prev_close, q.open)
            if speaker is None or not speaker.cue or (
                    gap and gap[0][0].lower().endswith("ing") and is_cue(gap[0][0])) or (
                    len(gap) > 1 and gap[0][0].lower() in COORDINATORS
                    and is_cue(gap[1][0])):
                speaker = previous
        continues = previous is not None and (
            previous_para == p
            or (previous_para == p - 1 and not body[p_start:q.open].strip()))
        if (speaker is None or (speaker.name is None and speaker.mention is None)) and continues:
            speaker = previous
        if speaker is None:
            speaker = attributor.previous_subject(q, sentences, starts, paragraphs, p)
        if speaker is not None and (speaker.name or speaker.mention):
            previous, previous_para = speaker, p
        if words < MIN_QUOTE_WORDS or _is_title(body[q.start:q.end]) or (
                style is not None and q.kind != style):
            continue
        sentence = _sentence_at(sentences, starts, q.start)
        quotes.append(Quote(
            text=body[q.start:q.end], start=q.start, end=q.end,
            speaker=speaker.name if speaker else None,
            speaker_mention=speaker.mention if speaker else None,
            cue=(speaker.cue or None) if speaker else None, sentence=sentence,
        ))
    return _share_back(body, quotes)


def _share_back(body: str, quotes: list[Quote]) -> tuple[Quote, ...]:
    """A quote without a cue of its own takes the speaker of the next quote in its
    sentence when nothing but words without a cue lie between them ("Guns are “...”
    and “...,” Howard Dean, the former governor, proclaimed")."""
    out = list(quotes)
    for k in range(len(out) - 2, -1, -1):
        here, nxt = out[k], out[k + 1]
        if (here.cue is None and nxt.cue and nxt.sentence == here.sentence
                and here.sentence is not None
                and not any(is_cue(w) for w in WORD_PATTERN.findall(body, here.end, nxt.start))):
            out[k] = replace(here, speaker=nxt.speaker, speaker_mention=nxt.speaker_mention,
                             cue=nxt.cue)
    return tuple(out)
