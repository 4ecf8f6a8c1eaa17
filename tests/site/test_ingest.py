"""Ingestion services: documents stored once, articles unique, copies linked, failures clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.site.news.models import Article, Document, Story
from broadsheet.site.news.services import article_ingest, document_process, document_store
from broadsheet.types import FeedHints, RawDocument

DATA = Path(__file__).resolve().parent.parent / "data" / "site"

pytestmark = pytest.mark.django_db


def _raw(name: str, **fields: object) -> RawDocument:
    return RawDocument(content=(DATA / name).read_bytes(), name=name, **fields)  # type: ignore[arg-type]


def test_ingest_stores_an_article_with_metadata() -> None:
    outcome = article_ingest(raw=_raw("wire-original.html"))
    assert outcome.error is None
    article = outcome.article
    assert article is not None
    assert article.title == "Harbour bridge reopens after storm repairs"
    assert article.url == "https://coastherald.example/news/harbour-bridge-reopens"
    assert "three weeks after a winter storm" in article.body
    assert "All rights reserved" not in article.body
    assert article.story is not None and article.story.article_count == 1
    assert outcome.document.status == Document.Status.DONE


def test_ingesting_the_same_document_twice_stores_it_once() -> None:
    first = article_ingest(raw=_raw("wire-original.html"))
    second = article_ingest(raw=_raw("wire-original.html"))
    assert first.article is not None and second.article is not None
    assert second.article.pk == first.article.pk
    assert Document.objects.count() == 1
    assert Article.objects.count() == 1


def test_same_content_under_another_identity_links_to_the_stored_article() -> None:
    first = article_ingest(raw=_raw("unrelated.txt", hints=FeedHints(guid="a-1")))
    second = article_ingest(raw=_raw("unrelated.txt", hints=FeedHints(guid="b-2")))
    assert first.article is not None and second.article is not None
    assert second.linked and second.article.pk == first.article.pk
    assert Document.objects.count() == 2
    assert Article.objects.count() == 1


def test_a_syndicated_copy_is_linked_to_the_original_and_joins_its_story() -> None:
    original = article_ingest(raw=_raw("wire-original.html")).article
    copy = article_ingest(raw=_raw("wire-copy.html")).article
    other = article_ingest(raw=_raw("unrelated.txt")).article
    assert original is not None and copy is not None and other is not None
    assert copy.pk != original.pk
    assert copy.duplicate_of_id == original.pk
    assert copy.story_id == original.story_id
    assert other.story_id != original.story_id
    story = Story.objects.get(pk=original.story_id)
    assert story.article_count == 2


def test_a_bad_document_fails_cleanly_and_changes_nothing_stored() -> None:
    good = article_ingest(raw=_raw("wire-original.html")).article
    assert good is not None
    before = (Article.objects.count(), Story.objects.count())
    document, created = document_store(
        raw=RawDocument(content=b"\x00\x01\x02\xff" * 64, name="junk.bin")
    )
    assert created
    outcome = document_process(document_id=document.pk)
    assert outcome.article is None and outcome.error is not None
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert document.error
    assert (Article.objects.count(), Story.objects.count()) == before
    good.refresh_from_db()
    assert good.title == "Harbour bridge reopens after storm repairs"


def test_a_feed_teaser_without_a_page_is_kept_with_the_feeds_text() -> None:
    raw = RawDocument(
        content="<p>Harbour Bridge <b>open</b> again.</p>",  # too short for the HTML extractor
        name="http://coast.example/news/bridge",
        url="http://coast.example/news/bridge",
        input_format="html",
        hints=FeedHints(title="Harbour bridge reopens", guid="coast-1"),
    )
    outcome = article_ingest(raw=raw)
    assert outcome.article is not None, outcome.error
    assert outcome.article.title == "Harbour bridge reopens"
    assert outcome.article.body == "Harbour Bridge open again."


def test_a_story_split_off_by_hand_is_found_by_later_articles() -> None:
    from broadsheet.site.news.models import StoryKey
    from broadsheet.site.news.story_admin import story_merge, story_split

    bridge = article_ingest(raw=_raw("wire-original.html")).article
    concert = article_ingest(raw=_raw("unrelated.txt")).article
    assert bridge is not None and concert is not None and bridge.story and concert.story
    story_merge(target=bridge.story, others=[concert.story])
    concert.refresh_from_db()
    assert concert.story_id == bridge.story_id
    new = story_split(articles=[concert])
    keys = set(StoryKey.objects.filter(story=new).values_list("key", flat=True))
    assert keys and any("orchestra" in key for key in keys)
    follow_up = article_ingest(
        raw=RawDocument(
            content=(DATA / "unrelated.txt")
            .read_text()
            .replace("twelve premieres", "a dozen premieres")
            + "\n\nThe orchestra's chair said the season would be recorded for radio.",
            name="follow-up.txt",
            input_format="article-text",
            hints=FeedHints(title="Orchestra season to be broadcast"),
        )
    ).article
    assert follow_up is not None
    assert follow_up.story_id == new.pk


def test_document_identity_is_the_fetch_stages_rule() -> None:
    from broadsheet.fetch import item_identity
    from broadsheet.site.news.services import document_identity

    tracked = RawDocument(content="x", url="https://news.example/a?utm_source=feed")
    clean = RawDocument(content="y", url="https://news.example/a")
    assert document_identity(tracked) == document_identity(clean)  # tracking dropped
    with_guid = RawDocument(content="z", hints=FeedHints(guid="item-7"))
    assert document_identity(with_guid) == item_identity(
        guid="item-7", url=None, title=None, summary=None, content="z", feed_url=None
    )
