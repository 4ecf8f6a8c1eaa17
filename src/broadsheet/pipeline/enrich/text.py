"""Word-level text features shared by the summary, hashtag and section scorers.

A regex tokenizer, an English stop-word list and a crude suffix stemmer: enough to
compare sentences and count terms without a model. Pure; no I/O.
"""

from __future__ import annotations

import re

__all__ = ["STOP_WORDS", "content_words", "stem"]

#: English function words and reporting filler never used as terms or hashtags
#: (a short hand list, in the spirit of the SMART/NLTK lists).
STOP_WORDS = frozenset(
    """a about above after again against all almost also although am among an and any
    are aren't around as at be became because become been before being below between
    both but by can can't cannot could couldn't did didn't do does doesn't doing don't
    down during each either else enough even ever every few first for from further get
    gets got had hadn't has hasn't have haven't having he he'd he'll he's her here
    here's hers herself him himself his how how's however i i'd i'll i'm i've if in
    into is isn't it it's its itself just last least less let's like made make many
    may me might more most much must mustn't my myself new next no nor not now of off
    often on once one only or other others ought our ours ourselves out over own per
    perhaps put rather really said same say says see seem seemed seems several shall
    shan't she she'd she'll she's should shouldn't since so some still such than that
    that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those though through thus to too toward towards under
    until up upon us use used very via was wasn't way we we'd we'll we're we've well
    were weren't what what's when when's where where's whether which while who who's
    whom whose why why's will with within without won't would wouldn't yet you you'd
    you'll you're you've your yours yourself yourselves mr mrs ms dr told added year
    years time times week weeks day days month months monday tuesday wednesday
    thursday friday saturday sunday today yesterday tomorrow people thing things lot
    going come came take took told asked including according around back two three
    four five six seven eight nine ten percent""".split()
)

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed",
             "s")


def stem(word: str) -> str:
    """A crude suffix-stripping stem: "talks" -> "talk", "negotiations" -> "negoti"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Lower-case stems of the non-stop words of ``text``, in order."""
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return [stem(w) for w in words if w not in STOP_WORDS and len(w) > 2]
