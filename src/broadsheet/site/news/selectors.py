"""Reads for the news pages: home, article, story, entity, tag (and search, re-exported).

Every function here only reads, with a bounded number of queries (``select_related`` /
``prefetch_related`` / one aggregate per list), and returns model rows or small frozen
dataclasses shaped for the templates. Copies (``Article.duplicate_of`` set) never count
or show as separate coverage. Unknown ids raise :class:`~broadsheet.errors.NotFound`;
bad page numbers raise :class:`~broadsheet.errors.InputError` (the error middleware
turns both into 4xx pages). Nothing here writes; writes live in ``services.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from broadsheet.errors import InputError, NotFound
from broadsheet.site.news.body import Block, anchor_for_offset, body_blocks, sentence_link
from broadsheet.site.news.models import (
    Article,
    Document,
    Entity,
    Mention,
    Quote,
    Story,
    Tag,
)
from broadsheet.site.news.related_selectors import (
    OUTLETS_SQL,
    related_ranked,
    same_story_ids,
    scalar,
)
from broadsheet.site.news.search import SearchHit, SearchResults, article_search

__all__ = [
    "AiItem",
    "ArticlePage",
    "RelatedEntry",
    "SearchHit",
    "SearchResults",
    "TopStory",
    "article_get",
    "article_latest",
    "article_page",
    "article_related",
    "article_search",
    "entity_articles",
    "entity_get",
    "entity_quotes",
    "original_articles",
    "outlet_name",
    "page_get",
    "section_list",
    "summary_line",
    "tag_articles",
    "tag_get",
    "top_stories",
]

# Articles per listing page: one screen of headlines with their summary lines.
PAGE_SIZE = 20
# Top stories on the home page, and how many recent stories compete for those places.
TOP_STORIES = 8
TOP_STORY_CANDIDATES = 80
# Newest original articles scanned to find those candidate stories: a margin over
# TOP_STORY_CANDIDATES for multi-outlet stories (a judgement call, not tuned on data).
RECENT_SCAN = 600
# Recency decay of a story's coverage score: score = outlets / (1 + age / this), age in
# hours before the newest candidate. 12 h lets a story with twice the outlets outrank a
# fresher one for about half a day (a common aggregator front-page setting).
RECENCY_HOURS = 12.0
# Summary line length on listings when an article has no summary or description.
SUMMARY_LINE_CHARS = 240

_SECTION_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True, slots=True)
class TopStory:
    """A story on the home page with its lead (first) article and outlet count."""

    story: Story
    lead: Article
    outlets: int

    @property
    def headline(self) -> str:
        return self.story.label or self.lead.title


@dataclass(frozen=True, slots=True)
class RelatedEntry:
    """A related article and a one-line reason ("same story · 12 outlets")."""

    article: Article
    why: str


@dataclass(frozen=True, slots=True)
class AiItem:
    """An AI-made item shown in the article's AI panel, linked to its place in the body."""

    text: str
    anchor: str
    item: Any = None


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """Everything the article page shows besides comments."""

    article: Article
    blocks: list[Block]
    summary: list[AiItem]
    key_points: list[AiItem]
    people: list[AiItem]
    organisations: list[AiItem]
    places: list[AiItem]
    quotes: list[AiItem]
    tags: list[Tag]
    documents: list[Document]
    copies: list[Article]
    related: list[RelatedEntry]

    @property
    def has_ai(self) -> bool:
        return bool(
            self.summary or self.key_points or self.people or self.organisations
            or self.places or self.quotes
        )


# --- small shared reads -------------------------------------------------------------


def outlet_name(article: Article) -> str:
    """The outlet to name for an article: its stored source name, else its feed's name."""
    if article.source_name:
        return article.source_name
    return article.source.name if article.source_id and article.source else ""


def summary_line(article: Article) -> str:
    """One line for listings: the first summary sentence, else the description/body."""
    for item in article.summary or ():
        if isinstance(item, dict) and str(item.get("text", "")).strip():
            return str(item["text"]).strip()
    text = (article.description or "").strip() or article.body.strip().split("\n", 1)[0]
    if len(text) > SUMMARY_LINE_CHARS:
        text = text[:SUMMARY_LINE_CHARS].rsplit(" ", 1)[0] + "…"
    return text


# Columns listings never show: left out of list queries (they are the bulk of a row).
_LISTING_DEFER = (
    "paragraphs", "sentences", "features", "fingerprint", "key_points", "related_listings",
    "notes",
)


def original_articles() -> QuerySet[Article]:
    """Original articles (not copies) for listings, with their source and story."""
    return (
        Article.objects.filter(duplicate_of__isnull=True)
        .select_related("source", "story")
        .defer(*_LISTING_DEFER, "story__state")
    )


def _newest_first(queryset: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    """Newest published first, undated last. SQLite already sorts NULL last in DESC and
    can then walk the ``published`` index; PostgreSQL needs NULLS LAST spelled out."""
    if connection.vendor == "sqlite":
        return queryset.order_by(f"-{prefix}published", f"-{prefix}id")
    return queryset.order_by(F(f"{prefix}published").desc(nulls_last=True), f"-{prefix}id")


def page_get(items: QuerySet[Any] | Sequence[Any], number: int) -> Page:
    """Page ``number`` (1-based) of a listing.

    Raises:
        InputError: ``number`` is below 1.
        NotFound: ``number`` is past the last page.
    """
    if number < 1:
        raise InputError("page numbers start at 1", input=str(number))
    try:
        return Paginator(items, PAGE_SIZE).page(number)
    except EmptyPage as exc:
        raise NotFound("no such page", input=str(number)) from exc


def section_list() -> list[str]:
    """The sections that have at least one article, alphabetically."""
    rows = Article.objects.exclude(section="").order_by("section").values_list("section", flat=True)
    return list(rows.distinct())


def _check_section(section: str) -> str:
    if len(section) > 64 or not set(section) <= _SECTION_CHARS:
        raise InputError("not a section name", input=section[:80])
    return section


def _outlet_expression() -> Any:
    return Coalesce(NullIf("articles__source_name", Value("")), "articles__source__name")


def _story_outlets(story_ids: Iterable[int]) -> dict[int, int]:
    """Distinct outlets per story, counting originals only."""
    rows = (
        Story.objects.filter(pk__in=list(story_ids))
        .annotate(
            outlets=Count(
                _outlet_expression(), distinct=True, filter=Q(articles__duplicate_of__isnull=True)
            )
        )
        .values_list("pk", "outlets")
    )
    return dict(rows)


# --- home ---------------------------------------------------------------------------


def top_stories(*, section: str = "", limit: int = TOP_STORIES) -> list[TopStory]:
    """Stories ranked by coverage (distinct outlets) and recency; copies not counted.

    Args:
        section: only stories with an article in this section ('' for all).
        limit: how many stories to return.
    """
    # Candidates are the stories of the newest originals (an index scan on published),
    # so the aggregate below runs over a few dozen stories, not the whole archive.
    recent = _newest_first(
        Article.objects.filter(duplicate_of__isnull=True, story__isnull=False)
    )
    if section:
        recent = recent.filter(section=_check_section(section))
    story_ids = list(dict.fromkeys(recent.values_list("story_id", flat=True)[:RECENT_SCAN]))
    candidates = list(
        Story.objects.filter(pk__in=story_ids[:TOP_STORY_CANDIDATES], merged_into__isnull=True)
        .defer("state")  # the connect stage's centroid: large, never shown
        .annotate(
            outlets=Count(
                _outlet_expression(), distinct=True, filter=Q(articles__duplicate_of__isnull=True)
            ),
            latest=Max("articles__published", filter=Q(articles__duplicate_of__isnull=True)),
        )
        .filter(outlets__gt=0)
    )
    if not candidates:
        return []
    times = [s.latest for s in candidates if s.latest is not None]
    newest: datetime | None = max(times) if times else None

    def score(story: Any) -> float:
        if newest is None or story.latest is None:
            return float(story.outlets) / 2.0
        hours = (newest - story.latest).total_seconds() / 3600.0
        return story.outlets / (1.0 + hours / RECENCY_HOURS)

    ranked = sorted(candidates, key=lambda s: (-score(s), -s.pk))[:limit]
    leads: dict[int, Article] = {}
    for article in original_articles().filter(story__in=ranked).order_by(
        F("published").asc(nulls_last=True), "id"
    ):
        if article.story_id is not None:
            leads.setdefault(article.story_id, article)
    return [TopStory(s, leads[s.pk], s.outlets) for s in ranked if s.pk in leads]


def article_latest(*, section: str = "", page: int = 1) -> Page:
    """Latest original articles, newest first, one page; ``page.outlets`` maps story ids
    to their outlet counts for the "N outlets" links."""
    articles = original_articles()
    if section:
        articles = articles.filter(section=_check_section(section))
    result = page_get(_newest_first(articles), page)
    story_ids = {a.story_id for a in result.object_list if a.story_id is not None}
    result.outlets = _story_outlets(story_ids) if story_ids else {}  # type: ignore[attr-defined]
    return result


# --- article ------------------------------------------------------------------------


def article_get(pk: int) -> Article:
    """The article with ``pk``, with its source and story.

    Raises:
        NotFound: no such article.
    """
    try:
        return Article.objects.select_related("source", "story", "duplicate_of").get(pk=pk)
    except Article.DoesNotExist as exc:
        raise NotFound("no such article", input=str(pk)) from exc


def _summary_items(article: Article, rows: Sequence[Any]) -> list[AiItem]:
    items = []
    for row in rows or ():
        if not isinstance(row, dict) or not str(row.get("text", "")).strip():
            continue
        anchor = sentence_link(row.get("sentence"), article.sentences or ())
        if not anchor and isinstance(row.get("start"), int):
            anchor = anchor_for_offset(row["start"], article.paragraphs, article.sentences or ())
        items.append(AiItem(str(row["text"]).strip(), anchor))
    return items


def _first_span_start(spans: Any) -> int | None:
    starts: list[int] = [
        s["start"] for s in spans or () if isinstance(s, dict) and isinstance(s.get("start"), int)
    ]
    return min(starts) if starts else None


def article_page(article: Article) -> ArticlePage:
    """The article page's content: laid-out body, AI panel, tags, copies and related."""
    sentences = article.sentences or ()
    paragraphs = article.paragraphs or ()

    def anchor(offset: int | None) -> str:
        return "" if offset is None else anchor_for_offset(offset, paragraphs, sentences)

    who: dict[str, list[AiItem]] = defaultdict(list)
    for mention in article.mentions.select_related("entity"):
        text = mention.name or mention.entity.name
        who[mention.entity.type].append(
            AiItem(text, anchor(_first_span_start(mention.spans)), mention)
        )
    quotes = [
        AiItem(q.text, anchor(q.start), q)
        for q in article.quotes.select_related("speaker_entity").order_by("position", "start")
    ]
    tags = [at.tag for at in article.article_tags.select_related("tag").order_by("position")]
    documents = [
        d
        for d in article.documents.select_related("source").order_by("fetched_at", "id")
        if not (article.url and d.url == article.url)
    ]
    if not article.url and documents:
        documents = documents[1:]  # the first document is the one the article came from
    copies = list(article.copies.select_related("source").order_by("published", "id"))
    summary = _summary_items(article, article.summary)
    # A key point that repeats a summary sentence adds nothing on the page.
    in_summary = {item.text for item in summary}
    key_points = [
        k for k in _summary_items(article, article.key_points) if k.text not in in_summary
    ]
    return ArticlePage(
        article=article,
        blocks=body_blocks(article.body, paragraphs, sentences),
        summary=summary,
        key_points=key_points,
        people=who[Entity.Type.PERSON],
        organisations=who[Entity.Type.ORGANIZATION],
        places=who[Entity.Type.PLACE],
        quotes=quotes,
        tags=tags,
        documents=documents,
        copies=copies,
        related=article_related(article),
    )


def article_related(article: Article, limit: int = 8) -> list[RelatedEntry]:
    """Related articles: the same story's other coverage first, then shared entities/tags.

    The single seam for "related articles": a smarter ranking can replace the scoring
    below without touching views or templates. Never pads with unconnected articles,
    and lists at most one article per other story (its best-connected one).

    Cost does not grow with the corpus: the same-story part reads one story's rows, and
    the rest is one statement of short newest-first scans, one per key entity or tag of
    the article, through the (entity, published) and (tag, published) indexes, each
    stopping after ``RELATED_PER_KEY`` rows, then one over the story keys of the
    article's story and of at most ``RELATED_STORIES_CHECKED`` candidate stories (another
    story is listed only when the two share ``RELATED_MIN_SHARED_KEYS`` of them, ranked
    high enough in both to weigh ``RELATED_MIN_KEY_WEIGHT``). At most
    six queries, plain SQL but for the last (the articles shown), since compiling ORM
    queries cost more than running them here.

    Args:
        article: the article being read.
        limit: at most this many entries.

    Returns:
        Entries with a one-line reason each, best first.
    """
    original: Article = (article.duplicate_of if article.duplicate_of_id else None) or article
    excluded = {article.pk, original.pk}
    same_story: list[int] = []
    same_why = ""
    if original.story_id is not None:
        same_story = same_story_ids(original.story_id, excluded, limit, original.source_name,
                                    original.pk)
        if same_story:
            outlets = scalar(OUTLETS_SQL, [original.story_id])
            same_why = f"same story · {outlets} outlet{'s' if outlets != 1 else ''}"
            excluded |= set(same_story)
    best: list[int] = []
    reasons: dict[int, str] = {}
    if len(same_story) < limit:
        best, reasons = related_ranked(original, excluded, limit - len(same_story))
    found = original_articles().in_bulk(same_story + best)
    entries = [RelatedEntry(found[pk], same_why) for pk in same_story if pk in found]
    entries += [RelatedEntry(found[pk], reasons[pk]) for pk in best if pk in found]
    return entries


# --- entity and tag -----------------------------------------------------------------


def entity_get(pk: int) -> Entity:
    """The entity with ``pk``.

    Raises:
        NotFound: no such entity.
    """
    try:
        return Entity.objects.get(pk=pk)
    except Entity.DoesNotExist as exc:
        raise NotFound("no such entity", input=str(pk)) from exc


def entity_articles(entity: Entity, *, page: int = 1) -> Page:
    """A page of the entity's mentions in original articles, newest article first."""
    mentions = Mention.objects.filter(
        entity=entity, article__duplicate_of__isnull=True
    ).select_related("article", "article__source", "article__story")
    return page_get(_newest_first(mentions, "article__"), page)


def entity_quotes(entity: Entity, limit: int = 10) -> list[Quote]:
    """The entity's latest quotes (from original articles)."""
    quotes = Quote.objects.filter(
        speaker_entity=entity, article__duplicate_of__isnull=True
    ).select_related("article", "article__source")
    return list(_newest_first(quotes, "article__")[:limit])


def tag_get(slug: str) -> Tag:
    """The hashtag with ``slug``.

    Raises:
        NotFound: no such tag.
    """
    try:
        return Tag.objects.get(slug=slug)
    except Tag.DoesNotExist as exc:
        raise NotFound("no such hashtag", input=slug) from exc


def tag_articles(tag: Tag, *, page: int = 1) -> Page:
    """A page of original articles with the hashtag, newest first."""
    articles = original_articles().filter(article_tags__tag=tag)
    return page_get(_newest_first(articles), page)
