"""The JSON API's reads: lists, filters, search, pagination, details and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.site.factories import make_article
from tests.site.sample_newsroom import Newsroom, build_newsroom

from broadsheet.site.api.selectors import fts5_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def room() -> Newsroom:
    return build_newsroom()


def _get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def _titles(data: dict[str, Any]) -> list[str]:
    return [item["title"] for item in data["items"]]


def test_article_list_is_newest_first(client: Client, room: Newsroom) -> None:
    data = _get(client, "/api/articles")
    assert _titles(data) == [
        room.ferry.title, room.copy.title, room.bridge.title, room.other.title,
    ]
    assert data["next"] is None
    first = data["items"][0]
    assert first["source"] == {"id": room.gazette.pk, "name": "Bay Gazette"}
    assert first["story_id"] == room.story.pk
    assert [h["slug"] for h in first["hashtags"]] == ["harbourbridge"]
    copy = next(i for i in data["items"] if i["id"] == room.copy.pk)
    assert copy["duplicate_of"] == room.bridge.pk


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source={herald}", ["bridge", "other"]),
        ("section=politics", ["other"]),
        ("tag=storm", ["bridge"]),
        ("tag=harbourbridge", ["ferry", "bridge"]),
        ("entity={lopez}", ["ferry", "bridge"]),
        ("story={story}", ["ferry", "bridge"]),
        ("since=2026-11-26T08:30:00Z", ["ferry", "copy"]),
        ("until=2026-11-26", ["other"]),
        ("since=2026-11-21&until=2026-11-26T12:00:00%2B00:00", ["copy", "bridge"]),
        ("q=ferries", ["ferry"]),
        ("q=council+budget", ["other"]),
        ("q=storm", ["copy", "bridge"]),
        ("q=storm&source={herald}", ["bridge"]),
    ],
)
def test_article_filters(client: Client, room: Newsroom, query: str, expected: list[str]) -> None:
    url = "/api/articles?" + query.format(
        herald=room.herald.pk, lopez=room.lopez.pk, story=room.story.pk
    )
    data = _get(client, url)
    assert _titles(data) == [getattr(room, name).title for name in expected]


@pytest.mark.parametrize(
    "text",
    ['"', "AND", "NEAR(", "title:", "*", "a OR", "'; DROP TABLE news_article; --", "ünïcödé"],
)
def test_search_never_fails_on_operator_text(client: Client, room: Newsroom, text: str) -> None:
    response = client.get("/api/articles", {"q": text})
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert response.json()["error"]["message"].startswith("q:")


def test_search_of_punctuation_only_names_q(client: Client, room: Newsroom) -> None:
    data = _get(client, "/api/articles?q=%21%21%21", status=400)
    assert data["error"]["type"] == "InputError"
    assert data["error"]["message"].startswith("q:")


def test_fts5_query_quotes_every_term() -> None:
    assert fts5_query('say "hi" NEAR') == '"say" """hi""" "NEAR"'


def test_cursor_pagination_visits_every_article_once(client: Client) -> None:
    made = [make_article() for _ in range(7)]
    seen: list[int] = []
    url: str | None = "/api/articles?limit=3"
    pages = 0
    while url:
        data = _get(client, url)
        assert len(data["items"]) <= 3
        seen.extend(item["id"] for item in data["items"])
        url = data["next"]
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(a.pk for a in made)
    assert len(set(seen)) == len(seen)


def test_pagination_keeps_filters(client: Client, room: Newsroom) -> None:
    data = _get(client, f"/api/articles?story={room.story.pk}&limit=1")
    assert "story=" in data["next"] and "cursor=" in data["next"]
    second = _get(client, data["next"])
    assert _titles(second) == [room.bridge.title]
    assert second["next"] is None


def test_articles_with_the_same_time_page_by_id(client: Client) -> None:
    when = make_article().published
    same = [make_article(published=when) for _ in range(4)]
    ids: list[int] = []
    url: str | None = "/api/articles?limit=2"
    while url:
        data = _get(client, url)
        ids.extend(item["id"] for item in data["items"])
        url = data["next"]
    assert len(ids) == 5 and len(set(ids)) == 5
    assert {a.pk for a in same} <= set(ids)


def test_search_pages_through_every_match_once(client: Client) -> None:
    body = "A zebra crossing was painted.\n\nThe zebra stayed."
    dated = [make_article(body=body + f" {n}") for n in range(4)]
    undated = [make_article(body=body + f" u{n}", published=None) for n in range(3)]
    make_article(body="Nothing to see.\n\nStill nothing.")
    ids: list[int] = []
    url: str | None = "/api/articles?q=zebra&limit=2"
    while url:
        data = _get(client, url)
        ids.extend(item["id"] for item in data["items"])
        url = data["next"]
    assert ids == [a.pk for a in dated] + sorted((a.pk for a in undated), reverse=True)


def test_undated_articles_page_last(client: Client) -> None:
    dated = [make_article() for _ in range(3)]
    undated = [make_article(published=None) for _ in range(4)]
    ids: list[int] = []
    url: str | None = "/api/articles?limit=2"
    while url:
        data = _get(client, url)
        ids.extend(item["id"] for item in data["items"])
        url = data["next"]
    assert ids == [a.pk for a in dated] + sorted((a.pk for a in undated), reverse=True)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("source=abc", "source"),
        ("source=999999", "source"),
        ("tag=no-such-tag", "tag"),
        ("entity=999999", "entity"),
        ("story=-1", "story"),
        ("since=yesterday", "since"),
        ("until=2026-02-30", "until"),
        ("since=2026-11-27&until=2026-11-01", "since"),
        ("cursor=not-a-cursor", "cursor"),
        ("colour=blue", "colour"),
        ("limit=1&limit=2", "limit"),
    ],
)
def test_bad_list_parameters_are_400_naming_the_parameter(
    client: Client, room: Newsroom, query: str, parameter: str
) -> None:
    data = _get(client, f"/api/articles?{query}", status=400)
    assert data["error"]["message"].startswith(f"{parameter}:"), data


def test_article_detail(client: Client, room: Newsroom) -> None:
    data = _get(client, f"/api/articles/{room.bridge.pk}")
    assert data["title"] == room.bridge.title
    assert data["body"] == room.bridge.body
    assert data["story_id"] == room.story.pk
    assert data["comments_count"] == 1  # the hidden comment does not count
    assert [e["name"] for e in data["entities"]] == ["Ana Lopez"]
    mention = data["entities"][0]["mentions"][0]
    assert data["body"][mention["start"] : mention["end"]] == "Ana Lopez"
    quote = data["quotes"][0]
    assert data["body"][quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker_entity_id"] == room.lopez.pk
    assert [h["hashtag"] for h in data["hashtags"]] == ["#HarbourBridge", "#Storm"]
    assert data["summary"][0]["text"].startswith("The Harbour Bridge reopened")
    assert data["lead"] == data["summary"][0]["text"]
    assert data["related"][0]["url"] == "https://baygazette.example/ferries"
    assert data["duplicate_of"] is None


def test_copy_points_at_its_original(client: Client, room: Newsroom) -> None:
    assert _get(client, f"/api/articles/{room.copy.pk}")["duplicate_of"] == room.bridge.pk


@pytest.mark.parametrize("kind", ["articles", "stories", "entities"])
def test_detail_ids_are_checked(client: Client, kind: str) -> None:
    bad = _get(client, f"/api/{kind}/abc", status=400)
    assert bad["error"]["message"].split(":")[0].endswith("_id")
    missing = _get(client, f"/api/{kind}/987654", status=404)
    assert missing["error"]["type"] == "NotFound"


def test_story_detail(client: Client, room: Newsroom) -> None:
    data = _get(client, f"/api/stories/{room.story.pk}")
    assert data["label"] == "Harbour Bridge reopens"
    assert [a["id"] for a in data["articles"]] == [room.bridge.pk, room.ferry.pk]
    assert [t["article_id"] for t in data["timeline"]] == [room.bridge.pk, room.ferry.pk]
    assert data["timeline"][0]["time"].startswith("2026-11-26T08:00:00")
    (group,) = data["quotes_by_speaker"]
    assert group["speaker"] == "Ana Lopez" and group["entity_id"] == room.lopez.pk
    assert len(group["quotes"]) == 2


def test_story_list_leaves_out_merged_stories(client: Client, room: Newsroom) -> None:
    from tests.site.factories import make_story

    gone = make_story(label="Merged away", merged_into=room.story, locked=True)
    data = _get(client, "/api/stories")
    ids = [item["id"] for item in data["items"]]
    assert room.story.pk in ids and gone.pk not in ids
    assert _get(client, f"/api/stories/{gone.pk}")["merged_into"] == room.story.pk


def test_entity_detail(client: Client, room: Newsroom) -> None:
    data = _get(client, f"/api/entities/{room.lopez.pk}")
    assert data["name"] == "Ana Lopez" and data["type"] == "person"
    assert [a["key"] for a in data["aliases"]] == ["person:lopez"]
    assert {a["id"] for a in data["articles"]} == {room.bridge.pk, room.ferry.pk}
    assert len(data["quotes"]) == 2
    follow = _get(client, data["articles_url"])
    assert {i["id"] for i in follow["items"]} == {room.bridge.pk, room.ferry.pk}


def test_tag_detail(client: Client, room: Newsroom) -> None:
    data = _get(client, "/api/tags/harbourbridge")
    assert data["hashtag"] == "#HarbourBridge"
    assert [a["id"] for a in data["articles"]] == [room.ferry.pk, room.bridge.pk]
    assert _get(client, "/api/tags/nope", status=404)["error"]["type"] == "NotFound"


def test_source_list(client: Client, room: Newsroom) -> None:
    data = _get(client, "/api/sources")
    by_name = {s["name"]: s for s in data["items"]}
    assert by_name["Bay Gazette"]["failing"] is True
    assert by_name["Coast Herald"]["failing"] is False


def test_unknown_endpoint_is_a_json_404(client: Client) -> None:
    assert _get(client, "/api/nothing-here", status=404)["error"]["type"] == "NotFound"


def test_wrong_method_is_a_json_405(client: Client, room: Newsroom) -> None:
    response = client.delete(f"/api/articles/{room.bridge.pk}")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"]["type"] == "MethodNotAllowed"


def test_head_is_answered_like_get(client: Client, room: Newsroom) -> None:
    response = client.head("/api/articles")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", ["/api/tags/%2F%0A", "/api/x%0Ay", "/api/articles/1%0A"])
def test_odd_paths_are_json_404s(client: Client, path: str) -> None:
    assert _get(client, path, status=404)["error"]["type"] == "NotFound"
