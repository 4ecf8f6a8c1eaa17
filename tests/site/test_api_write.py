"""Writes through the API: who may add a source, and how bad input is answered."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from broadsheet.site.news.models import Source

pytestmark = pytest.mark.django_db

TOKEN = "test-token-0123456789"
NEW = {"url": "https://newsite.example/feed.xml", "name": "New Site", "folder": "World"}


def _post(client: Client, payload: Any, **headers: str) -> Any:
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post("/api/sources", body, content_type="application/json", headers=headers)


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BROADSHEET_API_TOKEN", TOKEN)
    return TOKEN


@pytest.fixture
def staff_client() -> Client:
    user = get_user_model().objects.create_user("editor", password="pw-editor-123", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _csrf(client: Client) -> str:
    client.get("/admin/")  # a page with a form: Django sets the csrftoken cookie
    return client.cookies["csrftoken"].value


def test_bearer_token_creates_a_source(client: Client, token: str) -> None:
    response = _post(client, NEW, Authorization=f"Bearer {token}")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["url"] == NEW["url"] and data["name"] == "New Site" and data["kind"] == "feed"
    source = Source.objects.get(pk=data["id"])
    assert source.folder == "World"


def test_name_defaults_to_the_host(client: Client, token: str) -> None:
    response = _post(client, {"url": "https://hostonly.example/rss"},
                     Authorization=f"Bearer {token}")
    assert response.status_code == 201
    assert response.json()["name"] == "hostonly.example"


def test_anonymous_write_is_401(client: Client) -> None:
    response = _post(client, NEW)
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "AuthenticationRequired"
    assert not Source.objects.exists()


def test_wrong_token_is_401(client: Client, token: str) -> None:
    response = _post(client, NEW, Authorization="Bearer wrong")
    assert response.status_code == 401
    assert not Source.objects.exists()


def test_token_access_is_off_when_the_setting_is_empty(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_API_TOKEN", "")
    assert _post(client, NEW, Authorization="Bearer ").status_code == 401


def test_non_staff_session_is_403(client: Client) -> None:
    user = get_user_model().objects.create_user("reader", password="pw-reader-123")
    client.force_login(user)
    assert _post(client, NEW).status_code == 403


def test_staff_session_needs_the_csrf_token(staff_client: Client) -> None:
    refused = _post(staff_client, NEW)
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "PermissionDenied"
    assert refused.json()["error"]["message"].startswith("csrf:")
    token = _csrf(staff_client)
    accepted = _post(staff_client, NEW, **{"X-CSRFToken": token})
    assert accepted.status_code == 201, accepted.content


def test_duplicate_is_409(client: Client, token: str) -> None:
    assert _post(client, NEW, Authorization=f"Bearer {token}").status_code == 201
    again = _post(client, NEW, Authorization=f"Bearer {token}")
    assert again.status_code == 409
    assert again.json()["error"]["message"].startswith("url:")
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "url"),
        ({"url": ""}, "url"),
        ({"url": 42}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://files.example/feed"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://"}, "url"),
        ({"url": "https://ok.example/" + "a" * 2000}, "url"),
        ({"url": "https://ok.example/", "name": ["x"]}, "name"),
        ({"url": "https://ok.example/", "folder": "f" * 201}, "folder"),
        ({"url": "https://ok.example/", "kind": "podcast"}, "kind"),
        ({"url": "https://ok.example/", "colour": "blue"}, "colour"),
        ([NEW], "body"),
        ("{not json", "body"),
        ("null", "body"),
    ],
)
def test_bad_source_is_400_naming_the_field(
    client: Client, token: str, payload: Any, field: str
) -> None:
    response = _post(client, payload, Authorization=f"Bearer {token}")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["message"].startswith(f"{field}:")
    assert not Source.objects.exists()


def test_the_same_feed_spelled_differently_is_a_duplicate(client: Client, token: str) -> None:
    assert _post(client, NEW, Authorization=f"Bearer {token}").status_code == 201
    respelled = {"url": "HTTPS://NewSite.Example:443/feed.xml#top"}
    response = _post(client, respelled, Authorization=f"Bearer {token}")
    assert response.status_code == 409, response.content
    assert Source.objects.count() == 1
