"""Thin views of the news pages: parse the request, call selectors, render.

Application errors (NotFound, InputError) are left to raise: the error middleware in
``site/errors.py`` turns them into 404/400 pages. No view writes to the database.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from broadsheet.errors import InputError
from broadsheet.site.comments.forms import CommentForm
from broadsheet.site.comments.selectors import comment_list
from broadsheet.site.news import assistant, selectors, story_selectors

# Longest search query accepted, in characters (a paragraph is not a query).
MAX_QUERY_CHARS = 500
# Search results per page.
SEARCH_PAGE_SIZE = 20


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1").strip() or "1"
    if not raw.isdecimal() or len(raw) > 6:
        raise InputError("the page number must be a positive whole number", input=raw[:20])
    return int(raw)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Top stories (first page only) and the latest articles, optionally one section."""
    section = request.GET.get("section", "").strip().lower()
    page = _page_number(request)
    latest = selectors.article_latest(section=section, page=page)
    top = selectors.top_stories(section=section) if page == 1 else []
    context = {
        "top": top,
        "latest": latest,
        "outlets": latest.outlets,  # type: ignore[attr-defined]
        "section": section,
        "sections": selectors.section_list(),
    }
    return render(request, "news/home.html", context)


@require_safe
def article(request: HttpRequest, pk: int) -> HttpResponse:
    """An article with its AI panel, hashtags, copies, comments and related articles."""
    item = selectors.article_get(pk)
    context = {
        "page": selectors.article_page(item),
        "article": item,
        "comments": comment_list(article=item, viewer=request.user),
        "form": CommentForm(),
        "assistant": assistant.llm_enabled(),
    }
    return render(request, "news/article.html", context)


@require_safe
def story(request: HttpRequest, pk: int) -> HttpResponse:
    """A story: timeline of coverage, quotes by speaker, key entities and hashtags."""
    item = story_selectors.story_get(pk)
    if item.merged_into_id is not None and item.merged_into_id != item.pk:
        return redirect("news:story", pk=item.merged_into_id)
    return render(request, "news/story.html", {"page": story_selectors.story_page(item)})


@require_safe
def entity(request: HttpRequest, pk: int) -> HttpResponse:
    """An entity's articles (paginated) and latest quotes."""
    item = selectors.entity_get(pk)
    context = {
        "entity": item,
        "mentions": selectors.entity_articles(item, page=_page_number(request)),
        "quotes": selectors.entity_quotes(item),
    }
    return render(request, "news/entity.html", context)


@require_safe
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    """A hashtag's articles (paginated)."""
    item = selectors.tag_get(slug)
    context = {"tag": item, "articles": selectors.tag_articles(item, page=_page_number(request))}
    return render(request, "news/tag.html", context)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search (``?q=``), ranked, with highlighted snippets."""
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"a search is at most {MAX_QUERY_CHARS} characters", input="q")
    page = _page_number(request)
    results = (
        selectors.article_search(
            query, offset=(page - 1) * SEARCH_PAGE_SIZE, limit=SEARCH_PAGE_SIZE
        )
        if query.strip()
        else None
    )
    context = {"query": query.strip(), "results": results, "page_number": page}
    return render(request, "news/search.html", context)
