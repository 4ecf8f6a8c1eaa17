"""The OpenAPI document: complete, well-formed, and true of real responses."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from tests.site.sample_newsroom import Newsroom, build_newsroom

from broadsheet.site.api.openapi import openapi_schema
from broadsheet.site.api.params import cursor_decode, cursor_encode

pytestmark = pytest.mark.django_db

DOC_URI = "urn:broadsheet:openapi"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_schema()


def _api_patterns() -> list[URLPattern]:
    resolver = get_resolver()
    (api,) = [p for p in resolver.url_patterns if getattr(p, "namespace", None) == "api"]
    return [p for p in api.url_patterns if p.name != "unknown"]


def _as_openapi(pattern: URLPattern) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def _validator(document: dict[str, Any], component: str) -> Draft202012Validator:
    registry = Registry().with_resource(DOC_URI, Resource(document, DRAFT202012))
    schema = {"$ref": f"{DOC_URI}#/components/schemas/{component}"}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def test_every_api_url_pattern_is_described(document: dict[str, Any]) -> None:
    described = set(document["paths"])
    patterns = {_as_openapi(p) for p in _api_patterns()}
    assert patterns == described


def test_document_is_openapi_31_with_valid_schemas(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    json.dumps(document)  # serialisable
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(document)))
    assert refs <= set(document["components"]["schemas"])
    operation_ids = [
        op["operationId"] for item in document["paths"].values() for op in item.values()
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_path_parameters_are_declared(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        in_path = set(re.findall(r"{(\w+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == in_path, path


def test_served_document_is_the_built_one(client: Client, document: dict[str, Any]) -> None:
    assert client.get("/api/openapi.json").json() == json.loads(json.dumps(document))


def _response_schema(document: dict[str, Any], path: str, method: str, status: int) -> str:
    operation = document["paths"][path][method]
    ref = operation["responses"][str(status)]["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[1]


def _cases(room: Newsroom) -> list[tuple[str, str, str, int]]:
    """(template path, real URL, method, status) for real requests of every endpoint."""
    return [
        ("/articles", "/api/articles", "get", 200),
        ("/articles", f"/api/articles?story={room.story.pk}&limit=1", "get", 200),
        ("/articles", "/api/articles?q=bridge", "get", 200),
        ("/articles", "/api/articles?limit=500", "get", 400),
        ("/articles/{article_id}", f"/api/articles/{room.bridge.pk}", "get", 200),
        ("/articles/{article_id}", f"/api/articles/{room.copy.pk}", "get", 200),
        ("/articles/{article_id}", "/api/articles/x", "get", 400),
        ("/articles/{article_id}", "/api/articles/99999", "get", 404),
        ("/stories", "/api/stories", "get", 200),
        ("/stories/{story_id}", f"/api/stories/{room.story.pk}", "get", 200),
        ("/stories/{story_id}", "/api/stories/99999", "get", 404),
        ("/entities/{entity_id}", f"/api/entities/{room.lopez.pk}", "get", 200),
        ("/entities/{entity_id}", f"/api/entities/{room.council.pk}", "get", 200),
        ("/tags/{slug}", "/api/tags/storm", "get", 200),
        ("/tags/{slug}", "/api/tags/none", "get", 404),
        ("/sources", "/api/sources", "get", 200),
        ("/openapi.json", "/api/openapi.json", "get", 200),
    ]


def test_real_responses_validate_against_their_schemas(
    client: Client, document: dict[str, Any]
) -> None:
    room = build_newsroom()
    covered = set()
    for template, url, method, status in _cases(room):
        response = client.generic(method.upper(), url)
        assert response.status_code == status, (url, response.content)
        component = _response_schema(document, template, method, status)
        errors = list(_validator(document, component).iter_errors(response.json()))
        assert not errors, (url, [e.message for e in errors])
        covered.add((template, method))
    described = {(path, m) for path, item in document["paths"].items() for m in item if m == "get"}
    assert described <= covered


def test_write_responses_validate(
    client: Client, document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_API_TOKEN", "tok-123456")
    body = {"url": "https://schema.example/rss", "folder": "Tests"}
    request_errors = list(_validator(document, "SourceCreate").iter_errors(body))
    assert not request_errors
    for status, headers in (
        (201, {"Authorization": "Bearer tok-123456"}),
        (409, {"Authorization": "Bearer tok-123456"}),
        (401, {}),
    ):
        response = client.post(
            "/api/sources", json.dumps(body), content_type="application/json", headers=headers
        )
        assert response.status_code == status
        component = _response_schema(document, "/sources", "post", status)
        assert not list(_validator(document, component).iter_errors(response.json()))


def test_a_drifted_response_would_fail(document: dict[str, Any]) -> None:
    # The schemas are closed: an unexpected key or a missing one is an error.
    validator = _validator(document, "Source")
    good = {
        "id": 1, "name": "n", "kind": "feed", "url": None, "site_url": "", "folder": "",
        "active": True, "last_polled_at": None, "last_success_at": None,
        "failure_count": 0, "failing": False,
    }
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "extra": 1})
    assert not validator.is_valid({k: v for k, v in good.items() if k != "failing"})


def test_cursor_round_trips() -> None:
    from datetime import UTC, datetime

    from broadsheet.site.api.params import Cursor

    cursor = Cursor(datetime(2026, 11, 27, 9, 30, 1, 5, tzinfo=UTC), 42)
    assert cursor_decode(cursor_encode(cursor)) == cursor
