"""Words, names and shingles: how the connect stage reads text.

Turns article text into the three kinds of evidence the rest of the stage compares:
content terms (lower-cased, stop words dropped, plurals folded), name phrases (runs of
capitalised words — a cheap stand-in for entities when an article was not enriched)
and word shingles for near-duplicate fingerprints. Pure string work: no models, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from broadsheet.pipeline.connect.stopwords import NAME_STOPWORDS, STOPWORDS

__all__ = ["name_phrases", "normalise_text", "shingles", "term_counts", "words"]

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s?$")
_SENTENCE_END = re.compile(r"[.!?:;][\"'“”’)]*\s*$|^\s*[\"“‘'(\-–—•*]+\s*$")
# Abbreviations whose full stop does not end a sentence ("Mr. Putin").
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt",
                            "col", "capt", "prof", "rev", "u.s", "u.k", "jr", "sr", "no", "vs"})

# Shortest term kept; two-letter words are almost all function words or noise.
MIN_TERM_CHARS = 3


def normalise_text(text: str) -> str:
    """Fold text so that copies differing only in form compare equal.

    NFKC, lower case, curly quotes and dashes unified, all white space collapsed.
    Normalising twice gives the same result as normalising once.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.translate(_PUNCT_FOLD)
    return _SPACE.sub(" ", folded).strip()


_PUNCT_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)


def words(text: str) -> list[str]:
    """The words of ``text`` in order, as written (no case folding)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def _fold_term(word: str) -> str | None:
    term = word.casefold().replace("’", "'")
    if term.endswith("'s"):
        term = term[:-2]
    term = term.replace(".", "").replace("'", "")
    if term in STOPWORDS or (len(term) < MIN_TERM_CHARS and not (term.isdigit() and len(term) > 1)):
        return None
    if term.isdigit():
        # Figures tell sibling events apart ("23 pirates" vs "26 pirates", "2008");
        # single digits are too common to. Kept unfolded.
        return term
    return _fold_plural(term)


def _fold_plural(term: str) -> str:
    """Harman's S-stemmer: fold the commonest English plurals only (precise, cheap)."""
    if term.endswith("ies") and not term.endswith(("eies", "aies")):
        return term[:-3] + "y"
    if term.endswith("es") and not term.endswith(("aes", "ees", "oes")):
        return term[:-1]
    if term.endswith("s") and not term.endswith(("us", "ss")):
        return term[:-1]
    return term


def term_counts(text: str) -> Counter[str]:
    """Content terms of ``text`` with their counts (stop words and short words dropped)."""
    counts: Counter[str] = Counter()
    for word in words(text):
        term = _fold_term(word)
        if term is not None:
            counts[term] += 1
    return counts


def name_phrases(text: str) -> Counter[str]:
    """Runs of capitalised words ("Lindsay Lohan", "Betty Ford Center"), lower-cased.

    A phrase that opens a line or sentence counts only when it is longer than one word
    or the same word also appears capitalised mid-sentence, so ordinary sentence-initial
    words ("After", "Police") are not taken for names.
    """
    mid_sentence: set[str] = set()
    phrases: list[tuple[str, bool]] = []
    for line in text.splitlines():
        tokens = list(_WORD.finditer(line))
        run: list[str] = []
        run_at_start = False
        previous_end = 0
        previous_word = ""
        for index, match in enumerate(tokens):
            word = match.group()
            gap = line[previous_end : match.start()]
            at_start = index == 0 or (
                bool(_SENTENCE_END.search(gap)) and previous_word.casefold() not in _ABBREVIATIONS
            )
            previous_end = match.end()
            previous_word = word
            capitalised = word[:1].isupper() and word.casefold() not in NAME_STOPWORDS
            if capitalised and run and not _breaks_run(gap):
                run.append(word)
                continue
            if run:
                phrases.append((" ".join(run), run_at_start))
            run = [word] if capitalised else []
            run_at_start = at_start
            if capitalised and not at_start:
                mid_sentence.add(word.casefold())
        if run:
            phrases.append((" ".join(run), run_at_start))
    counts: Counter[str] = Counter()
    for phrase, at_start in phrases:
        key = _POSSESSIVE.sub("", phrase.casefold().replace("’", "'"))
        if at_start and " " not in key and key not in mid_sentence:
            continue
        if len(key) < MIN_TERM_CHARS:
            continue
        counts[key] += 1
        parts = key.split()
        if len(parts) >= 3:
            # "Chargers Jamal Williams", "Officer Brad Baehr": the name is usually last.
            counts[" ".join(parts[-2:])] += 1
    return counts


def _breaks_run(gap: str) -> bool:
    """Punctuation between two capitalised words ends a name ("Paris, France")."""
    return gap.strip() not in ("", "-", "'")


def shingles(text: str, size: int) -> set[str]:
    """Overlapping ``size``-word shingles of the normalised text (the text itself if shorter)."""
    tokens = _WORD.findall(normalise_text(text))
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}
