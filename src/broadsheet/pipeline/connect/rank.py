"""Related articles: other outlets on the same story first, then related stories.

:func:`related` ranks what the caller retrieved (members of the article's story and
candidate stories, e.g. from a database query on shared entity keys) into a short list,
each item with a one-line ``why``. It prefers fewer, right items: other articles of the
same story come first (one per outlet before a second from any outlet; copies of the
article itself are skipped), then other stories that share key entities or enough
content, most similar first. Nothing under ``RELATED_STORY_MIN`` is shown, so the list
is never padded with unrelated items. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from broadsheet.pipeline.connect.features import StoryFeatures, TermStats
from broadsheet.pipeline.connect.fingerprint import is_copy
from broadsheet.pipeline.connect.story import StoryState, similarity

__all__ = ["RELATED_STORY_MIN", "Related", "related"]

# A different story is shown as related when the article scores at least this against
# it (its content cosine, same scale as JOIN_THRESHOLD, which it must stay below) and
# shares an entity key;
# RELATED_STORY_STRONG needs no shared entity. Calibrated with bench/stories.py
# (related precision@5 on ECB+ dev topics, where the sibling event of each topic is
# the typical "related but not the same" story).
RELATED_STORY_MIN = 0.12
RELATED_STORY_STRONG = 0.2
DEFAULT_LIMIT = 5


@dataclass(frozen=True, slots=True)
class Related:
    """One related item.

    Attributes:
        id: an article id (``kind == "same-story"``) or a story id (``"related-story"``).
        score: how strongly it relates (0..1, comparable within one list).
        why: one line for readers ("same story · 12 outlets", "also about Xi Jinping").
        kind: ``"same-story"`` or ``"related-story"``.
    """

    id: str
    score: float
    why: str
    kind: Literal["same-story", "related-story"]


def related(
    article: StoryFeatures,
    *,
    stats: TermStats,
    story: StoryState | None = None,
    members: Sequence[StoryFeatures] = (),
    stories: Sequence[StoryState] = (),
    limit: int = DEFAULT_LIMIT,
) -> list[Related]:
    """Rank related items for one article.

    Args:
        article: the article being read.
        stats: document frequencies (the same as clustering uses).
        story: the article's own story, for the outlet count in ``why``.
        members: other articles of the article's story (any order; the article itself
            and its copies are skipped).
        stories: candidate other stories (the article's own story is skipped).
        limit: most items returned.

    Returns:
        At most ``limit`` items: same-story articles first, then related stories.
    """
    own_id = story.id if story is not None else None
    outlets = len(story.sources) if story is not None else 0
    same = _same_story(article, members, stats, outlets)
    others: list[Related] = []
    for candidate in stories:
        if candidate.id == own_id:
            continue
        # The content cosine, without the time bonus of the join rule: being published
        # the same week does not make two stories related.
        content = similarity(article, candidate, stats).body
        shared = [k for k in article.entities if k in candidate.entities]
        if content < RELATED_STORY_MIN or (not shared and content < RELATED_STORY_STRONG):
            continue
        shared.sort(key=lambda k: (-stats.idf(k) * article.entities[k], k))
        if shared:
            why = "also about " + ", ".join(_display(k) for k in shared[:2])
        else:
            why = f"similar story: {candidate.label}"
        others.append(Related(candidate.id, content, why, "related-story"))
    others.sort(key=lambda item: (-item.score, item.id))
    return (same + others)[:limit]


def _same_story(
    article: StoryFeatures, members: Sequence[StoryFeatures], stats: TermStats, outlets: int
) -> list[Related]:
    scored: list[tuple[float, StoryFeatures]] = []
    for member in members:
        if member.id == article.id:
            continue
        if (
            article.fingerprint is not None
            and member.fingerprint is not None
            and is_copy(article.fingerprint, member.fingerprint)[0]
        ):
            continue
        scored.append((_article_similarity(article, member, stats), member))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    seen_sources: set[str | None] = {article.source} if article.source else set()
    first: list[tuple[float, StoryFeatures]] = []
    second: list[tuple[float, StoryFeatures]] = []
    for score, member in scored:
        bucket = second if member.source in seen_sources and member.source else first
        seen_sources.add(member.source)
        bucket.append((score, member))
    label = f"same story · {outlets} outlets" if outlets > 1 else "same story"
    return [
        Related(m.id, score, f"{label}{' · ' + m.source if m.source else ''}", "same-story")
        for score, m in first + second
    ]


def _article_similarity(a: StoryFeatures, b: StoryFeatures, stats: TermStats) -> float:
    return similarity(a, StoryState.start(b), stats).score


def _display(key: str) -> str:
    """An entity key for readers: "person:xi jinping" -> "Xi Jinping"."""
    name = key.split(":", 1)[1] if ":" in key else key
    return name if any(ch.isupper() for ch in name) else name.title()
