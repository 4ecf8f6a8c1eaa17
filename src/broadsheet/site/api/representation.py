"""How stored rows look in the JSON API: plain dicts, one function per shape.

Each function here has a JSON Schema of the same name in
:mod:`broadsheet.site.api.schemas`; the tests validate real responses against those
schemas. Offsets (``start``/``end``) index the article's ``body`` as in
:mod:`broadsheet.serialize`, which gives the CLI the same shapes for pipeline values.
No queries are made here beyond what the selectors prefetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from broadsheet.site.news.models import Article, Entity, Quote, Source, Story, Tag

__all__ = [
    "article_detail",
    "article_item",
    "entity_detail",
    "quote_item",
    "quotes_by_speaker",
    "source_item",
    "story_detail",
    "story_item",
    "tag_detail",
]


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _api_url(request: HttpRequest, name: str, *args: Any) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", args=args))


def _hashtags(article: Article) -> list[dict[str, str]]:
    return [
        {"name": link.tag.name, "slug": link.tag.slug, "hashtag": f"#{link.tag.name}"}
        for link in article.article_tags.all()
    ]


def _sentences(items: Iterable[Any]) -> list[dict[str, Any]]:
    # Stored as the pipeline's summary_to_dict shapes; keep only the documented keys so
    # an extra key written by a later pipeline version cannot break the schema.
    shaped = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            shaped.append(
                {
                    "text": item["text"],
                    "start": item.get("start"),
                    "end": item.get("end"),
                    "sentence": item.get("sentence"),
                }
            )
    return shaped


def article_item(request: HttpRequest, article: Article) -> dict[str, Any]:
    """An article in a list: metadata, first summary sentence and hashtags, no body."""
    summary = _sentences(article.summary or [])
    return {
        "id": article.pk,
        "url": _api_url(request, "article", article.pk),
        "title": article.title,
        "original_url": article.url,
        "source": {"id": article.source_id, "name": article.source_name or (
            article.source.name if article.source else "")},
        "byline": article.byline,
        "published": _time(article.published),
        "language": article.language,
        "section": article.section,
        "description": article.description,
        "lead": summary[0]["text"] if summary else article.description,
        "image": article.image,
        "story_id": article.story_id,
        "duplicate_of": article.duplicate_of_id,
        "hashtags": _hashtags(article),
    }


def quote_item(quote: Quote) -> dict[str, Any]:
    """A direct quote with its speaker and offsets into its article's body."""
    return {
        "id": quote.pk,
        "article_id": quote.article_id,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "speaker": quote.speaker,
        "speaker_entity_id": quote.speaker_entity_id,
        "cue": quote.cue,
    }


def _mention(mention: Any) -> dict[str, Any]:
    spans = [
        {"text": s.get("text", ""), "start": s.get("start"), "end": s.get("end")}
        for s in (mention.spans or [])
        if isinstance(s, dict)
    ]
    return {
        "entity_id": mention.entity_id,
        "name": mention.name,
        "type": mention.entity.type,
        "role": mention.role,
        "salience": round(mention.salience, 4),
        "mentions": spans,
    }


def _related(items: Iterable[Any]) -> list[dict[str, str]]:
    keys = ("source", "age", "title", "snippet", "url")
    return [
        {key: str(item.get(key) or "") for key in keys} for item in items if isinstance(item, dict)
    ]


def article_detail(request: HttpRequest, article: Article) -> dict[str, Any]:
    """Everything the API tells about one article (selector: ``article_get``)."""
    data = article_item(request, article)
    data.update(
        {
            "body": article.body,
            "paragraphs": [
                {
                    "text": p.get("text", ""),
                    "start": p.get("start"),
                    "end": p.get("end"),
                    "kind": p.get("kind", "p"),
                }
                for p in (article.paragraphs or [])
                if isinstance(p, dict)
            ],
            "fetched_at": _time(article.fetched_at),
            "entities": [_mention(m) for m in article.mentions.all()],
            "quotes": [quote_item(q) for q in article.quotes.all()],
            "summary": _sentences(article.summary or []),
            "key_points": _sentences(article.key_points or []),
            "related": _related(article.related_listings or []),
            "comments_count": getattr(article, "comments_count", 0),
            "status": article.status,
        }
    )
    return data


def story_item(request: HttpRequest, story: Story) -> dict[str, Any]:
    """A story in a list."""
    return {
        "id": story.pk,
        "url": _api_url(request, "story", story.pk),
        "label": story.label,
        "first_published": _time(story.first_published),
        "last_published": _time(story.last_published),
        "article_count": story.article_count,
        "source_count": story.source_count,
        "locked": story.locked,
        "merged_into": story.merged_into_id,
    }


def quotes_by_speaker(quotes: Iterable[Quote]) -> list[dict[str, Any]]:
    """Quotes grouped by speaker (entity when known, else the name as written).

    Speakers come in order of their first quote; quotes keep their given order.
    """
    groups: dict[tuple[str, Any], dict[str, Any]] = {}
    for quote in quotes:
        if quote.speaker_entity_id is not None:
            key: tuple[str, Any] = ("entity", quote.speaker_entity_id)
            name = quote.speaker_entity.name if quote.speaker_entity else quote.speaker
        else:
            key = ("name", quote.speaker.strip())
            name = quote.speaker.strip()
        group = groups.setdefault(
            key, {"speaker": name, "entity_id": quote.speaker_entity_id, "quotes": []}
        )
        group["quotes"].append(quote_item(quote))
    return list(groups.values())


def story_detail(
    request: HttpRequest, story: Story, articles: list[Article], quotes: list[Quote]
) -> dict[str, Any]:
    """A story with its members, timeline and quotes by speaker (selector: ``story_get``)."""
    data = story_item(request, story)
    data.update(
        {
            "articles": [article_item(request, a) for a in articles],
            "timeline": [
                {
                    "time": _time(a.published),
                    "article_id": a.pk,
                    "title": a.title,
                    "source": a.source_name or (a.source.name if a.source else ""),
                }
                for a in articles
            ],
            "quotes_by_speaker": quotes_by_speaker(quotes),
        }
    )
    return data


def entity_detail(
    request: HttpRequest, entity: Entity, articles: list[Article], quotes: list[Quote]
) -> dict[str, Any]:
    """An entity with its aliases, latest articles and quotes (selector: ``entity_get``)."""
    return {
        "id": entity.pk,
        "url": _api_url(request, "entity", entity.pk),
        "name": entity.name,
        "type": entity.type,
        "role": entity.role,
        "article_count": entity.article_count,
        "aliases": [
            {"name": a.name, "key": a.key, "manual": a.manual, "reason": a.reason}
            for a in entity.aliases.all()
        ],
        "articles": [article_item(request, a) for a in articles],
        "articles_url": request.build_absolute_uri(reverse("api:articles"))
        + f"?entity={entity.pk}",
        "quotes": [quote_item(q) for q in quotes],
    }


def tag_detail(request: HttpRequest, tag: Tag, articles: list[Article]) -> dict[str, Any]:
    """A hashtag with its latest articles (selector: ``tag_get``)."""
    return {
        "name": tag.name,
        "slug": tag.slug,
        "hashtag": f"#{tag.name}",
        "url": _api_url(request, "tag", tag.slug),
        "articles": [article_item(request, a) for a in articles],
        "articles_url": request.build_absolute_uri(reverse("api:articles")) + f"?tag={tag.slug}",
    }


def source_item(source: Source) -> dict[str, Any]:
    """A source with its polling health."""
    return {
        "id": source.pk,
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "site_url": source.site_url,
        "folder": source.folder,
        "active": source.active,
        "last_polled_at": _time(source.last_polled_at),
        "last_success_at": _time(source.last_success_at),
        "failure_count": source.failure_count,
        "failing": source.is_failing,
    }
