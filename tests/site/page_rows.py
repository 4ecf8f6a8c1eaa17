"""Rows for the page tests: an enriched article in a two-outlet story, and its neighbours.

``build_desk()`` makes: a story covered by two outlets (``lead`` and ``follow``) plus a
syndicated ``copy`` of the lead and a second Document of it; an article in another story
sharing an entity with the lead (``cousin``: related by entity); one sharing only a
hashtag (``tagged``); and one with nothing in common (``stranger``: never related).
Built with the ORM through :mod:`tests.site.factories`; nothing is read from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tests.site.factories import make_article, make_source, make_story

from broadsheet.site.news.models import (
    Article,
    ArticleTag,
    Document,
    Entity,
    Mention,
    Quote,
    Story,
    Tag,
)

LEAD_BODY = (
    "Lighthouse keepers returned to Skerry Point on Monday after a decade away.\n\n"
    "What changed\n\n"
    "The Maritime Trust hired four keepers. The lamp was restored by volunteers.\n\n"
    "\u201cWe never stopped watching the sea,\u201d said Morag Finlay, the trust\u2019s chair.\n\n"
    "New radio mast\n\n"
    "Solar panels on the roof"
)
FOLLOW_BODY = (
    "Skerry Point lighthouse is staffed again, the Maritime Trust said.\n\n"
    "\u201cIt is a proud day,\u201d Morag Finlay told reporters."
)
COUSIN_BODY = "Morag Finlay opened a museum of lamps in Oban.\n\nThe museum is free."
TAGGED_BODY = "A storm closed harbours along the coast.\n\nFerries stayed in port."
STRANGER_BODY = "The council set its budget for next year.\n\nThe vote was close."


@dataclass
class Desk:
    """The rows :func:`build_desk` made."""

    story: Story
    lead: Article
    follow: Article
    copy: Article
    cousin: Article
    tagged: Article
    stranger: Article
    finlay: Entity
    trust: Entity
    skerry: Entity
    tag: Tag


def span(body: str, text: str) -> dict[str, object]:
    """The {text, start, end} span of ``text`` in ``body``."""
    start = body.index(text)
    return {"text": text, "start": start, "end": start + len(text)}


def paragraphs(body: str, kinds: dict[int, str] | None = None) -> list[dict[str, object]]:
    """Paragraph JSON for a body split on blank lines, with optional kinds by position."""
    rows = []
    offset = 0
    for n, part in enumerate(body.split("\n\n")):
        rows.append(
            {"text": part, "start": offset, "end": offset + len(part),
             "kind": (kinds or {}).get(n, "p")}
        )
        offset += len(part) + 2
    return rows


def sentences(body: str, texts: list[str]) -> list[dict[str, object]]:
    """Sentence JSON (as the ingestion service stores it) for the given sentence texts."""
    return [{**span(body, t), "paragraph": 0} for t in texts]


def build_desk() -> Desk:
    """Create the rows and return them."""
    herald = make_source(name="North Herald", url="https://northherald.example/rss")
    courier = make_source(name="Island Courier", url="https://courier.example/rss")
    story = make_story(label="Keepers return to Skerry Point")
    lead_sentences = [
        "Lighthouse keepers returned to Skerry Point on Monday after a decade away.",
        "The Maritime Trust hired four keepers.",
        "The lamp was restored by volunteers.",
    ]
    lead = make_article(
        title="Keepers return to Skerry Point lighthouse",
        body=LEAD_BODY,
        paragraphs=paragraphs(LEAD_BODY, {1: "h2", 4: "li", 5: "li"}),
        sentences=sentences(LEAD_BODY, lead_sentences),
        summary=[{**span(LEAD_BODY, lead_sentences[0]), "sentence": 0}],
        key_points=[{**span(LEAD_BODY, lead_sentences[1]), "sentence": 1}],
        source=herald,
        source_name="North Herald",
        byline="Iona Reid",
        section="world",
        url="https://northherald.example/keepers",
        published=datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
        story=story,
        status=Article.Status.ENRICHED,
    )
    follow = make_article(
        title="Skerry Point staffed again",
        body=FOLLOW_BODY,
        source=courier,
        source_name="Island Courier",
        section="world",
        published=datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
        story=story,
    )
    copy = make_article(
        title="Keepers return to Skerry Point lighthouse (wire)",
        body=LEAD_BODY + "\n\nDistributed by the wire.",
        source_name="Wire Weekly",
        published=datetime(2026, 11, 27, 8, 30, tzinfo=UTC),
        duplicate_of=lead,
        story=story,
    )
    cousin = make_article(
        title="A museum of lamps opens in Oban",
        body=COUSIN_BODY,
        source_name="Oban Times",
        published=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        story=make_story(label="Lamp museum"),
    )
    tagged = make_article(
        title="Storm closes harbours",
        body=TAGGED_BODY,
        source_name="Coast Radio",
        published=datetime(2026, 11, 21, 8, 0, tzinfo=UTC),
    )
    stranger = make_article(
        title="Council sets budget",
        body=STRANGER_BODY,
        source_name="City Paper",
        section="business",
        published=datetime(2026, 11, 22, 8, 0, tzinfo=UTC),
    )
    Document.objects.create(
        identity="https://northherald.example/keepers", name="https://northherald.example/keepers",
        url="https://northherald.example/keepers", content=b"x", source=herald,
        fetched_at=datetime(2026, 11, 27, 8, 5, tzinfo=UTC), article=lead, status="done",
    )
    Document.objects.create(
        identity="https://syndicate.example/skerry", name="https://syndicate.example/skerry",
        url="https://syndicate.example/skerry", content=b"x", source=courier,
        fetched_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC), article=lead, status="done",
    )
    finlay = Entity.objects.create(
        name="Morag Finlay", type="person", key="person:morag finlay", role="chair"
    )
    trust = Entity.objects.create(
        name="Maritime Trust", type="organization", key="organization:maritime trust"
    )
    skerry = Entity.objects.create(name="Skerry Point", type="place", key="place:skerry point")
    Mention.objects.create(
        article=lead, entity=finlay, name="Morag Finlay", role="the trust\u2019s chair",
        salience=0.9, spans=[span(LEAD_BODY, "Morag Finlay")],
    )
    Mention.objects.create(
        article=lead, entity=trust, name="Maritime Trust", salience=0.6,
        spans=[span(LEAD_BODY, "Maritime Trust")],
    )
    Mention.objects.create(
        article=lead, entity=skerry, name="Skerry Point", salience=0.5,
        spans=[span(LEAD_BODY, "Skerry Point")],
    )
    Mention.objects.create(
        article=follow, entity=finlay, name="Morag Finlay", salience=0.7,
        spans=[span(FOLLOW_BODY, "Morag Finlay")],
    )
    Mention.objects.create(
        article=cousin, entity=finlay, name="Morag Finlay", salience=0.8,
        spans=[span(COUSIN_BODY, "Morag Finlay")],
    )
    for article, body, text in (
        (lead, LEAD_BODY, "We never stopped watching the sea,"),
        (follow, FOLLOW_BODY, "It is a proud day,"),
    ):
        where = span(body, text)
        Quote.objects.create(
            article=article, speaker_entity=finlay, speaker="Morag Finlay", text=text,
            start=where["start"], end=where["end"], cue="said",
        )
    tag = Tag.objects.create(name="SkerryPoint", slug="skerrypoint")
    coast = Tag.objects.create(name="Coast", slug="coast")
    ArticleTag.objects.create(article=lead, tag=tag, score=0.9, position=0)
    ArticleTag.objects.create(article=lead, tag=coast, score=0.4, position=1)
    ArticleTag.objects.create(article=follow, tag=tag, score=0.8, position=0)
    ArticleTag.objects.create(article=tagged, tag=coast, score=0.6, position=0)
    return Desk(story, lead, follow, copy, cousin, tagged, stranger, finlay, trust, skerry, tag)
