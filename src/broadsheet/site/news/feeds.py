"""Atom and RSS feeds out: the latest articles, and those of a tag, an entity or a story.

Declarative :class:`django.contrib.syndication.views.Feed` classes over the models: the
base class says what an item is (title, link, summary, date, author, hashtags as
categories, a stable id) and each subclass only says which articles and which channel.
Every feed comes in RSS 2.0 and Atom 1.0 (``Atom`` subclasses swap the generator).
Item text is plain text: it is HTML-escaped before it goes into the HTML-typed summary
so a reader shows ``<b>`` literally, never as markup. Feeds only read; near-duplicate
copies are left out so a wire story appears once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from broadsheet.site.news.models import Article, ArticleTag, Entity, Story, Tag

__all__ = [
    "EntityAtomFeed",
    "EntityRssFeed",
    "LatestAtomFeed",
    "LatestRssFeed",
    "StoryAtomFeed",
    "StoryRssFeed",
    "TagAtomFeed",
    "TagRssFeed",
]

#: Items per feed. Readers poll every few minutes to hours; 50 covers a busy desk's
#: output between two polls without making each response large.
FEED_ITEMS = 50
#: Longest plain-text summary (characters) when an article has no summary sentence.
SUMMARY_CHARS = 400


def _articles() -> QuerySet[Article]:
    return Article.objects.filter(duplicate_of__isnull=True).prefetch_related(
        Prefetch("article_tags", queryset=ArticleTag.objects.select_related("tag"))
    )


def _latest(articles: QuerySet[Article]) -> list[Article]:
    """The newest FEED_ITEMS articles, undated ones (newest stored first) after the dated.

    Two plain queries rather than one ``published DESC NULLS LAST`` sort: PostgreSQL
    cannot walk its ``published`` index in that order and sorted every article on each
    request (bench/api.py, 20,000 articles).
    """
    dated = list(
        articles.filter(published__isnull=False).order_by("-published", "-id")[:FEED_ITEMS]
    )
    if len(dated) == FEED_ITEMS:
        return dated
    undated = articles.filter(published__isnull=True).order_by("-created_at", "-id")
    return dated + list(undated[: FEED_ITEMS - len(dated)])


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


class ArticleFeed(Feed):
    """What every article item carries; subclasses choose the articles and the channel."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    description_template = None
    title = "Broadsheet: latest news"
    link = "/"
    description = "The latest articles read, cleaned and enriched by Broadsheet."

    def items(self, obj: Any = None) -> list[Article]:
        return _latest(_articles())

    def item_title(self, item: Article) -> str:
        return item.title

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return f"broadsheet:article:{item.pk}"

    item_guid_is_permalink = False

    def item_description(self, item: Article) -> str:
        summary = item.summary or []
        first = summary[0].get("text", "") if summary and isinstance(summary[0], dict) else ""
        text = first or item.description or _clip(item.body, SUMMARY_CHARS)
        return escape(text)

    def item_author_name(self, item: Article) -> str | None:
        return item.byline or None

    def item_pubdate(self, item: Article) -> datetime:
        return item.when

    def item_updateddate(self, item: Article) -> datetime:
        return item.when

    def item_categories(self, item: Article) -> list[str]:
        return [link.tag.name for link in item.article_tags.all()]


class LatestRssFeed(ArticleFeed):
    """The latest articles (the home page as a feed), RSS."""


class LatestAtomFeed(LatestRssFeed):
    """The latest articles, Atom."""

    feed_type = Atom1Feed
    subtitle = LatestRssFeed.description


class TagRssFeed(ArticleFeed):
    """The latest articles with a hashtag, RSS."""

    def get_object(self, request: HttpRequest, slug: str) -> Tag:  # type: ignore[override]
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: Tag) -> str:  # type: ignore[override]
        return f"Broadsheet: #{obj.name}"

    def link(self, obj: Tag) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def description(self, obj: Tag) -> str:  # type: ignore[override]
        return f"The latest articles tagged #{obj.name}."

    def items(self, obj: Tag) -> list[Article]:  # type: ignore[override]
        return _latest(_articles().filter(article_tags__tag=obj))


class TagAtomFeed(TagRssFeed):
    """The latest articles with a hashtag, Atom."""

    feed_type = Atom1Feed

    def subtitle(self, obj: Tag) -> str:
        return self.description(obj)


class EntityRssFeed(ArticleFeed):
    """The latest articles mentioning a person, organisation or place, RSS."""

    def get_object(self, request: HttpRequest, pk: int) -> Entity:  # type: ignore[override]
        return get_object_or_404(Entity, pk=pk)

    def title(self, obj: Entity) -> str:  # type: ignore[override]
        return f"Broadsheet: {obj.name}"

    def link(self, obj: Entity) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def description(self, obj: Entity) -> str:  # type: ignore[override]
        return f"The latest articles mentioning {obj.name}."

    def items(self, obj: Entity) -> list[Article]:  # type: ignore[override]
        return _latest(_articles().filter(mentions__entity=obj))


class EntityAtomFeed(EntityRssFeed):
    """The latest articles mentioning an entity, Atom."""

    feed_type = Atom1Feed

    def subtitle(self, obj: Entity) -> str:
        return self.description(obj)


class StoryRssFeed(ArticleFeed):
    """The articles of a story, newest first, RSS (follow a developing story)."""

    def get_object(self, request: HttpRequest, pk: int) -> Story:  # type: ignore[override]
        story = get_object_or_404(Story, pk=pk)
        # A story merged into another lives on as that one.
        seen = {story.pk}
        while story.merged_into_id is not None and story.merged_into_id not in seen:
            seen.add(story.merged_into_id)
            story = Story.objects.get(pk=story.merged_into_id)
        return story

    def title(self, obj: Story) -> str:  # type: ignore[override]
        return f"Broadsheet story: {obj.label}"

    def link(self, obj: Story) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def description(self, obj: Story) -> str:  # type: ignore[override]
        return f"Every article of the story “{obj.label}”, as it develops."

    def items(self, obj: Story) -> list[Article]:  # type: ignore[override]
        return _latest(_articles().filter(story=obj))


class StoryAtomFeed(StoryRssFeed):
    """The articles of a story, Atom."""

    feed_type = Atom1Feed

    def subtitle(self, obj: Story) -> str:
        return self.description(obj)
