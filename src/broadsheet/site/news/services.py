"""Writes of the news app: store documents exactly once, turn them into articles, keep sources.

Each public function is keyword-only, named ``<noun>_<verb>``, and runs in a transaction
so that a failure leaves nothing half-written. Processing calls the pure pipeline
(extract → enrich → connect) outside any transaction and then persists the result in
one; running it twice for the same document changes nothing the second time, which is
what makes the background tasks safe to retry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from broadsheet.errors import BroadsheetError, ConflictError, InputError, NoArticleFound
from broadsheet.site.news import stories
from broadsheet.site.news.models import (
    Article,
    ArticleTag,
    Document,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    Tag,
)
from broadsheet.types import EnrichedArticle, FeedHints, RawDocument

if TYPE_CHECKING:
    from broadsheet.pipeline.enrich import Enricher

__all__ = [
    "DocumentOutcome",
    "article_ingest",
    "document_identity",
    "document_process",
    "document_store",
    "source_add",
]

logger = logging.getLogger(__name__)


# --- documents -------------------------------------------------------------------------


def document_identity(raw: RawDocument, *, source: Source | None = None) -> str:
    """The key a document is stored under: feed GUID, then canonical URL, then content hash.

    The fetch stage's one rule (:func:`broadsheet.fetch.item_identity`), so an item
    ingested from a file and the same item polled from its feed are one document.
    """
    from broadsheet.fetch import item_identity

    content = (
        raw.content if isinstance(raw.content, str) else raw.content.decode("utf-8", "replace")
    )
    return item_identity(
        guid=raw.hints.guid,
        url=raw.hints.url or raw.url,
        title=raw.hints.title,
        summary=raw.hints.summary,
        content=content,
        feed_url=source.url if source else None,
    )[:600]


def _hints_to_json(hints: FeedHints) -> dict[str, Any]:
    return {
        "title": hints.title,
        "url": hints.url,
        "source": hints.source,
        "byline": hints.byline,
        "published": hints.published.isoformat() if hints.published else None,
        "summary": hints.summary,
        "categories": list(hints.categories),
        "guid": hints.guid,
        "language": hints.language,
    }


def _hints_from_json(data: dict[str, Any]) -> FeedHints:
    published = data.get("published")
    return FeedHints(
        title=data.get("title"),
        url=data.get("url"),
        source=data.get("source"),
        byline=data.get("byline"),
        published=datetime.fromisoformat(published) if published else None,
        summary=data.get("summary"),
        categories=tuple(data.get("categories") or ()),
        guid=data.get("guid"),
        language=data.get("language"),
    )


def document_store(
    *, raw: RawDocument, source: Source | None = None, identity: str | None = None
) -> tuple[Document, bool]:
    """Store a raw document once; storing the same identity again returns the first.

    Safe against concurrent writers: a unique constraint decides, and the loser reads
    the winner's row.

    Returns:
        ``(document, created)``.
    """
    identity = identity or document_identity(raw, source=source)
    content = raw.content.encode("utf-8") if isinstance(raw.content, str) else raw.content
    defaults = {
        "source": source,
        "name": raw.name[:2000],
        "url": (raw.hints.url or raw.url or "")[:2000],
        "content": content,
        "content_type": (raw.content_type or "")[:200],
        "input_format": raw.input_format,
        "hints": _hints_to_json(raw.hints),
        "fetched_at": raw.fetched_at or timezone.now(),
    }
    try:
        with transaction.atomic():
            return Document.objects.get_or_create(identity=identity, defaults=defaults)
    except IntegrityError:
        return Document.objects.get(identity=identity), False


def _raw_of(document: Document) -> RawDocument:
    return RawDocument(
        content=bytes(document.content),
        name=document.name,
        url=document.url or None,
        fetched_at=document.fetched_at,
        content_type=document.content_type or None,
        input_format=document.input_format,  # type: ignore[arg-type]
        hints=_hints_from_json(document.hints or {}),
    )


def _feed_text(raw: RawDocument) -> RawDocument | None:
    """The feed's own text as the article, for an item whose page gave none.

    A feed item whose linked page could not be fetched (or held no article) is still
    worth keeping when the feed gave a headline and some text: it becomes an
    article-text document of that text.
    """
    import html

    import nh3

    if not raw.hints.title:
        return None
    content = (
        raw.content if isinstance(raw.content, str) else raw.content.decode("utf-8", "replace")
    )
    text = html.unescape(nh3.clean(content, tags=set())).strip() or (raw.hints.summary or "")
    text = " ".join(text.split())
    if not text:
        return None
    return RawDocument(
        content=text,
        name=raw.name,
        url=raw.url,
        fetched_at=raw.fetched_at,
        content_type="text/plain",
        input_format="article-text",
        hints=raw.hints,
    )


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    """What processing a document gave: an article, or the error that stopped it."""

    document: Document
    article: Article | None
    error: BroadsheetError | None = None
    linked: bool = False  # the article existed already (same URL or same content)


def _document_fail(document: Document, error: BroadsheetError) -> DocumentOutcome:
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.FAILED, error=str(error.reason)[:2000]
        )
    document.refresh_from_db()
    return DocumentOutcome(document, None, error)


def document_process(*, document_id: int, enricher: Enricher | None = None) -> DocumentOutcome:
    """Run a stored document through the pipeline and persist the article.

    Idempotent: a processed document returns its article without work. A document that
    cannot be processed is marked failed with the reason; nothing else is written.

    Args:
        document_id: the Document's id.
        enricher: a loaded enricher (the caller owns it; None skips enrichment).
    """
    from broadsheet.pipeline.extract import extract

    document = Document.objects.select_related("source").get(pk=document_id)
    if document.status == Document.Status.DONE and document.article_id:
        return DocumentOutcome(document, document.article, linked=True)
    raw = _raw_of(document)
    try:
        try:
            article = extract(raw)
        except NoArticleFound:
            fallback = _feed_text(raw)
            if fallback is None:
                raise
            article = extract(fallback)
        if enricher is not None:
            enriched = enricher.enrich(article)
        else:
            enriched = EnrichedArticle(article=article, language=article.language)
        features = stories.features_for(enriched, ref=f"doc{document.pk}")
    except BroadsheetError as exc:
        logger.info("document %s failed: %s", document.name, exc)
        return _document_fail(document, exc)
    return _article_persist(document=document, enriched=enriched, features=features)


def article_ingest(
    *, raw: RawDocument, source: Source | None = None, enricher: Enricher | None = None
) -> DocumentOutcome:
    """Store a raw document and process it now (the CLI's and the tests' path)."""
    document, _ = document_store(raw=raw, source=source)
    return document_process(document_id=document.pk, enricher=enricher)


# --- articles --------------------------------------------------------------------------


def _source_name(enriched: EnrichedArticle, document: Document) -> str:
    if enriched.article.source:
        return enriched.article.source[:300]
    if document.source:
        return document.source.name[:300]
    return ""


@transaction.atomic
def _article_persist(
    *, document: Document, enriched: EnrichedArticle, features: stories.Features
) -> DocumentOutcome:
    article = enriched.article
    url = (article.url or document.url or None) or None
    existing = None
    if url:
        existing = Article.objects.select_for_update().filter(url=url).first()
    content_hash = features.content_hash
    if existing is None:
        same = Article.objects.filter(content_hash=content_hash).order_by("id").first()
        if same is not None:
            # An exact copy of an article we hold: link, do not store it twice.
            _document_done(document, same)
            return DocumentOutcome(document, same, linked=True)
    row = existing or Article()
    row.source = document.source
    row.source_name = _source_name(enriched, document)
    row.url = url[:2000] if url else None
    row.guid = (article.guid or "")[:600]
    row.title = article.title[:1000]
    row.byline = (article.byline or "")[:500]
    row.published = article.published
    row.fetched_at = article.fetched_at or document.fetched_at
    row.language = (enriched.language or article.language or "")[:16]
    row.body = article.body
    row.paragraphs = [
        {"text": p.text, "start": p.start, "end": p.end, "kind": p.kind} for p in article.paragraphs
    ]
    row.description = article.description or ""
    row.image = (article.image or "")[:2000]
    row.input_format = article.input_format
    row.content_hash = content_hash
    row.sentences = [
        {"start": s.start, "end": s.end, "paragraph": s.paragraph} for s in enriched.sentences
    ]
    row.summary = [_sentence_json(s) for s in enriched.summary]
    row.key_points = [_sentence_json(s) for s in enriched.key_points]
    row.section = (enriched.section or "")[:64]
    row.section_confidence = enriched.section_confidence
    row.related_listings = [
        {"title": r.title, "source": r.source, "age": r.age, "snippet": r.snippet, "url": r.url}
        for r in article.related
    ]
    row.notes = list(enriched.notes) + list(features.notes)
    row.status = Article.Status.ENRICHED if enriched.sentences else Article.Status.EXTRACTED
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ConflictError(f"article with URL {url} stored concurrently", input=url) from exc
    if existing is not None:
        # The re-fetched article's enrichment replaces the old one; its entities lose
        # the article from their counts until the new mentions add it back.
        Entity.objects.filter(mentions__article=row).update(article_count=F("article_count") - 1)
        row.mentions.all().delete()
        row.quotes.all().delete()
        row.article_tags.all().delete()
    _enrichment_save(row, enriched)
    stories.article_connect(article=row, features=features, refresh=existing is not None)
    _document_done(document, row)
    return DocumentOutcome(document, row, linked=existing is not None)


def _sentence_json(item: Any) -> dict[str, Any]:
    return {"text": item.text, "start": item.start, "end": item.end, "sentence": item.sentence}


def _document_done(document: Document, article: Article) -> None:
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.DONE, article=article, error=""
    )
    document.status = Document.Status.DONE
    document.article = article


# Known entities offered to the alias matcher for one new name: enough for every
# person sharing a surname (or organisation sharing an acronym's shape) in a large
# corpus, bounded so one common surname cannot make ingestion slow.
MAX_ALIAS_CANDIDATES = 200


def _alias_candidates(key: str, type_: str) -> list[Entity]:
    tokens = key.split(":", 1)[1].split()
    if not tokens:
        return []
    entities = Entity.objects.filter(type=type_)
    if type_ == Entity.Type.PERSON:
        last = tokens[-1]
        entities = entities.filter(key__endswith=f" {last}") | entities.filter(
            key=f"{type_}:{last}"
        )
    elif len(tokens) == 1 and 2 <= len(tokens[0]) <= 6:
        # a possible acronym ("eu"): names whose first word starts with its first letter
        entities = entities.filter(key__startswith=f"{type_}:{tokens[0][0]}")
    else:
        # a possible expansion of a stored acronym: single-token names of that initial
        initials = "".join(token[0] for token in tokens)
        entities = entities.filter(key=f"{type_}:{initials}")
    return list(entities.order_by("-article_count")[:MAX_ALIAS_CANDIDATES])


def _entity_resolve(name: str, type_: str) -> Entity:
    """The canonical entity for a name, across the corpus.

    In order: a stored alias of the name's key (manual aliases made in the admin win);
    else a known entity the enrich stage's ``match_alias`` says the name refers to
    (one fit only — ambiguous surnames stay apart), recorded as an alias with its
    reason; else a new entity. When a fuller name joins a shorter one ("Vladimir Putin"
    after "Putin"), the entity takes the fuller name.
    """
    from broadsheet.pipeline.enrich import entity_key, match_alias

    key = entity_key(name, type_)[:300]
    alias = EntityAlias.objects.select_related("entity").filter(type=type_, key=key).first()
    if alias is not None:
        return alias.entity
    candidates = {c.name: c for c in _alias_candidates(key, type_)}
    match = match_alias(name, type_, candidates) if candidates else None
    if match is not None:
        entity = candidates[match.name]
        if len(name.split()) > len(entity.name.split()):
            entity.name = name[:300]
            entity.save(update_fields=["name"])
        reason = match.reason[:300]
    else:
        entity, _ = Entity.objects.get_or_create(type=type_, key=key, defaults={"name": name[:300]})
        reason = "same key"
    EntityAlias.objects.get_or_create(
        type=type_, key=key, defaults={"entity": entity, "name": name[:300], "reason": reason}
    )
    return entity


def _enrichment_save(row: Article, enriched: EnrichedArticle) -> None:
    by_name: dict[str, Entity] = {}
    # Mentions and tags carry the article's time for the related-articles index scans.
    when = row.when
    for item in enriched.entities:
        entity = _entity_resolve(item.name, item.type)
        by_name[item.name] = entity
        if item.role:
            entity.role = item.role[:500]
            entity.save(update_fields=["role"])
        _, created = Mention.objects.update_or_create(
            article=row,
            entity=entity,
            defaults={
                "name": item.name[:300],
                "role": (item.role or "")[:500],
                "salience": item.salience,
                "spans": [{"text": m.text, "start": m.start, "end": m.end} for m in item.mentions],
                "published": when,
            },
        )
        if created:  # two names of one entity in an article count it once
            Entity.objects.filter(pk=entity.pk).update(article_count=F("article_count") + 1)
    Quote.objects.bulk_create(
        Quote(
            article=row,
            speaker_entity=by_name.get(q.speaker or ""),
            speaker=(q.speaker or "")[:300],
            speaker_mention=(
                {
                    "text": q.speaker_mention.text,
                    "start": q.speaker_mention.start,
                    "end": q.speaker_mention.end,
                }
                if q.speaker_mention
                else None
            ),
            text=q.text,
            start=q.start,
            end=q.end,
            cue=(q.cue or "")[:100],
            position=index,
        )
        for index, q in enumerate(enriched.quotes)
    )
    for position, hashtag in enumerate(enriched.hashtags):
        slug = hashtag.tag.lower()[:100]
        tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": hashtag.tag[:100]})
        ArticleTag.objects.get_or_create(
            article=row,
            tag=tag,
            defaults={"score": hashtag.score, "position": position, "published": when},
        )


# --- sources ---------------------------------------------------------------------------


# How nested OPML folders are kept in ``Source.folder``.
FOLDER_SEPARATOR = " / "


def source_add(
    *,
    url: str,
    name: str = "",
    kind: str = Source.Kind.FEED,
    folder: str = "",
    site_url: str = "",
) -> tuple[Source, bool]:
    """Add a source by URL (normalised); adding a known URL returns the stored one.

    Raises:
        InputError: the URL is not an http(s) URL.
    """
    from broadsheet.fetch import normalise_url

    if not url.startswith(("http://", "https://")):
        raise InputError("not an http(s) URL", input=url)
    normalised = normalise_url(url)
    try:
        with transaction.atomic():
            return Source.objects.get_or_create(
                url=normalised,
                defaults={
                    "name": (name or normalised)[:300],
                    "kind": kind,
                    "folder": folder[:200],
                    "site_url": site_url[:2000],
                },
            )
    except IntegrityError:
        return Source.objects.get(url=normalised), False


def sources_add_many(entries: Iterable[dict[str, str]]) -> list[tuple[Source, bool]]:
    """Add several sources (e.g. from OPML) in one transaction."""
    with transaction.atomic():
        return [source_add(**entry) for entry in entries]


def sources_import_opml(*, data: bytes, name: str = "<opml>") -> list[tuple[Source, bool]]:
    """Add every feed of an OPML document with its title and folder (all or nothing).

    Nested folders are kept as a path joined with ``FOLDER_SEPARATOR``.

    Raises:
        InputError: the document is not OPML, or lists a feed that is not an http(s)
            URL (names ``name``); nothing is added then.
    """
    from broadsheet.fetch import parse_opml

    try:
        entries = parse_opml(data)
    except BroadsheetError as exc:
        raise InputError(f"not a usable OPML file: {exc.reason}", input=name) from exc
    try:
        return sources_add_many(
            {
                "url": entry.url,
                "name": entry.title or "",
                "folder": FOLDER_SEPARATOR.join(entry.folder),
                "site_url": entry.html_url or "",
            }
            for entry in entries
        )
    except InputError as exc:
        raise InputError(f"feed {exc.input}: {exc.reason}; nothing imported", input=name) from exc


def sources_export_opml() -> bytes:
    """Every feed source as an OPML document, folders and titles kept."""
    from broadsheet.fetch import OpmlFeed, write_opml

    feeds = [
        OpmlFeed(
            url=source.url,
            title=source.name or None,
            folder=tuple(part for part in source.folder.split(FOLDER_SEPARATOR) if part),
            html_url=source.site_url or None,
        )
        for source in Source.objects.filter(url__isnull=False).order_by("folder", "name")
        if source.url
    ]
    return write_opml(feeds, title="Broadsheet sources")
