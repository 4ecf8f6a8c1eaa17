"""What the connect stage knows about one article, and the corpus statistics it weighs by.

:func:`features_of` reduces an :class:`~broadsheet.types.Article` (or an
:class:`~broadsheet.types.EnrichedArticle`) to :class:`StoryFeatures`: title and body
term counts, entity keys, the publication time after the date rules below, the source
and a copy fingerprint. :class:`TermStats` holds document frequencies that the caller
owns and grows as articles arrive (online IDF), so no word list has to be shipped or
downloaded. Both serialise to plain dicts for a database. :func:`outlet_of` names the
outlet a source belongs to. Pure: no I/O (beyond the public suffix list packaged
with ``tld``, read once), no globals but :func:`outlet_of`'s memo.

Date rules: an article without a date is *undated* (it takes no time evidence and
never moves a stream's clock); a date more than ``FUTURE_TOLERANCE`` after ``now`` is
treated as no date (a wrong clock or a placeholder such as 2099-01-01), and so is one
before ``EARLIEST_DATE``.
"""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from broadsheet.errors import EmptyInput
from broadsheet.pipeline.connect.fingerprint import Fingerprint, fingerprint
from broadsheet.pipeline.connect.terms import name_phrases, normalise_text, term_counts
from broadsheet.types import Article, EnrichedArticle, Entity

__all__ = [
    "EARLIEST_DATE",
    "FUTURE_TOLERANCE",
    "GENERIC_TITLES",
    "StoryFeatures",
    "TermStats",
    "features_of",
    "is_generic_title",
    "outlet_of",
]

# Dates this far after "now" are clock errors, not news (time zones are within a day).
FUTURE_TOLERANCE = timedelta(days=1)
# Dates before this are parse errors (epoch zero, "0001-01-01"), not news.
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
# Most body terms kept per article, by count. Calibrated on ECB+ dev topics: the median
# article has ~150 distinct content terms; keeping 400 changes no clustering decision
# there and caps the cost of a 20,000-word transcript.
MAX_BODY_TERMS = 400
MAX_ENTITIES = 60

# Headlines that name a format, not a story: identical on unrelated stories, so they are
# never evidence (matched against the normalised title, anchored at the start).
GENERIC_TITLES: tuple[str, ...] = (
    r"live(( updates?| blog| coverage)\b|\s*[:|-]|$)",
    r"(the )?latest\b",
    r"(news|world news|business news|headlines)( in brief| roundup| summary)?$",
    r"(morning|evening|daily|weekly) (briefing|digest|news|newsletter|update)\b",
    r"breaking( news)?$",
    r"what we know( so far)?$",
    r"(photos?|videos?|pictures|in pictures|watch)$",
    r"(untitled|no title|none)$",
)
_GENERIC = re.compile("^(?:" + "|".join(GENERIC_TITLES) + ")", re.IGNORECASE)

EntityKey = Callable[[Entity], str]


def is_generic_title(title: str) -> bool:
    """True for headlines such as "Live updates" that identify no story."""
    folded = normalise_text(title).strip(" :-|")
    return not folded or bool(_GENERIC.match(folded))


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """One article as the connect stage sees it.

    Attributes:
        id: the caller's id for the article.
        title: the headline as written.
        title_terms: content terms of the headline with counts (empty if generic).
        body_terms: content terms of the body with counts (at most ``MAX_BODY_TERMS``).
        entities: entity keys with weights (enrichment's entities, else name phrases).
        published: publication time (UTC) after the date rules, or None.
        source: the outlet (host or name), if known.
        fingerprint: copy-detection fingerprint of the body, if computed.
        notes: why something was dropped ("future date ignored", "generic title").
    """

    id: str
    title: str
    title_terms: Mapping[str, int]
    body_terms: Mapping[str, int]
    entities: Mapping[str, float]
    published: datetime | None = None
    source: str | None = None
    fingerprint: Fingerprint | None = None
    notes: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        """Every term and entity key (for document-frequency counting)."""
        return set(self.title_terms) | set(self.body_terms) | set(self.entities)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reverses it."""
        return {
            "id": self.id,
            "title": self.title,
            "title_terms": dict(self.title_terms),
            "body_terms": dict(self.body_terms),
            "entities": dict(self.entities),
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "fingerprint": (
                base64.b64encode(self.fingerprint.to_bytes()).decode("ascii")
                if self.fingerprint
                else None
            ),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoryFeatures:
        """Rebuild features from :meth:`to_dict` output."""
        fp = data.get("fingerprint")
        published = data.get("published")
        return cls(
            id=str(data["id"]),
            title=str(data.get("title", "")),
            title_terms=dict(data.get("title_terms", {})),
            body_terms=dict(data.get("body_terms", {})),
            entities=dict(data.get("entities", {})),
            published=datetime.fromisoformat(published) if published else None,
            source=data.get("source"),
            fingerprint=Fingerprint.from_bytes(base64.b64decode(fp)) if fp else None,
            notes=tuple(data.get("notes", ())),
        )


# IDF values are cached and the cache is dropped whenever the corpus has grown by this
# share since it was filled: weights move by under 1% in between, and scoring does a
# dict lookup instead of a logarithm per key (the hot path of story assignment).
IDF_REFRESH = 0.01
# Most cached vector lengths (cleared when full): a few hundred thousand story vectors.
MAX_CACHED_NORMS = 200_000
# Most distinct keys an in-memory TermStats holds. Past it every count and the document
# count are halved and keys falling to zero dropped: IDF ratios barely move (both sides
# of ln((1 + N) / (1 + df)) halve), terms no longer used fade out, and a long-running
# index stays bounded in memory however long the stream (~150 bytes a key: 2M ≈ 300 MB).
MAX_VOCABULARY = 2_000_000


@dataclass(slots=True)
class TermStats:
    """Document frequencies of terms and entity keys, grown as articles arrive.

    The caller owns one per corpus (the site keeps it in a table; the CLI in memory) and
    calls :meth:`add` once per original article. IDF is smoothed so that a new term on
    a young corpus is weighted like a rare one, not infinitely.
    """

    documents: int = 0
    df: Counter[str] = field(default_factory=Counter)
    _cache: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    _norms: dict[int, tuple[Mapping[str, float], float]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _cached_at: int = field(default=0, compare=False, repr=False)
    max_keys: int = field(default=MAX_VOCABULARY, compare=False, repr=False)

    def add(self, features: StoryFeatures) -> None:
        """Count one article's keys (halving the counts when past ``max_keys``)."""
        self.documents += 1
        self.df.update(features.keys())
        if len(self.df) > self.max_keys:
            self.halve()
        elif self.documents > self._cached_at * (1 + IDF_REFRESH) + 1:
            self._cache.clear()
            self._norms.clear()
            self._cached_at = self.documents

    def halve(self) -> None:
        """Halve every count and the document count; keys falling to zero go."""
        self.documents = max(1, self.documents // 2)
        self.df = Counter({k: v // 2 for k, v in self.df.items() if v >= 2})
        self._cache.clear()
        self._norms.clear()
        self._cached_at = self.documents

    def norm(self, vector: Mapping[str, float]) -> float:
        """Length of ``vector`` with each key weighted by its IDF (cached per vector).

        Story centroids are immutable mappings compared with many articles, so the
        length is computed once per refresh of the IDF cache; the cache holds the
        vector itself so that its id cannot be reused while cached.
        """
        hit = self._norms.get(id(vector))
        if hit is not None and hit[0] is vector:
            return hit[1]
        idf = self.idf
        value = math.sqrt(sum((v * idf(k)) ** 2 for k, v in vector.items()))
        if len(self._norms) > MAX_CACHED_NORMS:
            self._norms.clear()
        self._norms[id(vector)] = (vector, value)
        return value

    def idf(self, key: str) -> float:
        """Smoothed inverse document frequency: ln((1 + N) / (1 + df)) + 1 (cached)."""
        value = self._cache.get(key)
        if value is None:
            value = math.log((1 + self.documents) / (1 + self.df.get(key, 0))) + 1.0
            self._cache[key] = value
        return value

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reverses it."""
        return {"documents": self.documents, "df": dict(self.df)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TermStats:
        """Rebuild statistics from :meth:`to_dict` output."""
        return cls(int(data["documents"]), Counter(data.get("df", {})))


def _default_entity_key() -> EntityKey:
    """Enrichment's cross-corpus entity key ("person:vladimir putin"), imported lazily."""
    from broadsheet.pipeline.enrich import entity_key

    def key_of(entity: Entity) -> str:
        key = entity_key(entity.name, entity.type)
        return "" if key.endswith(":") else key

    return key_of


def _usable_date(published: datetime | None, now: datetime | None) -> tuple[datetime | None, str]:
    if published is None:
        return None, ""
    when = published if published.tzinfo else published.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    if when < EARLIEST_DATE:
        return None, f"date {when.date()} before {EARLIEST_DATE.year} ignored"
    if now is not None and when > now + FUTURE_TOLERANCE:
        return None, f"future date {when.isoformat()} ignored"
    return when, ""


def features_of(
    article: Article | EnrichedArticle,
    *,
    id: str,
    now: datetime | None = None,
    entity_key: EntityKey | None = None,
    with_fingerprint: bool = True,
) -> StoryFeatures:
    """Reduce an article to the features stories are built from.

    Args:
        article: an extracted or enriched article.
        id: the caller's id for it.
        now: the current time, to reject future dates (None: no check, e.g. replays).
        entity_key: maps an enrichment entity to its cross-corpus key (default:
            ``broadsheet.pipeline.enrich.entity_key`` when available, else the folded
            name). Unused for plain articles, whose name phrases stand in for entities.
        with_fingerprint: compute the copy fingerprint (skip for pure similarity work).

    Returns:
        The article's :class:`StoryFeatures`.

    Raises:
        EmptyInput: neither the title nor the body has a single content word.
    """
    enriched = article if isinstance(article, EnrichedArticle) else None
    plain = enriched.article if enriched else article
    assert isinstance(plain, Article)
    notes: list[str] = []
    generic = is_generic_title(plain.title)
    title_terms = Counter() if generic else term_counts(plain.title)
    if generic and plain.title.strip():
        notes.append("generic title ignored")
    body_terms = term_counts(plain.body)
    if not body_terms and not title_terms:
        raise EmptyInput("no content words in title or body", input=id)
    if len(body_terms) > MAX_BODY_TERMS:
        body_terms = Counter(dict(body_terms.most_common(MAX_BODY_TERMS)))
    entities = _entities(enriched, plain, entity_key)
    published, note = _usable_date(plain.published, now)
    if note:
        notes.append(note)
    source = plain.source or _host(plain.url)
    return StoryFeatures(
        id=id,
        title=plain.title.strip(),
        title_terms=dict(title_terms),
        body_terms=dict(body_terms),
        entities=entities,
        published=published,
        source=source,
        fingerprint=fingerprint(plain.body or plain.title) if with_fingerprint else None,
        notes=tuple(notes),
    )


def _entities(
    enriched: EnrichedArticle | None, plain: Article, entity_key: EntityKey | None
) -> dict[str, float]:
    weights: Counter[str] = Counter()
    if enriched is not None and enriched.entities:
        key_of = entity_key or _default_entity_key()
        for entity in enriched.entities:
            key = key_of(entity)
            if key:
                weights[key] += max(1, len(entity.mentions))
    else:
        weights.update(name_phrases(plain.title))
        weights.update(name_phrases(plain.body))
    top = weights.most_common(MAX_ENTITIES)
    return {key: float(count) for key, count in top}


def _host(url: str | None) -> str | None:
    if not url:
        return None
    match = re.match(r"^[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#]+)", url, re.IGNORECASE)
    return match.group(1).lower() if match else None


_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*$")


@lru_cache(maxsize=4096)
def outlet_of(source: str | None) -> str | None:
    """The outlet a source names, for counting distinct outlets (None stays None).

    A host name comes down to its registrable domain, by the public suffix list that
    courlan's ``tld`` ships (no download): ``africa.chinadaily.com.cn`` and
    ``www.chinadaily.com.cn`` are one outlet, China Daily, whose house words one
    story's pieces share. Any other source (an outlet's name, an address) is compared
    as given, case-folded and trimmed.
    """
    if source is None:
        return None
    folded = source.strip().casefold()
    if not folded:
        return None
    if _HOST.match(folded):
        from courlan import extract_domain

        domain = extract_domain(f"http://{folded}/")
        if domain:
            return domain
    return folded
