"""Full-text search over stored articles: SQLite FTS5 or PostgreSQL tsvector, ranked.

Reads only. The user's text never reaches the search engine's query language as
written: on SQLite :func:`fts5_query` rebuilds it from word tokens, each one quoted, so
no input (punctuation, unbalanced quotes, FTS5 keywords) can make MATCH fail; on
PostgreSQL ``websearch_to_tsquery`` is designed to accept any text. Snippets come back
as plain segments (text, highlighted?) for the template to escape; no HTML is built here.
Copies (``duplicate_of`` set) never show as separate hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection, transaction

from broadsheet.site.news.models import Article

__all__ = ["SearchHit", "SearchResults", "Snippet", "article_search", "fts5_query"]

# Private-use code points mark highlighted words inside snippets; article text
# practically never contains them and, if it did, the worst case is a wrong highlight.
_MARK_OPEN = "\ue000"
_MARK_CLOSE = "\ue001"
# Words of context around each hit in a snippet: two lines of the results page at
# the site's type size (checked by eye on the seed article and the extraction corpus).
SNIPPET_WORDS = 24
# bm25 weight of a title hit over a body hit: a word in the headline says far more
# about what an article is about (tuned by eye on searches over the seed corpus).
TITLE_WEIGHT = 10.0
# Words in a query beyond this are ignored: a pasted paragraph is not a search.
MAX_QUERY_TERMS = 32

_TOKEN = re.compile(r'"([^"]*)"?|(-?)(\w+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of a result snippet; ``hit`` marks words that matched the query."""

    text: str
    hit: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked result with its snippet."""

    article: Article
    snippet: tuple[Snippet, ...]


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of results: ``total`` counts every match, ``hits`` only this page."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.total


def fts5_query(text: str) -> str:
    """Rebuild user text as a safe FTS5 query; '' when it has no words.

    Words become quoted strings (implicitly AND-ed), ``"quoted phrases"`` stay phrases,
    a bare ``or`` between words means OR and ``-word`` excludes a word, as in web
    search boxes (and PostgreSQL's ``websearch_to_tsquery``).

    Args:
        text: what the user typed.

    Returns:
        An FTS5 expression in which every user word is inside double quotes, or ''.
    """
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    count = 0
    for match in _TOKEN.finditer(text):
        if count >= MAX_QUERY_TERMS:
            break
        phrase, minus, word = match.groups()
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                groups[-1].append('"' + " ".join(words) + '"')
                count += 1
            continue
        if word.lower() == "or" and not minus:
            if groups[-1]:
                groups.append([])
            continue
        count += 1
        (excluded if minus else groups[-1]).append(f'"{word}"')
    groups = [g for g in groups if g]
    if not groups:
        return ""
    positive = " OR ".join(
        " ".join(g) if len(groups) == 1 else "(" + " ".join(g) + ")" for g in groups
    )
    if not excluded:
        return positive
    return f"({positive}) " + " ".join(f"NOT {term}" for term in excluded)


def _snippet(marked: str) -> tuple[Snippet, ...]:
    """Split engine output with our private marks into plain segments."""
    pieces: list[Snippet] = []
    rest = marked
    while rest:
        open_at = rest.find(_MARK_OPEN)
        if open_at < 0:
            pieces.append(Snippet(rest))
            break
        if open_at:
            pieces.append(Snippet(rest[:open_at]))
        close_at = rest.find(_MARK_CLOSE, open_at)
        if close_at < 0:
            pieces.append(Snippet(rest[open_at + 1 :], True))
            break
        pieces.append(Snippet(rest[open_at + 1 : close_at], True))
        rest = rest[close_at + 1 :]
    return tuple(p for p in pieces if p.text)


def _sqlite_search(match: str, offset: int, limit: int) -> tuple[list[tuple[int, str]], int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM news_article_fts JOIN news_article a "
            "ON a.id = news_article_fts.rowid "
            "WHERE news_article_fts MATCH %s AND a.duplicate_of_id IS NULL",
            [match],
        )
        total = int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT a.id, snippet(news_article_fts, 1, %s, %s, '…', %s) "
            "FROM news_article_fts JOIN news_article a ON a.id = news_article_fts.rowid "
            "WHERE news_article_fts MATCH %s AND a.duplicate_of_id IS NULL "
            "ORDER BY bm25(news_article_fts, %s, 1.0), a.published DESC "
            "LIMIT %s OFFSET %s",
            [_MARK_OPEN, _MARK_CLOSE, SNIPPET_WORDS, match, TITLE_WEIGHT, limit, offset],
        )
        rows = [(int(pk), str(text or "")) for pk, text in cursor.fetchall()]
    return rows, total


# The indexed expression of migration news/0002: the WHERE clause must repeat it
# exactly for PostgreSQL to use the GIN index.
_PG_VECTOR = "to_tsvector('english', coalesce(a.title, '') || ' ' || coalesce(a.body, ''))"
# "Not a copy", written so that the duplicate_of index cannot serve it (see below).
_PG_ORIGINAL = "coalesce(a.duplicate_of_id, 0) = 0"


def _postgres_search(text: str, offset: int, limit: int) -> tuple[list[tuple[int, str]], int]:
    options = (
        f'StartSel="{_MARK_OPEN}", StopSel="{_MARK_CLOSE}", MaxFragments=2, '
        f'MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, FragmentDelimiter=" … "'
    )
    # The planner prices to_tsvector over a whole body far too low (the index is on an
    # expression, no vector is stored), so for a common word it re-parses every body in a
    # sequential scan or after the duplicate_of index: 2.1 s against 17 ms through the GIN
    # index for a word in all 5,000 articles of bench/site_pages.py. The GIN index answers
    # @@ exactly, so forbidding the other paths for these two statements is always right;
    # SET LOCAL ends with the transaction. (A stored tsvector column would make this moot.)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "SELECT count(*) FROM news_article a, websearch_to_tsquery('english', %s) q "
            f"WHERE {_PG_VECTOR} @@ q AND {_PG_ORIGINAL}",
            [text],
        )
        total = int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT page.id, ts_headline('english', page.body, page.q, %s) FROM ("
            # Rank on the title only: the index holds no vectors, and re-parsing every
            # matching body to rank it took seconds for a common word on 5,000 articles
            # (bench/site_pages.py); title match first, then the newest, is cheap.
            "SELECT a.id, a.body, q, ts_rank(to_tsvector('english', coalesce(a.title, '')), q) "
            "AS rank, a.published "
            "FROM news_article a, websearch_to_tsquery('english', %s) q "
            f"WHERE {_PG_VECTOR} @@ q AND {_PG_ORIGINAL} "
            "ORDER BY rank DESC, a.published DESC NULLS LAST, a.id DESC "
            "LIMIT %s OFFSET %s) page ORDER BY page.rank DESC, "
            "page.published DESC NULLS LAST, page.id DESC",
            [options, text, limit, offset],
        )
        rows = [(int(pk), str(headline or "")) for pk, headline in cursor.fetchall()]
    return rows, total


def article_search(text: str, *, offset: int = 0, limit: int = 20) -> SearchResults:
    """Search titles and bodies, best match first, with highlighted snippets.

    Args:
        text: the query as typed; text without any word gives no results.
        offset: how many ranked results to skip (pagination).
        limit: how many to return.

    Returns:
        The page of results and the total number of matches.
    """
    text = text.strip()
    if not _WORD.search(text):
        return SearchResults(text, (), 0, offset, limit)
    if connection.vendor == "postgresql":
        rows, total = _postgres_search(text, offset, limit)
    else:
        match = fts5_query(text)
        if not match:
            return SearchResults(text, (), 0, offset, limit)
        rows, total = _sqlite_search(match, offset, limit)
    articles = Article.objects.select_related("source", "story").in_bulk([pk for pk, _ in rows])
    hits = tuple(
        SearchHit(articles[pk], _snippet(marked)) for pk, marked in rows if pk in articles
    )
    return SearchResults(text, hits, total, offset, limit)

