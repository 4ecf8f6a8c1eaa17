"""Property test of the API from its own OpenAPI document (a small schemathesis).

For every GET operation, hypothesis draws path and query values — well-typed ones from
each parameter's schema, arbitrary text, and unknown parameter names — and checks that
the answer is never a server error, is JSON, and matches the schema documented for its
status code.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from tests.site.sample_newsroom import build_newsroom

from broadsheet.site.api.openapi import openapi_schema

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DOCUMENT = openapi_schema()
DOC_URI = "urn:broadsheet:openapi"
REGISTRY = Registry().with_resource(DOC_URI, Resource(DOCUMENT, DRAFT202012))
GETS = [
    (path, item["get"]) for path, item in sorted(DOCUMENT["paths"].items()) if "get" in item
]

_text = st.text(st.characters(codec="utf-8"), max_size=30)


def _value(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    typed: st.SearchStrategy[str]
    if schema.get("type") == "integer":
        typed = st.integers(min_value=-5, max_value=2**70).map(str)
    else:
        typed = st.sampled_from(
            ["storm", "harbourbridge", "local", "bridge ferry", "2026-11-26", "2026-11-26T08:00Z",
             '"', "NEAR(a b)", "x" * 600, "\x00", "%"]
        )
    return st.one_of(typed, _text)


@st.composite
def _requests(draw: st.DrawFn, path: str, operation: dict[str, Any]) -> str:
    url = "/api" + path
    query: dict[str, str] = {}
    for param in operation["parameters"]:
        if param["in"] == "path":
            raw = draw(_value(param["schema"]).filter(lambda v: v.strip() != ""))
            url = url.replace("{" + param["name"] + "}", quote(raw, safe=""))
        elif draw(st.booleans()):
            query[param["name"]] = draw(_value(param["schema"]))
    if draw(st.integers(0, 9)) == 0:
        query[draw(st.text("abcxyz", min_size=1, max_size=6))] = "1"
    return url + ("?" + urlencode(query) if query else "")


def _check(client: Client, url: str, operation: dict[str, Any]) -> None:
    response = client.get(url)
    assert response.status_code < 500, url
    assert response["Content-Type"] == "application/json", url
    body = json.loads(response.content)
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, (url, response.status_code, body)
    ref = documented["content"]["application/json"]["schema"]["$ref"]
    validator = Draft202012Validator({"$ref": DOC_URI + ref}, registry=REGISTRY)
    errors = [e.message for e in validator.iter_errors(body)]
    assert not errors, (url, errors)


@pytest.mark.parametrize(("path", "operation"), GETS, ids=[p for p, _ in GETS])
def test_get_operations_answer_as_documented(
    client: Client, path: str, operation: dict[str, Any]
) -> None:
    build_newsroom()

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_requests(path, operation))
    def run(url: str) -> None:
        _check(client, url, operation)

    run()
