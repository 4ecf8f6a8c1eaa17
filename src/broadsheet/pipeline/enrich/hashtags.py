"""Hashtags: 3 to 8 per article, ranked by salience, stable across a story.

Candidates are the article's entities (named by their canonical name, so every
article naming "Vladimir V. Putin" gets ``#VladimirPutin``) and key phrases: title
word pairs and words that recur in the body. Scores combine entity salience, title
presence and frequency. Tags are CamelCase without '#', never a stop word or a bare
number. Pure; no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from broadsheet.pipeline.enrich.names import strip_honorifics
from broadsheet.pipeline.enrich.text import STOP_WORDS, content_words, stem
from broadsheet.types import Entity, Hashtag, Sentence

__all__ = ["MAX_TAGS", "MIN_TAGS", "camel_case", "make_hashtags"]

MIN_TAGS = 3
MAX_TAGS = 8

#: Tags scoring below this share of the best tag are dropped once MIN_TAGS are kept.
#: Set by hand on the seed article and tests/data/enrich articles: 0.15 keeps the
#: people and places an article is about and drops one-off mentions.
RELATIVE_FLOOR = 0.15

#: Type weights: people and organisations make better tags than adjectives of nation.
TYPE_WEIGHTS = {"person": 1.0, "organization": 0.9, "place": 0.8, "other": 0.5}

#: Weight of a key phrase relative to an entity of the same frequency.
PHRASE_WEIGHT = 0.6

#: Common verbs and adjectives that recur in any story and make empty tags ("#Show",
#: "#Want"). Hand list; without a part-of-speech tagger this is how verbs stay out.
GENERIC_WORDS = frozenset(
    """show shows showed shown want wants wanted support supported supports make makes
    making need needs needed help helps helped know knew known think thought believe
    believed seem seemed call called calls give gave given keep kept hold held turn
    turned begin began start started end ended move moved remain remained become
    include included continue continued change changed lead led leave left try tried
    tries find found work worked works play run ran set sent send bring brought mean
    meant serve served hope hoped expect expected plan planned plans able large small
    great good high long little major whole big important clear likely possible early
    late former recent several different other another same real full part parts case
    point points place places group groups number numbers area areas side sides fact
    world country countries state states level levels kind sort type form order event
    events issue issues statement statements comment comments report reports news
    already almost despite amid ahead across away instead leader leaders official
    officials president spokesman spokeswoman minister ministers member members
    percent million billion""".split()
)

#: Bonuses for key phrases found in the title (a title word pair such as "cease-fire
#: talks", or one title word) and the least count of a body-only word. Set by hand on
#: the seed article and tests/data/enrich so entities lead and title phrases follow.
TITLE_PHRASE_BONUS = 0.5
TITLE_WORD_BONUS = 0.3
MIN_BODY_WORD_COUNT = 3

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def camel_case(text: str, *, keep_case: bool = True) -> str:
    """``"cease-fire talks"`` -> ``"CeasefireTalks"``; initials and marks dropped.

    Args:
        text: words separated by spaces or punctuation.
        keep_case: keep inner capitals of each word ("McDonald", "NATO").
    """
    parts = []
    for word in _WORD.findall(text):
        word = re.sub(r"[-'’]", "", word)
        if len(word) == 1 and word.isalpha() and word.isupper():
            continue  # a middle initial
        if not keep_case:
            word = word.lower()
        parts.append(word[:1].upper() + word[1:])
    return "".join(parts)


def _acceptable(tag: str) -> bool:
    return len(tag) >= 3 and not tag.isdigit() and tag.lower() not in STOP_WORDS


def _entity_tag(entity: Entity) -> str:
    start, end = strip_honorifics(entity.name)
    return camel_case(entity.name[start:end])


def make_hashtags(
    title: str,
    sentences: tuple[Sentence, ...],
    entities: tuple[Entity, ...],
) -> tuple[Hashtag, ...]:
    """Rank hashtags for an article.

    Args:
        title: the headline.
        sentences: the body's sentences (for frequency and the sentences a tag cites).
        entities: canonical entities with salience.

    Returns:
        Between :data:`MIN_TAGS` and :data:`MAX_TAGS` hashtags (fewer only when the
        article offers fewer candidates), best first.
    """
    scored: dict[str, Hashtag] = {}
    starts = [s.start for s in sentences]
    title_stems = set(content_words(title))
    covered: set[str] = set()
    for entity in entities:
        if entity.type == "other" and len(entity.name.split()) < 2:
            continue  # "Russian", "Soviet": adjectives, poor tags
        tag = _entity_tag(entity)
        if not _acceptable(tag):
            continue
        score = entity.salience * TYPE_WEIGHTS[entity.type]
        sentence_ids = tuple(sorted({
            sentences[i].index for m in entity.mentions
            if (i := bisect.bisect_right(starts, m.start) - 1) >= 0
        }))[:10]
        key = tag.lower()
        if key not in scored or scored[key].score < score:
            scored[key] = Hashtag(tag, round(score, 4), entity.name, sentence_ids)
        covered.update(content_words(entity.name))
    body_counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for sentence in sentences:
        for word in _TITLE_WORD.findall(sentence.text):
            low = word.lower().replace("’", "'")
            if (low in STOP_WORDS or low in GENERIC_WORDS or len(low) < 4
                    or word[:1].isupper() or low.endswith("ed")):
                continue  # past tenses are verbs: poor tags
            body_counts[stem(low)] += 1
            surface.setdefault(stem(low), low)
    top_count = max(body_counts.values(), default=1)
    phrases: dict[str, float] = {}
    title_words = [w for w in _TITLE_WORD.findall(title)
                   if w.lower() not in STOP_WORDS and w.lower() not in GENERIC_WORDS]
    for first, second in zip(title_words, title_words[1:], strict=False):
        stems = [stem(first.lower()), stem(second.lower())]
        if all(body_counts.get(s) for s in stems) and not set(stems) & covered:
            phrases[f"{first.lower()} {second.lower()}"] = (
                TITLE_PHRASE_BONUS + sum(body_counts[s] for s in stems) / (2 * top_count))
    for word_stem, count in body_counts.items():
        if word_stem in covered:
            continue
        if word_stem in title_stems and count >= 1:
            value = TITLE_WORD_BONUS + count / (2 * top_count)
        elif count >= MIN_BODY_WORD_COUNT:
            value = count / (2 * top_count)
        else:
            continue
        phrases.setdefault(surface[word_stem], value)
    best_entity = max((h.score for h in scored.values()), default=1.0) or 1.0
    for phrase, value in phrases.items():
        tag = camel_case(phrase, keep_case=False)
        if not _acceptable(tag) or tag.lower() in scored:
            continue
        if any(tag.lower() in other for other in scored):
            continue
        scored[tag.lower()] = Hashtag(tag, round(PHRASE_WEIGHT * value * best_entity, 4))
    ranked = sorted(scored.values(), key=lambda h: (-h.score, h.tag))
    if not ranked:
        return ()
    floor = ranked[0].score * RELATIVE_FLOOR
    kept = [h for i, h in enumerate(ranked) if i < MIN_TAGS or h.score >= floor]
    return tuple(kept[:MAX_TAGS])
