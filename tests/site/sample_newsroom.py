"""A small, fully enriched newsroom in the database, for API, feed and admin tests.

Two sources, one story of two articles (with entities, quotes, hashtags, summaries,
related listings and comments), a near-duplicate copy and an unrelated article. Built
with the ORM through :mod:`tests.site.factories`; nothing is read from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from tests.site.factories import make_article, make_source, make_story

from broadsheet.site.comments.models import Comment
from broadsheet.site.news.models import (
    Article,
    ArticleTag,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    Story,
    Tag,
)

BRIDGE_BODY = (
    "The Harbour Bridge reopened on Friday after storm repairs.\n\n"
    '"We are proud of the crews," said Mayor Ana Lopez.\n\n'
    "Traffic resumed within the hour."
)
FERRY_BODY = (
    "Ferry services paused while the bridge was shut.\n\n"
    '"The ferries carried twice the usual load," Ana Lopez said on Saturday.'
)


@dataclass
class Newsroom:
    """The rows :func:`build_newsroom` made."""

    herald: Source
    gazette: Source
    story: Story
    bridge: Article
    ferry: Article
    copy: Article
    other: Article
    lopez: Entity
    council: Entity
    tag_storm: Tag
    tag_bridge: Tag


def _span(body: str, text: str) -> dict[str, object]:
    start = body.index(text)
    return {"text": text, "start": start, "end": start + len(text)}


def build_newsroom() -> Newsroom:
    """Create the sample rows and return them."""
    herald = make_source(name="Coast Herald", url="https://coastherald.example/rss")
    gazette = make_source(
        name="Bay Gazette", url="https://baygazette.example/feed", failure_count=3,
        last_error="HTTP 503",
    )
    story = make_story(
        label="Harbour Bridge reopens",
        first_published=datetime(2026, 11, 26, 8, 0, tzinfo=UTC),
        last_published=datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
        article_count=2,
        source_count=2,
    )
    lead = _span(BRIDGE_BODY, "The Harbour Bridge reopened on Friday after storm repairs.")
    bridge = make_article(
        title="Harbour Bridge reopens after storm",
        body=BRIDGE_BODY,
        source=herald,
        source_name="Coast Herald",
        byline="Jo Writer",
        section="local",
        description="The bridge is open again.",
        published=datetime(2026, 11, 26, 8, 0, tzinfo=UTC),
        story=story,
        summary=[{**lead, "sentence": 0}],
        key_points=[{**lead, "sentence": 0}],
        related_listings=[
            {"source": "Bay Gazette", "age": "2h", "title": "Ferries busy", "snippet": "",
             "url": "https://baygazette.example/ferries"}
        ],
        status=Article.Status.ENRICHED,
    )
    ferry = make_article(
        title="Ferries carried the load",
        body=FERRY_BODY,
        source=gazette,
        source_name="Bay Gazette",
        section="local",
        published=datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
        story=story,
    )
    copy = make_article(
        title="Harbour Bridge reopens after storm (wire copy)",
        body=BRIDGE_BODY + "\n\nWire copy.",
        source=gazette,
        source_name="Bay Gazette",
        published=datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
        duplicate_of=bridge,
    )
    other = make_article(
        title="Council approves budget",
        body="The council approved the budget.\n\nThe vote was close.",
        source=herald,
        source_name="Coast Herald",
        section="politics",
        published=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
    )
    lopez = Entity.objects.create(
        name="Ana Lopez", type="person", key="person:ana lopez", role="Mayor", article_count=2
    )
    council = Entity.objects.create(
        name="City Council", type="organization", key="organization:city council",
        article_count=1,
    )
    EntityAlias.objects.create(
        entity=lopez, type="person", key="person:lopez", name="Lopez", reason="surname"
    )
    Mention.objects.create(
        article=bridge, entity=lopez, name="Ana Lopez", role="Mayor", salience=0.8,
        spans=[_span(BRIDGE_BODY, "Ana Lopez")],
    )
    Mention.objects.create(
        article=ferry, entity=lopez, name="Ana Lopez", salience=0.5,
        spans=[_span(FERRY_BODY, "Ana Lopez")],
    )
    Mention.objects.create(article=other, entity=council, name="City Council", salience=0.9)
    for article, body, text, position in (
        (bridge, BRIDGE_BODY, "We are proud of the crews,", 0),
        (ferry, FERRY_BODY, "The ferries carried twice the usual load,", 0),
    ):
        span = _span(body, text)
        Quote.objects.create(
            article=article, speaker_entity=lopez, speaker="Ana Lopez", text=text,
            start=span["start"], end=span["end"], cue="said", position=position,
        )
    tag_storm = Tag.objects.create(name="Storm", slug="storm")
    tag_bridge = Tag.objects.create(name="HarbourBridge", slug="harbourbridge")
    ArticleTag.objects.create(article=bridge, tag=tag_bridge, score=0.9, position=0)
    ArticleTag.objects.create(article=bridge, tag=tag_storm, score=0.5, position=1)
    ArticleTag.objects.create(article=ferry, tag=tag_bridge, score=0.7, position=0)
    reader = get_user_model().objects.create_user("reader", password="pw-reader-123")
    Comment.objects.create(article=bridge, user=reader, body="Great news")
    Comment.objects.create(article=bridge, user=reader, body="spam", status="hidden")
    return Newsroom(
        herald, gazette, story, bridge, ferry, copy, other, lopez, council, tag_storm,
        tag_bridge,
    )
