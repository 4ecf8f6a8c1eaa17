"""The OpenAPI 3.1 document of the JSON API, built from the route declarations.

Paths, parameters, request bodies and responses come from :data:`views.ROUTES` (the
same declarations the views parse requests with) and schemas from
:data:`schemas.COMPONENTS`, so what is documented is what runs. Served at
``/api/openapi.json``; building it reads no database.
"""

from __future__ import annotations

from typing import Any

from broadsheet.site.api.endpoints import Operation, Route, openapi_path
from broadsheet.site.api.schemas import COMPONENTS

__all__ = ["OPENAPI_VERSION", "openapi_schema"]

OPENAPI_VERSION = "3.1.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _operation(route: Route, method: str, operation: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, (description, schema) in sorted(operation.responses.items()):
        response: dict[str, Any] = {"description": description}
        if schema is not None:
            response["content"] = {"application/json": {"schema": _ref(schema)}}
        responses[str(status)] = response
    document: dict[str, Any] = {
        "operationId": f"{method.lower()}_{route.name.replace('-', '_')}",
        "summary": operation.summary,
        "parameters": [param.openapi() for param in operation.params],
        "responses": responses,
    }
    if operation.request_schema is not None:
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(operation.request_schema)}},
        }
    if operation.write:
        document["security"] = [{"bearer": []}, {"session": []}]
    return document


def openapi_schema() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document as a JSON-ready dict."""
    from broadsheet.site.api.views import ROUTES  # views import this module lazily too

    paths: dict[str, Any] = {}
    for route in ROUTES:
        paths[openapi_path(route.path)] = {
            method.lower(): _operation(route, method, operation)
            for method, operation in route.operations.items()
        }
    return {
        "openapi": OPENAPI_VERSION,
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Broadsheet API",
            "version": "1",
            "description": "Articles, stories, entities, tags and sources of a Broadsheet "
            "news desk. Reads are open; writes need a staff session (with the CSRF token "
            "in X-CSRFToken) or `Authorization: Bearer <BROADSHEET_API_TOKEN>`. Every 4xx "
            "body is an Error naming the parameter or field at fault.",
        },
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": COMPONENTS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
        },
    }
