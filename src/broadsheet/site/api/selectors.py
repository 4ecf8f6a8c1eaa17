"""Reads behind the JSON API: filtered, paginated querysets and single rows.

Every function here only reads. A missing row raises :class:`~broadsheet.errors.NotFound`;
a filter naming something that does not exist raises
:class:`~broadsheet.errors.InputError` with the filter's name, so the API answers 400
rather than an empty page that hides a typo. Full-text search uses the index built by
migration ``news.0002_search_index``: FTS5 on SQLite, ``websearch_to_tsquery`` over the
GIN-indexed tsvector expression on PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL

from broadsheet.errors import InputError, NotFound
from broadsheet.site.api.params import Cursor
from broadsheet.site.comments.models import Comment
from broadsheet.site.news.models import (
    Article,
    ArticleTag,
    Entity,
    Mention,
    Quote,
    Source,
    Story,
    Tag,
)

__all__ = [
    "ArticleFilters",
    "Page",
    "article_get",
    "article_list",
    "entity_get",
    "fts5_query",
    "source_list",
    "story_get",
    "story_list",
    "tag_get",
]

#: Words of a search that count; anything else (punctuation, operators) is dropped.
_WORD = re.compile(r"\w", re.UNICODE)
#: Most search terms kept from one query: enough for any real search, and it bounds the
#: work one request can ask of the index.
MAX_SEARCH_TERMS = 32


@dataclass(frozen=True, slots=True)
class ArticleFilters:
    """What the article list is narrowed to; None means "no filter"."""

    source: int | None = None
    section: str | None = None
    tag: str | None = None
    entity: int | None = None
    story: int | None = None
    q: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One page of rows and the cursor of the next page (None on the last page)."""

    rows: list[Any]
    next: Cursor | None


def fts5_query(text: str) -> str:
    """Turn free text into an FTS5 query that can never be a syntax error.

    Each white-space separated term becomes a quoted FTS5 string (inner quotes doubled),
    so operators such as ``AND``, ``NEAR``, ``*`` or ``col:`` are searched as words; the
    terms are ANDed. Terms without a word character are dropped.

    Raises:
        InputError: nothing searchable is left (``input`` is ``q``).
    """
    terms = [t for t in text.split() if _WORD.search(t)][:MAX_SEARCH_TERMS]
    if not terms:
        raise InputError("no words to search for", input="q")
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _search(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    if connection.vendor == "postgresql":
        if not _WORD.search(text):
            raise InputError("no words to search for", input="q")
        # The expression matches the GIN index of migration 0002 exactly; see
        # _page_of_matches for how PostgreSQL is kept on that index.
        matches = RawSQL(
            "to_tsvector('english', coalesce(news_article.title, '') || ' ' || "
            "coalesce(news_article.body, '')) @@ websearch_to_tsquery('english', %s)",
            [text],
            output_field=BooleanField(),
        )
        return queryset.filter(matches)
    rows = RawSQL(
        "SELECT rowid FROM news_article_fts WHERE news_article_fts MATCH %s",
        [fts5_query(text)],
    )
    # Test membership on ``id + 0``, not ``id``: on the bare key SQLite drives the query
    # from the matches (every matching row read, then sorted); on an expression it walks
    # the ``published`` index newest first and stops at the page's end. 10x faster for
    # common words, never slower for rare ones (bench/api.py, 20,000 articles).
    return queryset.alias(
        fts_key=ExpressionWrapper(F("id") + 0, output_field=BigIntegerField())
    ).filter(fts_key__in=rows)


def _exists(model: Any, lookup: dict[str, Any], name: str, value: Any) -> None:
    if not model.objects.filter(**lookup).exists():
        raise InputError(f"no {model._meta.verbose_name} {value!r}", input=name)


def _articles_base() -> QuerySet[Article]:
    return Article.objects.select_related("source")


def _newest_first(field: str) -> tuple[Any, str]:
    """Newest first, undated rows last on every database, then by id (for details)."""
    return (F(field).desc(nulls_last=True), "-id")


def _page(queryset: QuerySet[Any], cursor: Cursor | None, limit: int, field: str) -> Page:
    """The page after ``cursor`` in :func:`_newest_first` order (keyset pagination).

    Dated rows and undated rows are read by two plain queries (``field DESC, id DESC``,
    then ``id DESC``) rather than one ``NULLS LAST`` sort: each is then an index walk
    that stops at the page's end on SQLite and PostgreSQL alike, where PostgreSQL cannot
    walk its index in ``DESC NULLS LAST`` order and sorted every row (bench/api.py). Only
    the (id, time) keys are ordered; the page's rows are loaded afterwards by id.
    """
    keys: list[tuple[int, Any]] = []
    if cursor is None or cursor.time is not None:
        dated = queryset.filter(**{f"{field}__isnull": False})
        if cursor is not None:
            # "(time, id) < cursor" as one range (time <= t) minus the ties already seen:
            # an OR of two ranges would make SQLite merge and sort them.
            dated = dated.filter(**{f"{field}__lte": cursor.time}).exclude(
                **{field: cursor.time, "id__gte": cursor.id}
            )
        keys = list(dated.order_by(f"-{field}", "-id").values_list("id", field)[: limit + 1])
    if len(keys) <= limit:
        undated = queryset.filter(**{f"{field}__isnull": True})
        if cursor is not None and cursor.time is None:
            undated = undated.filter(id__lt=cursor.id)
        keys += list(undated.order_by("-id").values_list("id", field)[: limit + 1 - len(keys)])
    return _rows_page(queryset, keys, limit)


def _rows_page(queryset: QuerySet[Any], keys: list[tuple[int, Any]], limit: int) -> Page:
    """Load the rows of the first ``limit`` ordered keys; a next cursor if there are more."""
    page_ids = [row_id for row_id, _ in keys[:limit]]
    by_id = {row.id: row for row in queryset.filter(id__in=page_ids)}
    rows = [by_id[row_id] for row_id in page_ids]
    if len(keys) <= limit:
        return Page(rows, None)
    last_id, last_time = keys[limit - 1]
    return Page(rows, Cursor(last_time, last_id))


def _page_of_matches(
    queryset: QuerySet[Any], cursor: Cursor | None, limit: int, field: str, rows: QuerySet[Any]
) -> Page:
    """:func:`_page` for a PostgreSQL full-text search: match by the GIN index, order here.

    PostgreSQL prices ``to_tsvector`` over a whole body far too low (the index is on an
    expression; no vector is stored). Given ``ORDER BY published LIMIT n``, once ANALYZE
    has seen the data it walks the ``published`` index and re-parses every body until a
    page is full — 445 ms against 2 ms for a word in 4 % of 20,000 articles, and a
    sequential re-parse of every body for a common word without ANALYZE (bench/api.py).
    So the (id, time) keys of all matches are gathered first, in a MATERIALIZED CTE the
    planner cannot see through and with sequential scans off for this one statement,
    which leaves the GIN index as the only way; the page is then ordered and cut from
    that set alone. Cost grows with the number of matches, never with the corpus.
    ``rows`` loads the page's rows by id (without the search condition).
    """
    matched_sql, matched_params = (
        queryset.order_by().values_list("id", field).query.sql_with_params()
    )
    # The keyset condition of _page, on the CTE's two columns (named c0, c1 below).
    after_params: list[Any]
    if cursor is None:
        after, after_params = "TRUE", []
    elif cursor.time is None:
        after, after_params = "c1 IS NULL AND c0 < %s", [cursor.id]
    else:
        after = "(c1 IS NULL OR c1 < %s OR (c1 = %s AND c0 < %s))"
        after_params = [cursor.time, cursor.time, cursor.id]
    with transaction.atomic(), connection.cursor() as db:
        db.execute("SET LOCAL enable_seqscan = off")
        db.execute(
            f"WITH matched (c0, c1) AS MATERIALIZED ({matched_sql}) "
            f"SELECT c0, c1 FROM matched WHERE {after} "
            "ORDER BY c1 DESC NULLS LAST, c0 DESC LIMIT %s",
            [*matched_params, *after_params, limit + 1],
        )
        keys = [(row_id, moment) for row_id, moment in db.fetchall()]
    return _rows_page(rows, keys, limit)


def article_list(*, filters: ArticleFilters, cursor: Cursor | None, limit: int) -> Page:
    """Articles newest first by publication time (undated ones last), filtered and paged.

    Raises:
        InputError: a filter names a source, tag, entity or story that does not exist,
            ``since`` is after ``until``, or ``q`` has no words.
    """
    loaded = _articles_base().prefetch_related(
        Prefetch("article_tags", queryset=ArticleTag.objects.select_related("tag"))
    )
    queryset = loaded
    if filters.since and filters.until and filters.since > filters.until:
        raise InputError("is after `until`", input="since")
    if filters.source is not None:
        _exists(Source, {"pk": filters.source}, "source", filters.source)
        queryset = queryset.filter(source_id=filters.source)
    if filters.section is not None:
        queryset = queryset.filter(section=filters.section)
    if filters.tag is not None:
        _exists(Tag, {"slug": filters.tag}, "tag", filters.tag)
        queryset = queryset.filter(article_tags__tag__slug=filters.tag)
    if filters.entity is not None:
        _exists(Entity, {"pk": filters.entity}, "entity", filters.entity)
        queryset = queryset.filter(mentions__entity_id=filters.entity)
    if filters.story is not None:
        _exists(Story, {"pk": filters.story}, "story", filters.story)
        queryset = queryset.filter(story_id=filters.story)
    if filters.since is not None:
        queryset = queryset.filter(published__gte=filters.since)
    if filters.until is not None:
        queryset = queryset.filter(published__lte=filters.until)
    if filters.q is not None:
        queryset = _search(queryset, filters.q)
        if connection.vendor == "postgresql":
            return _page_of_matches(queryset, cursor, limit, "published", loaded)
    return _page(queryset, cursor, limit, "published")


def article_get(*, article_id: int) -> Article:
    """One article with everything its API detail shows, prefetched.

    Raises:
        NotFound: no such article.
    """
    queryset = (
        _articles_base()
        .annotate(
            comments_count=Count(
                "comments", filter=Q(comments__status=Comment.Status.VISIBLE), distinct=True
            )
        )
        .prefetch_related(
            Prefetch("article_tags", queryset=ArticleTag.objects.select_related("tag")),
            Prefetch(
                "mentions",
                queryset=Mention.objects.select_related("entity").order_by("-salience", "id"),
            ),
            Prefetch("quotes", queryset=Quote.objects.order_by("position", "id")),
        )
    )
    try:
        return queryset.get(pk=article_id)
    except Article.DoesNotExist:
        raise NotFound("no such article", input=f"article {article_id}") from None


def story_list(*, cursor: Cursor | None, limit: int, include_merged: bool = False) -> Page:
    """Stories with the latest news first; stories merged into another are left out."""
    queryset = Story.objects.all()
    if not include_merged:
        queryset = queryset.filter(merged_into__isnull=True)
    return _page(queryset, cursor, limit, "last_published")


def story_get(*, story_id: int) -> tuple[Story, list[Article], list[Quote]]:
    """A story, its member articles (oldest first) and their quotes.

    Raises:
        NotFound: no such story.
    """
    try:
        story = Story.objects.get(pk=story_id)
    except Story.DoesNotExist:
        raise NotFound("no such story", input=f"story {story_id}") from None
    articles = list(
        _articles_base()
        .filter(story=story)
        .prefetch_related(
            Prefetch("article_tags", queryset=ArticleTag.objects.select_related("tag"))
        )
        .order_by(F("published").asc(nulls_last=True), "id")
    )
    quotes = list(
        Quote.objects.filter(article__story=story)
        .select_related("article", "speaker_entity")
        .order_by(F("article__published").asc(nulls_last=True), "article_id", "position")
    )
    return story, articles, quotes


#: Rows shown inline on entity and tag details; the article list paginates the rest.
DETAIL_ARTICLES = 20


def entity_get(*, entity_id: int) -> tuple[Entity, list[Article], list[Quote]]:
    """An entity with its aliases, latest articles and latest quotes.

    Raises:
        NotFound: no such entity.
    """
    try:
        entity = Entity.objects.prefetch_related("aliases").get(pk=entity_id)
    except Entity.DoesNotExist:
        raise NotFound("no such entity", input=f"entity {entity_id}") from None
    articles = list(
        _articles_base()
        .filter(mentions__entity=entity)
        .prefetch_related(
            Prefetch("article_tags", queryset=ArticleTag.objects.select_related("tag"))
        )
        .order_by(*_newest_first("published"))[:DETAIL_ARTICLES]
    )
    quotes = list(
        Quote.objects.filter(speaker_entity=entity)
        .select_related("article")
        .order_by(F("article__published").desc(nulls_last=True), "-id")[:DETAIL_ARTICLES]
    )
    return entity, articles, quotes


def tag_get(*, slug: str) -> tuple[Tag, list[Article]]:
    """A hashtag and its latest articles.

    Raises:
        NotFound: no such tag.
    """
    try:
        tag = Tag.objects.get(slug=slug)
    except Tag.DoesNotExist:
        raise NotFound("no such tag", input=f"tag {slug}") from None
    articles = list(
        _articles_base()
        .filter(article_tags__tag=tag)
        .prefetch_related(
            Prefetch("article_tags", queryset=ArticleTag.objects.select_related("tag"))
        )
        .order_by(*_newest_first("published"))[:DETAIL_ARTICLES]
    )
    return tag, articles


def source_list() -> list[Source]:
    """Every source, by name (the operator chooses them, so the list stays short)."""
    return list(Source.objects.order_by("name", "id"))
