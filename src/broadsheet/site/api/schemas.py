"""JSON Schemas (OpenAPI 3.1 / JSON Schema 2020-12) of everything the API sends and takes.

One schema per function of :mod:`broadsheet.site.api.representation`, plus the error
body and the source-creation body. Objects are closed (``additionalProperties: false``)
and list every key as required, so the response-validation tests fail as soon as a
representation and its schema disagree in either direction. Data only.
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMPONENTS"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


_STR = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_URI = {"type": "string", "format": "uri"}
_TIME = {"type": ["string", "null"], "format": "date-time"}
_OFFSET = {"type": ["integer", "null"], "minimum": 0}
_ID_OR_NULL = {"type": ["integer", "null"]}

_SPAN = _object({"text": _STR, "start": _OFFSET, "end": _OFFSET})

COMPONENTS: dict[str, dict[str, Any]] = {
    "Error": _object(
        {
            "error": _object(
                {
                    "type": {"type": "string", "description": "Error class, e.g. InputError."},
                    "message": {
                        "type": "string",
                        "description": "What is wrong, starting with the parameter or "
                        "field it is about.",
                    },
                }
            )
        },
        "Every 4xx answer of the API.",
    ),
    "Hashtag": _object({"name": _STR, "slug": _STR, "hashtag": _STR}),
    "SourceRef": _object({"id": _ID_OR_NULL, "name": _STR}),
    "ArticleItem": _object(
        {
            "id": _INT,
            "url": {**_URI, "description": "This article in the API."},
            "title": _STR,
            "original_url": {"type": ["string", "null"], "description": "Where it was read."},
            "source": _ref("SourceRef"),
            "byline": _STR,
            "published": _TIME,
            "language": _STR,
            "section": _STR,
            "description": _STR,
            "lead": {"type": "string", "description": "First summary sentence or description."},
            "image": _STR,
            "story_id": _ID_OR_NULL,
            "duplicate_of": {
                "type": ["integer", "null"],
                "description": "The original article when this one is a near-duplicate copy.",
            },
            "hashtags": _array(_ref("Hashtag")),
        }
    ),
    "ArticleList": _object(
        {
            "items": _array(_ref("ArticleItem")),
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "URL of the next page; null on the last page.",
            },
            "limit": _INT,
        }
    ),
    "Paragraph": _object({"text": _STR, "start": _OFFSET, "end": _OFFSET, "kind": _STR}),
    "SummarySentence": _object(
        {"text": _STR, "start": _OFFSET, "end": _OFFSET, "sentence": _OFFSET}
    ),
    "EntityMention": _object(
        {
            "entity_id": _INT,
            "name": _STR,
            "type": {"enum": ["person", "organization", "place", "other"]},
            "role": _STR,
            "salience": {"type": "number"},
            "mentions": _array(_SPAN),
        }
    ),
    "Quote": _object(
        {
            "id": _INT,
            "article_id": _INT,
            "text": _STR,
            "start": _OFFSET,
            "end": _OFFSET,
            "speaker": _STR,
            "speaker_entity_id": _ID_OR_NULL,
            "cue": _STR,
        }
    ),
    "RelatedListing": _object(
        {"source": _STR, "age": _STR, "title": _STR, "snippet": _STR, "url": _STR}
    ),
    "QuotesBySpeaker": _object(
        {"speaker": _STR, "entity_id": _ID_OR_NULL, "quotes": _array(_ref("Quote"))}
    ),
    "StoryItem": _object(
        {
            "id": _INT,
            "url": _URI,
            "label": _STR,
            "first_published": _TIME,
            "last_published": _TIME,
            "article_count": _INT,
            "source_count": _INT,
            "locked": {"type": "boolean", "description": "Set by an editor's merge or split."},
            "merged_into": {
                "type": ["integer", "null"],
                "description": "The story this one was merged into, if any.",
            },
        }
    ),
    "StoryList": _object(
        {
            "items": _array(_ref("StoryItem")),
            "next": {"type": ["string", "null"], "format": "uri"},
            "limit": _INT,
        }
    ),
    "TimelineEntry": _object(
        {"time": _TIME, "article_id": _INT, "title": _STR, "source": _STR}
    ),
    "Alias": _object({"name": _STR, "key": _STR, "manual": _BOOL, "reason": _STR}),
    "EntityDetail": _object(
        {
            "id": _INT,
            "url": _URI,
            "name": _STR,
            "type": {"enum": ["person", "organization", "place", "other"]},
            "role": _STR,
            "article_count": _INT,
            "aliases": _array(_ref("Alias")),
            "articles": _array(_ref("ArticleItem")),
            "articles_url": {**_URI, "description": "All its articles, paginated."},
            "quotes": _array(_ref("Quote")),
        }
    ),
    "TagDetail": _object(
        {
            "name": _STR,
            "slug": _STR,
            "hashtag": _STR,
            "url": _URI,
            "articles": _array(_ref("ArticleItem")),
            "articles_url": _URI,
        }
    ),
    "Source": _object(
        {
            "id": _INT,
            "name": _STR,
            "kind": {"enum": ["feed", "sitemap", "page", "file"]},
            "url": {"type": ["string", "null"]},
            "site_url": _STR,
            "folder": _STR,
            "active": _BOOL,
            "last_polled_at": _TIME,
            "last_success_at": _TIME,
            "failure_count": _INT,
            "failing": _BOOL,
        }
    ),
    "SourceList": _object({"items": _array(_ref("Source"))}),
    "SourceCreate": {
        "type": "object",
        "properties": {
            "url": {"type": "string", "format": "uri", "maxLength": 2000,
                    "description": "An absolute http:// or https:// URL."},
            "name": {"type": "string", "maxLength": 300,
                     "description": "Defaults to the URL's host."},
            "folder": {"type": "string", "maxLength": 200},
            "kind": {"enum": ["feed", "sitemap", "page", "file"], "default": "feed"},
        },
        "required": ["url"],
        "additionalProperties": False,
    },
    "OpenAPI": {"type": "object", "description": "This document."},
}

_article_detail = dict(COMPONENTS["ArticleItem"]["properties"])
_article_detail.update(
    {
        "body": _STR,
        "paragraphs": _array(_ref("Paragraph")),
        "fetched_at": _TIME,
        "entities": _array(_ref("EntityMention")),
        "quotes": _array(_ref("Quote")),
        "summary": _array(_ref("SummarySentence")),
        "key_points": _array(_ref("SummarySentence")),
        "related": _array(_ref("RelatedListing")),
        "comments_count": {"type": "integer", "description": "Visible comments."},
        "status": {"enum": ["extracted", "enriched"]},
    }
)
COMPONENTS["ArticleDetail"] = _object(_article_detail)

_story_detail = dict(COMPONENTS["StoryItem"]["properties"])
_story_detail.update(
    {
        "articles": _array(_ref("ArticleItem")),
        "timeline": _array(_ref("TimelineEntry")),
        "quotes_by_speaker": _array(_ref("QuotesBySpeaker")),
    }
)
COMPONENTS["StoryDetail"] = _object(_story_detail)
