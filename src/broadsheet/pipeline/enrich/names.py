"""Name normalisation: honorifics, possessives, cross-corpus entity keys and alias matching.

Pure string functions shared by the entity merger and the site's alias table: they
turn "President Vladimir V. Putin's" into the name "Vladimir V. Putin" and the key
``person:vladimir putin``, and say why two names may be one entity (the reason is
kept so merges can be explained). No model, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "AliasMatch",
    "HONORIFICS",
    "entity_key",
    "match_alias",
    "name_tokens",
    "strip_honorifics",
]

#: Titles and honorifics dropped from the front of person names (lower-case, no dot).
#: Collected by hand from news copy (NYT, Reuters, AP styles) and the PolNeAR train split.
HONORIFICS = frozenset(
    """mr mrs ms miss mx dr prof sir dame lord lady rev president vice prime minister
    sen senator rep representative gov governor gen general secretary chancellor king
    queen prince princess pope judge justice mayor chairman chairwoman ambassador col
    lt capt sgt adm commissioner speaker former premier sheikh emir crown chief
    archbishop bishop cardinal father sister brother dr. attorney candidate nominee
    congressman congresswoman councilman councilwoman officer detective professor
    coach mrs. mr. ms. sen. gov. rep. gen. lt. col. capt.""".split()
)

# Name particles that are part of a surname ("Lula da Silva", "van der Leyen").
_PARTICLES = frozenset("da de del della der di do dos du la le van von bin al el".split())
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*\.?")
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def strip_honorifics(text: str) -> tuple[int, int]:
    """Return the ``(start, end)`` of ``text`` without leading titles and a possessive.

    "President Vladimir V. Putin's" -> the offsets of "Vladimir V. Putin". A name made
    only of titles is returned unchanged.
    """
    start, end = 0, len(text)
    possessive = _POSSESSIVE.search(text)
    if possessive is not None and possessive.start() > 0:
        end = possessive.start()
    article = _ARTICLE.match(text)
    if article is not None and article.end() < end:
        start = article.end()
    while True:
        match = _TOKEN.match(text, start)
        if match is None or match.end() >= end:
            break
        word = match.group().rstrip(".").lower()
        if word not in HONORIFICS:
            break
        nxt = match.end()
        while nxt < end and text[nxt] in " .\u00a0":
            nxt += 1
        if nxt >= end:
            break
        start = nxt
    return start, end


def name_tokens(name: str) -> list[str]:
    """Accent-folded, lower-case tokens of a name, without honorifics and initials."""
    start, end = strip_honorifics(name)
    # Dotted acronyms ("U.S.", "U.K.") become one token ("us") before tokenising.
    text = _DOTTED.sub(lambda m: m.group().replace(".", ""), _fold(name[start:end]))
    tokens = [t.rstrip(".") for t in _TOKEN.findall(text)]
    return [t for t in tokens if len(t) > 1 or not t.isalpha()]


def entity_key(name: str, type: str) -> str:
    """Return a stable key for an entity across articles and sites.

    The key is the type and the folded name tokens without honorifics, possessives,
    middle initials or a leading article: "Vladimir V. Putin" and "President Vladimir
    Putin's" both give ``person:vladimir putin``.

    Args:
        name: the entity's name as written or canonical.
        type: ``person``, ``organization``, ``place`` or ``other``.

    Returns:
        ``"<type>:<tokens>"``; ``"<type>:"`` for a name with no usable token.
    """
    return f"{type}:{' '.join(name_tokens(name))}"


@dataclass(frozen=True, slots=True)
class AliasMatch:
    """A known name that a new name refers to, and why (shown to editors)."""

    name: str
    key: str
    reason: str


def _acronym(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t not in {"of", "the", "and", "for", "&"})


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(token in it for token in short)


def match_alias(name: str, type: str, known: Iterable[str]) -> AliasMatch | None:
    """Find which of ``known`` names ``name`` refers to, if exactly one fits.

    Rules, in order: same key; for people, every token of one name appears in order in
    the other and the last tokens agree ("Vladimir Putin" ~ "Vladimir V. Putin",
    "Putin" ~ "Vladimir Putin", "Lula da Silva" ~ "Luiz Inácio Lula da Silva"); for
    organisations and places, an acronym of the other ("EU" ~ "European Union").
    A rule that fits several known names matches none (ambiguous surnames stay apart).

    Args:
        name: the new name.
        type: its entity type.
        known: canonical names of the same type already in the table.

    Returns:
        The match with its reason, or None.
    """
    key = entity_key(name, type)
    tokens = name_tokens(name)
    if not tokens:
        return None
    candidates = list(known)
    for other in candidates:
        if entity_key(other, type) == key:
            return AliasMatch(other, key, "same name once titles and initials are removed")
    fits: list[tuple[str, str]] = []
    for other in candidates:
        other_tokens = name_tokens(other)
        if not other_tokens:
            continue
        if type == "person":
            short, long = sorted((tokens, other_tokens), key=len)
            if short[-1] == long[-1] and _is_subsequence(short, long):
                fits.append((other, "the shorter name's words appear in order in the "
                             "longer one and the surnames agree"))
        elif len(tokens) == 1 and len(other_tokens) > 1:
            if tokens[0] == _acronym(other_tokens):
                fits.append((other, f"{name!r} is the acronym of {other!r}"))
        elif len(other_tokens) == 1 and len(tokens) > 1:
            if other_tokens[0] == _acronym(tokens):
                fits.append((other, f"{other!r} is the acronym of {name!r}"))
    if len(fits) != 1:
        return None
    other, reason = fits[0]
    return AliasMatch(other, entity_key(other, type), reason)
