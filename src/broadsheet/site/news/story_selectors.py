"""Reads for the story page: coverage timeline, quotes by speaker, key entities, tags.

Split from :mod:`broadsheet.site.news.selectors` (same rules: reads only, a bounded
number of queries, copies folded under their original and never counted as coverage,
unknown ids raise :class:`~broadsheet.errors.NotFound`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F

from broadsheet.errors import NotFound
from broadsheet.site.news.models import Article, ArticleTag, Entity, Mention, Quote, Story, Tag
from broadsheet.site.news.selectors import original_articles, outlet_name

__all__ = ["QuoteGroup", "StoryPage", "TimelineEntry", "story_get", "story_page"]

# Key entities and hashtags shown on a story page: two lines of chips each on a laptop
# screen (a layout choice).
STORY_ENTITIES = 12
STORY_TAGS = 12


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One outlet's report in a story timeline, with its copies folded under it."""

    article: Article
    copies: list[Article] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """Quotes across a story's coverage by one speaker; ``quotes`` are (quote, outlets)."""

    speaker: str
    entity: Entity | None
    quotes: list[tuple[Quote, int]]


@dataclass(frozen=True, slots=True)
class StoryPage:
    """Everything the story page shows."""

    story: Story
    timeline: list[TimelineEntry]
    outlets: int
    quote_groups: list[QuoteGroup]
    entities: list[tuple[Entity, int]]
    tags: list[tuple[Tag, int]]


def story_get(pk: int) -> Story:
    """The story with ``pk``.

    Raises:
        NotFound: no such story.
    """
    try:
        return Story.objects.defer("state").get(pk=pk)
    except Story.DoesNotExist as exc:
        raise NotFound("no such story", input=str(pk)) from exc


def _speaker_key(quote: Quote) -> tuple[str, str]:
    if quote.speaker_entity_id is not None:
        return ("entity", str(quote.speaker_entity_id))
    return ("name", (quote.speaker or "").strip().casefold())


def _quote_key(text: str) -> str:
    return " ".join(text.casefold().split())


def story_page(story: Story) -> StoryPage:
    """A story's timeline (first report first, copies folded), quotes, entities, tags."""
    articles = list(
        original_articles().filter(story=story).order_by(F("published").asc(nulls_last=True), "id")
    )
    ids = [a.pk for a in articles]
    copies: dict[int, list[Article]] = defaultdict(list)
    for copy in (
        Article.objects.filter(duplicate_of_id__in=ids)
        .select_related("source")
        .order_by(F("published").asc(nulls_last=True), "id")
    ):
        if copy.duplicate_of_id is not None:
            copies[copy.duplicate_of_id].append(copy)
    timeline = [TimelineEntry(a, copies.get(a.pk, [])) for a in articles]
    outlets = len({outlet_name(a) for a in articles} - {""})

    groups: dict[tuple[str, str], QuoteGroup] = {}
    seen: dict[tuple[tuple[str, str], str], int] = {}
    for quote in (
        Quote.objects.filter(article_id__in=ids)
        .select_related("speaker_entity", "article", "article__source")
        .order_by(F("article__published").asc(nulls_last=True), "article_id", "position")
    ):
        key = _speaker_key(quote)
        name = quote.speaker_entity.name if quote.speaker_entity else (quote.speaker or "")
        group = groups.setdefault(key, QuoteGroup(name or "Unattributed", quote.speaker_entity, []))
        said = (key, _quote_key(quote.text))
        if said in seen:
            position = seen[said]
            first, count = group.quotes[position]
            group.quotes[position] = (first, count + 1)
        else:
            seen[said] = len(group.quotes)
            group.quotes.append((quote, 1))
    quote_groups = sorted(groups.values(), key=lambda g: (-len(g.quotes), g.speaker))

    entity_rows = (
        Mention.objects.filter(article_id__in=ids)
        .values("entity_id")
        .annotate(n=Count("article_id", distinct=True))
        .order_by("-n", "entity_id")[:STORY_ENTITIES]
    )
    counts = {row["entity_id"]: row["n"] for row in entity_rows}
    entities = Entity.objects.in_bulk(list(counts))
    tag_rows = (
        ArticleTag.objects.filter(article_id__in=ids)
        .values("tag_id")
        .annotate(n=Count("article_id", distinct=True))
        .order_by("-n", "tag_id")[:STORY_TAGS]
    )
    tag_counts = {row["tag_id"]: row["n"] for row in tag_rows}
    tags = Tag.objects.in_bulk(list(tag_counts))
    return StoryPage(
        story=story,
        timeline=timeline,
        outlets=outlets,
        quote_groups=quote_groups,
        entities=[(entities[pk], n) for pk, n in counts.items() if pk in entities],
        tags=[(tags[pk], n) for pk, n in tag_counts.items() if pk in tags],
    )
