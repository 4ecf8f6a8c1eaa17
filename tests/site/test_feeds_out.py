"""Atom and RSS out: well-formed, complete items, escaped text, per tag/entity/story."""

from __future__ import annotations

from typing import Any

import feedparser
import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, include, path, reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.site.factories import make_article, make_story
from tests.site.sample_newsroom import Newsroom, build_newsroom

from broadsheet.site import urls as site_urls
from broadsheet.site.news import feeds_urls
from broadsheet.site.news import urls as news_urls

pytestmark = pytest.mark.django_db

KINDS = ("atom", "rss")


class _URLConf:
    """A URLconf object (hashable, unlike a SimpleNamespace, for Django's resolver cache)."""

    def __init__(self, urlpatterns: list[Any]) -> None:
        self.urlpatterns = urlpatterns


@pytest.fixture(autouse=True)
def feed_routes(settings: SettingsWrapper) -> None:
    """Serve the feed URLs even before news/urls.py includes feeds_urls."""
    try:
        reverse("news:feed-atom")
        return
    except NoReverseMatch:
        pass
    news = (list(news_urls.urlpatterns) + list(feeds_urls.urlpatterns), "news")
    others = [
        p for p in site_urls.urlpatterns
        if not (isinstance(p, URLResolver) and p.namespace == "news")
    ]
    settings.ROOT_URLCONF = _URLConf([*others, path("", include(news))])


@pytest.fixture
def room() -> Newsroom:
    return build_newsroom()


def _parse(client: Client, url: str, kind: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    expected = "application/atom+xml" if kind == "atom" else "application/rss+xml"
    assert response["Content-Type"].startswith(expected)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if kind == "atom" else "rss20")
    return parsed


@pytest.mark.parametrize("kind", KINDS)
def test_latest_feed_items_carry_everything(client: Client, room: Newsroom, kind: str) -> None:
    parsed = _parse(client, reverse(f"news:feed-{kind}"), kind)
    titles = [e.title for e in parsed.entries]
    # Newest first; the wire copy of the bridge article is left out.
    assert titles == [room.ferry.title, room.bridge.title, room.other.title]
    entry = parsed.entries[1]
    assert entry.link.endswith(room.bridge.get_absolute_url())
    assert entry.id == f"broadsheet:article:{room.bridge.pk}"
    assert entry.summary == "The Harbour Bridge reopened on Friday after storm repairs."
    assert entry.author == "Jo Writer"
    assert [t.term for t in entry.tags] == ["HarbourBridge", "Storm"]
    assert entry.published_parsed[:4] == (2026, 11, 26, 8)
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


@pytest.mark.parametrize("kind", KINDS)
def test_item_without_summary_uses_description_then_body(client: Client, kind: str) -> None:
    make_article(title="Described", description="A short description.")
    make_article(title="Bare", body="Only a body here.\n\nAnd more.")
    parsed = _parse(client, reverse(f"news:feed-{kind}"), kind)
    by_title = {e.title: e for e in parsed.entries}
    assert by_title["Described"].summary == "A short description."
    assert by_title["Bare"].summary == "Only a body here. And more."


@pytest.mark.parametrize("kind", KINDS)
def test_text_is_escaped_not_markup(client: Client, kind: str) -> None:
    title = 'Tom & Jerry <script>alert("x")</script>'
    make_article(
        title=title,
        description="<b>bold</b> & <img src=x onerror=alert(1)>",
        byline="A <i>writer</i>",
    )
    response = client.get(reverse(f"news:feed-{kind}"))
    raw = response.content.decode()
    assert "<script>" not in raw and "<img" not in raw and "<b>" not in raw
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert entry.title == title
    # The summary is HTML that shows the characters, not elements.
    assert "&lt;b&gt;bold&lt;/b&gt;" in entry.summary
    assert "&lt;img" in entry.summary


@pytest.mark.parametrize("kind", KINDS)
def test_tag_feed(client: Client, room: Newsroom, kind: str) -> None:
    parsed = _parse(client, reverse(f"news:tag-feed-{kind}", args=["storm"]), kind)
    assert parsed.feed.title == "Broadsheet: #Storm"
    assert [e.title for e in parsed.entries] == [room.bridge.title]
    assert client.get(reverse(f"news:tag-feed-{kind}", args=["nope"])).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_entity_feed(client: Client, room: Newsroom, kind: str) -> None:
    parsed = _parse(client, reverse(f"news:entity-feed-{kind}", args=[room.lopez.pk]), kind)
    assert parsed.feed.title == "Broadsheet: Ana Lopez"
    assert [e.title for e in parsed.entries] == [room.ferry.title, room.bridge.title]


@pytest.mark.parametrize("kind", KINDS)
def test_story_feed_follows_a_merge(client: Client, room: Newsroom, kind: str) -> None:
    parsed = _parse(client, reverse(f"news:story-feed-{kind}", args=[room.story.pk]), kind)
    assert [e.title for e in parsed.entries] == [room.ferry.title, room.bridge.title]
    merged = make_story(label="Old name", merged_into=room.story, locked=True)
    followed = _parse(client, reverse(f"news:story-feed-{kind}", args=[merged.pk]), kind)
    assert [e.title for e in followed.entries] == [room.ferry.title, room.bridge.title]
    assert client.get(reverse(f"news:story-feed-{kind}", args=[987654])).status_code == 404


def test_feed_is_bounded(client: Client) -> None:
    from broadsheet.site.news.feeds import FEED_ITEMS

    for _ in range(FEED_ITEMS + 3):
        make_article()
    parsed = _parse(client, reverse("news:feed-rss"), "rss")
    assert len(parsed.entries) == FEED_ITEMS


def test_undated_articles_come_after_dated_ones(client: Client) -> None:
    dated = make_article(title="Dated")
    make_article(title="Undated", published=None)
    parsed = _parse(client, reverse("news:feed-atom"), "atom")
    assert [e.title for e in parsed.entries] == [dated.title, "Undated"]
