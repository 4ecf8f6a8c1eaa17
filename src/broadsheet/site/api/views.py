"""The JSON API's handlers and their declarations (:data:`ROUTES`).

Plain Django views returning ``JsonResponse``, not DRF or django-ninja: the API is a
dozen read endpoints and one write, errors must come out of the project's single error
middleware in its ``{"error": {type, message}}`` shape (ninja and DRF each bring their
own error format and validation layer), and declaring parameters once in
:mod:`broadsheet.site.api.params` already gives parsing and the OpenAPI document from
the same source. Handlers stay thin: parse (done by :class:`Route`), call a selector or
service, shape the rows with :mod:`broadsheet.site.api.representation`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse
from django.urls import reverse

from broadsheet.site.api import representation, selectors, services
from broadsheet.site.api.endpoints import Operation, Route
from broadsheet.site.api.params import (
    ParsedParams,
    cursor_encode,
    cursor_param,
    datetime_param,
    int_param,
    text_param,
)

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "ROUTES"]

#: Page sizes. 20 fills a front page; 100 bounds the rows (and prefetches) one request
#: can ask for, so a client pages instead of pulling the corpus in one call.
DEFAULT_LIMIT = 20
MAX_LIMIT = 100

_LIMIT = int_param(
    "limit", "Items per page.", minimum=1, maximum=MAX_LIMIT, default=DEFAULT_LIMIT
)
_CURSOR = cursor_param()
_ERRORS: dict[int, tuple[str, str | None]] = {400: ("Bad parameter", "Error")}
_NOT_FOUND: dict[int, tuple[str, str | None]] = {404: ("No such object", "Error")}


def _next_url(request: HttpRequest, page: selectors.Page) -> str | None:
    if page.next is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor_encode(page.next)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))


def article_list(request: HttpRequest, params: ParsedParams) -> JsonResponse:
    filters = selectors.ArticleFilters(
        source=params["source"],
        section=params["section"],
        tag=params["tag"],
        entity=params["entity"],
        story=params["story"],
        q=params["q"],
        since=params["since"],
        until=params["until"],
    )
    page = selectors.article_list(filters=filters, cursor=params["cursor"], limit=params["limit"])
    return JsonResponse(
        {
            "items": [representation.article_item(request, a) for a in page.rows],
            "next": _next_url(request, page),
            "limit": params["limit"],
        }
    )


def article_detail(request: HttpRequest, params: ParsedParams) -> JsonResponse:
    article = selectors.article_get(article_id=params["article_id"])
    return JsonResponse(representation.article_detail(request, article))


def story_list(request: HttpRequest, params: ParsedParams) -> JsonResponse:
    page = selectors.story_list(cursor=params["cursor"], limit=params["limit"])
    return JsonResponse(
        {
            "items": [representation.story_item(request, s) for s in page.rows],
            "next": _next_url(request, page),
            "limit": params["limit"],
        }
    )


def story_detail(request: HttpRequest, params: ParsedParams) -> JsonResponse:
    story, articles, quotes = selectors.story_get(story_id=params["story_id"])
    return JsonResponse(representation.story_detail(request, story, articles, quotes))


def entity_detail(request: HttpRequest, params: ParsedParams) -> JsonResponse:
    entity, articles, quotes = selectors.entity_get(entity_id=params["entity_id"])
    return JsonResponse(representation.entity_detail(request, entity, articles, quotes))


def tag_detail(request: HttpRequest, params: ParsedParams) -> JsonResponse:
    tag, articles = selectors.tag_get(slug=params["slug"])
    return JsonResponse(representation.tag_detail(request, tag, articles))


def source_list(request: HttpRequest, params: ParsedParams) -> JsonResponse:
    sources = selectors.source_list()
    return JsonResponse({"items": [representation.source_item(s) for s in sources]})


def source_create(request: HttpRequest, params: ParsedParams, body: Any) -> JsonResponse:
    source = services.source_create(payload=body)
    response = JsonResponse(representation.source_item(source), status=201)
    response["Location"] = request.build_absolute_uri(reverse("api:sources"))
    return response


def openapi_document(request: HttpRequest, params: ParsedParams) -> JsonResponse:
    from broadsheet.site.api.openapi import openapi_schema  # it imports ROUTES from here

    return JsonResponse(openapi_schema())


_SLUG = text_param("slug", "The tag's slug.", max_length=100, location="path")

ROUTES: tuple[Route, ...] = (
    Route(
        "articles",
        "articles",
        {
            "GET": Operation(
                article_list,
                "Articles, newest first (undated last), filtered and paginated by cursor.",
                params=(
                    int_param("source", "Only articles of this source id."),
                    text_param("section", "Only articles of this section.", max_length=64),
                    text_param("tag", "Only articles with this hashtag slug.", max_length=100),
                    int_param("entity", "Only articles mentioning this entity id."),
                    int_param("story", "Only articles of this story id."),
                    text_param(
                        "q",
                        "Full-text search of title and body (all words must match).",
                        max_length=500,
                    ),
                    datetime_param("since", "Published at or after (undated articles left out)."),
                    datetime_param("until", "Published at or before (undated articles left out)."),
                    _CURSOR,
                    _LIMIT,
                ),
                responses={200: ("A page of articles", "ArticleList"), **_ERRORS},
            )
        },
    ),
    Route(
        "articles/<str:article_id>",
        "article",
        {
            "GET": Operation(
                article_detail,
                "One article with entities, quotes, hashtags, summary and related items.",
                params=(int_param("article_id", "Article id.", location="path"),),
                responses={200: ("The article", "ArticleDetail"), **_ERRORS, **_NOT_FOUND},
            )
        },
    ),
    Route(
        "stories",
        "stories",
        {
            "GET": Operation(
                story_list,
                "Stories with the latest news first (merged stories left out).",
                params=(_CURSOR, _LIMIT),
                responses={200: ("A page of stories", "StoryList"), **_ERRORS},
            )
        },
    ),
    Route(
        "stories/<str:story_id>",
        "story",
        {
            "GET": Operation(
                story_detail,
                "One story: member articles, timeline and quotes by speaker.",
                params=(int_param("story_id", "Story id.", location="path"),),
                responses={200: ("The story", "StoryDetail"), **_ERRORS, **_NOT_FOUND},
            )
        },
    ),
    Route(
        "entities/<str:entity_id>",
        "entity",
        {
            "GET": Operation(
                entity_detail,
                "One entity with aliases, latest articles and quotes.",
                params=(int_param("entity_id", "Entity id.", location="path"),),
                responses={200: ("The entity", "EntityDetail"), **_ERRORS, **_NOT_FOUND},
            )
        },
    ),
    Route(
        "tags/<str:slug>",
        "tag",
        {
            "GET": Operation(
                tag_detail,
                "One hashtag with its latest articles.",
                params=(_SLUG,),
                responses={200: ("The tag", "TagDetail"), **_ERRORS, **_NOT_FOUND},
            )
        },
    ),
    Route(
        "sources",
        "sources",
        {
            "GET": Operation(
                source_list,
                "Every source with its polling health.",
                responses={200: ("The sources", "SourceList"), **_ERRORS},
            ),
            "POST": Operation(
                source_create,
                "Add a source (staff session with CSRF token, or bearer token).",
                request_schema="SourceCreate",
                responses={
                    201: ("The new source", "Source"),
                    **_ERRORS,
                    401: ("Not signed in, or a wrong bearer token", "Error"),
                    403: ("Not staff, or the CSRF check failed", "Error"),
                    409: ("A source with this URL exists", "Error"),
                },
                write=True,
            ),
        },
    ),
    Route(
        "openapi.json",
        "openapi",
        {
            "GET": Operation(
                openapi_document,
                "This OpenAPI 3.1 document.",
                responses={200: ("The document", "OpenAPI"), **_ERRORS},
            )
        },
    ),
)
