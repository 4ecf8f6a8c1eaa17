"""Entities of one article: clean NER mentions, merge them into canonical entities, find roles.

Input is the NER pass's raw ``(start, end, label)`` triples in body offsets; output is
:class:`~broadsheet.types.Entity` values whose mentions point into the body. Merging is
rule-based and explainable: people merge when one name's tokens appear in order in the
other's ("Mr. Putin" -> "Vladimir V. Putin"), organisations and places on the same
folded name or an acronym. Roles come from appositives ("Alexander Gabuev, the director
of ..., said") or a title before the name ("Senator"). Pure: no model, no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from broadsheet.pipeline.enrich.names import name_tokens, strip_honorifics
from broadsheet.types import Entity, EntityType, Span

__all__ = ["LABEL_TYPES", "EntityIndex", "RawMention", "build_entities"]

#: spaCy (OntoNotes) labels kept, and the type each becomes. NORP, EVENT, LAW, PRODUCT
#: and WORK_OF_ART are kept as "other" (useful hashtags: "#WorldWarII"); numbers, dates
#: and money are dropped.
LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
    "EVENT": "other",
    "LAW": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
}

#: Longest role kept, in words. Appositives longer than this are usually clauses, not
#: roles (checked on the seed article and PolNeAR train sources).
MAX_ROLE_WORDS = 14

#: Longest title run before a name ("Deputy Foreign Minister"), in words.
MAX_TITLE_WORDS = 4

#: Salience weights: a mention in the title counts this many body mentions, one in the
#: first paragraph this many. Set by hand so that the headline's subject ranks first on
#: the seed article and the BBC sample we read.
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 1.5

_TITLE_WORDS = frozenset(
    """president senator governor secretary minister chancellor mayor ambassador judge
    spokesman spokeswoman spokesperson director chairman chairwoman chief ceo leader
    commissioner general representative congressman congresswoman premier prosecutor
    attorney justice king queen prince princess pope coach manager founder analyst
    councillor councilman councilwoman sheriff officer economist""".split()
)
_TITLE_MODIFIERS = frozenset(
    """vice prime deputy foreign press former state defense defence general executive
    assistant acting chief interior finance white house national security attorney
    republican democratic u.s. us police fire opposition city county""".split()
)
_APPOSITIVE_AFTER = re.compile(r",\s+(?:the|a|an|its|his|her|their)\s+")
_ROLE_STOP = re.compile(
    r"[,;:()\n\"“”‘’]|\.(?:\s|$)|\s+(?:said|says|told|who|which|and\s+(?:said|is|was))\b")
_APPOSITIVE_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w.-]*['’]s)\s+"
    r"([A-Za-z][^,;:()\n\"“”]{2,100}),\s*$")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class RawMention:
    """One NER hit in body offsets, before cleaning."""

    start: int
    end: int
    label: str


@dataclass(slots=True)
class _Cluster:
    type: EntityType
    mentions: list[Span] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    name: str = ""
    types: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """Entities of an article plus a sorted index of mentions -> entity position."""

    entities: tuple[Entity, ...]
    starts: tuple[int, ...]
    owners: tuple[tuple[int, int, int], ...]  # (start, end, entity index), sorted

    def entity_at(self, start: int, end: int) -> int | None:
        """Index of the entity with a mention overlapping ``[start, end)``, if any."""
        i = bisect.bisect_right(self.starts, end) - 1
        while i >= 0:
            m_start, m_end, owner = self.owners[i]
            if m_end > start and m_start < end:
                return owner
            if m_end <= start and start - m_end > 200:
                break
            i -= 1
        return None

    def mentions_between(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Mentions lying wholly inside ``[start, end)``, in order."""
        i = bisect.bisect_left(self.starts, start)
        found = []
        while i < len(self.owners) and self.owners[i][0] < end:
            if self.owners[i][1] <= end:
                found.append(self.owners[i])
            i += 1
        return found


def _clean(body: str, mention: RawMention) -> Span | None:
    entity_type = LABEL_TYPES.get(mention.label)
    if entity_type is None:
        return None
    raw = body[mention.start : mention.end]
    start, end = strip_honorifics(raw)
    text = raw[start:end].strip()
    if not text:
        return None
    start = mention.start + raw.index(text, start)
    first = text[0]
    # Lower-case starts are tagging errors ("hegemonic bullying" as PERSON).
    if not (first.isupper() or first.isdigit()) or len(text) < 2:
        return None
    return Span(text, start, start + len(text))


def _acronym(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t not in {"of", "the", "and", "for", "&"})


def _person_fits(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(token in it for token in short)


def _assign_person(clusters: list[_Cluster], tokens: list[str], at: int) -> _Cluster | None:
    fits = [c for c in clusters if c.type == "person" and _person_fits(tokens, c.tokens)]
    if not fits:
        return None
    if len(fits) > 1:
        # Prefer names whose surname matches, then the one mentioned last before `at`.
        by_surname = [c for c in fits if c.tokens[-1] == tokens[-1]]
        fits = by_surname or fits
        before = [c for c in fits if c.mentions and c.mentions[0].start <= at]
        fits = sorted(before or fits, key=lambda c: max(
            (m.start for m in c.mentions if m.start <= at), default=-1))
        return fits[-1]
    return fits[0]


def _has_lower_word(text: str) -> bool:
    """A role has a common noun ("expert"); a list of names ("Britain, France") has not."""
    return any(word[:1].islower() for word in text.split())


def _role_after(body: str, span: Span) -> Span | None:
    match = _APPOSITIVE_AFTER.match(body, span.end)
    if match is None:
        return None
    stop = _ROLE_STOP.search(body, match.end())
    end = stop.start() if stop else len(body)
    text = body[match.end() : end].rstrip()
    if not text or len(text.split()) > MAX_ROLE_WORDS or not _has_lower_word(text):
        return None
    return Span(text, match.end(), match.end() + len(text))


def _role_before(body: str, span: Span, line_start: int) -> Span | None:
    window_start = max(line_start, span.start - 120)
    prefix = body[window_start : span.start]
    match = _APPOSITIVE_BEFORE.search(prefix)
    if match is not None and body[span.end : span.end + 1] in {",", "."}:
        text = match.group(1).rstrip()
        if len(text.split()) <= MAX_ROLE_WORDS and _has_lower_word(text):
            start = window_start + match.start(1)
            return Span(text, start, start + len(text))
    words = list(_WORD.finditer(prefix))
    picked: list[re.Match[str]] = []
    for word in reversed(words):
        w = word.group().lower()
        if not picked:
            if w.rstrip(".") not in _TITLE_WORDS:
                break
            picked.append(word)
        elif w in _TITLE_MODIFIERS or w.rstrip(".") in _TITLE_WORDS or (
                word.group()[:1].isupper() and word.group()[-1].isalpha()
                and len(picked) < MAX_TITLE_WORDS):
            # "Education Minister", "White House press secretary".
            picked.append(word)
        else:
            break
    if not picked:
        return None
    start = window_start + picked[-1].start()
    end = window_start + picked[0].end()
    return Span(body[start:end], start, end)


def build_entities(
    body: str, raw: list[RawMention], title: str = "", lead_end: int = 0
) -> EntityIndex:
    """Merge NER mentions into canonical entities with roles and salience.

    Args:
        body: the article body the offsets point into.
        raw: NER mentions in body order.
        title: the headline (only used to weigh salience).
        lead_end: end offset of the first paragraph (mentions before it weigh more).

    Returns:
        The entities, most salient first, with a mention index.
    """
    cleaned = [(span, LABEL_TYPES[m.label]) for m in raw if (span := _clean(body, m))]
    clusters: list[_Cluster] = []
    by_key: dict[str, _Cluster] = {}
    # People: longest names first so that "Putin" can join "Vladimir V. Putin".
    people = sorted(
        ((s, t) for s, t in cleaned if t == "person"),
        key=lambda item: (-len(name_tokens(item[0].text)), item[0].start),
    )
    for span, _ in people:
        tokens = name_tokens(span.text)
        if not tokens:
            continue
        cluster = by_key.get("person:" + " ".join(tokens))
        if cluster is None:
            cluster = _assign_person(clusters, tokens, span.start)
        if cluster is None:
            cluster = _Cluster("person", tokens=tokens, name=span.text)
            clusters.append(cluster)
            by_key["person:" + " ".join(tokens)] = cluster
        cluster.mentions.append(span)
        cluster.types["person"] += 1
    others = sorted(
        ((s, t) for s, t in cleaned if t != "person"),
        key=lambda item: (-len(item[0].text), item[0].start),
    )
    for span, entity_type in others:
        tokens = name_tokens(span.text)
        if not tokens:
            continue
        key = " ".join(tokens)
        cluster = by_key.get("person:" + key) or by_key.get("other:" + key)
        if cluster is None and len(tokens) == 1:
            # "EU" -> "European Union"; "Northline" -> "Northline Railways" when unique.
            fits = [c for c in clusters if c.type != "person" and len(c.tokens) > 1
                    and (_acronym(c.tokens) == tokens[0] or c.tokens[0] == tokens[0])]
            cluster = fits[0] if len(fits) == 1 else None
        if cluster is None:
            cluster = _Cluster(entity_type, tokens=tokens, name=span.text)
            clusters.append(cluster)
            by_key["other:" + key] = cluster
        cluster.mentions.append(span)
        cluster.types[entity_type] += 1
    return _finish(body, clusters, title, lead_end)


def _finish(body: str, clusters: list[_Cluster], title: str, lead_end: int) -> EntityIndex:
    title_tokens = set(name_tokens(title)) if title else set()
    scored: list[tuple[float, Entity]] = []
    for cluster in clusters:
        mentions = sorted(set(cluster.mentions), key=lambda s: s.start)
        entity_type: EntityType = cluster.types.most_common(1)[0][0]  # type: ignore[assignment]
        if entity_type == "person":
            # The fullest form: "Vladimir V. Putin" over "Putin".
            name = max((m.text for m in mentions),
                       key=lambda t: (len(name_tokens(t)), len(t)))
        else:
            # The most frequent form ("Russia" over a stray "U.S.-Russia").
            forms = Counter(m.text for m in mentions)
            name = max(forms, key=lambda t: (forms[t], len(t)))
        score = sum(LEAD_WEIGHT if m.start < lead_end else 1.0 for m in mentions)
        if title_tokens and cluster.tokens and cluster.tokens[-1] in title_tokens:
            score += TITLE_WEIGHT
        role = None
        if entity_type == "person":
            for mention in mentions:
                line_start = body.rfind("\n", 0, mention.start) + 1
                role = _role_after(body, mention) or _role_before(body, mention, line_start)
                if role is not None:
                    break
        aliases = tuple(sorted({m.text for m in mentions} - {name}))
        scored.append((score, Entity(
            name=name, type=entity_type, mentions=tuple(mentions),
            role=role.text if role else None, role_span=role, salience=score,
            aliases=aliases,
        )))
    scored.sort(key=lambda item: (-item[0], item[1].mentions[0].start))
    top = scored[0][0] if scored else 1.0
    entities = tuple(
        Entity(e.name, e.type, e.mentions, e.role, e.role_span, round(s / top, 4), e.aliases)
        for s, e in scored
    )
    owners = sorted(
        (m.start, m.end, index) for index, e in enumerate(entities) for m in e.mentions
    )
    return EntityIndex(entities, tuple(o[0] for o in owners), tuple(owners))
