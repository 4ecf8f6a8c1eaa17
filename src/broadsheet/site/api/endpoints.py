"""Declared API endpoints: a route is a path plus one operation per HTTP method.

An :class:`Operation` carries its handler, its parameters, its request-body and response
schemas and whether it writes. :class:`Route` turns its operations into one Django view
(parsing parameters, checking write access, answering 405 for other methods) and
:mod:`broadsheet.site.api.openapi` turns the same declarations into the OpenAPI
document. Handlers receive parsed values and never see raw query strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from broadsheet.errors import InputError
from broadsheet.site.api.access import write_denial
from broadsheet.site.api.params import Param, ParsedParams, parse_params

__all__ = ["MAX_BODY_BYTES", "Operation", "Route", "openapi_path"]

#: Largest JSON body a write accepts. A source is under 3 kB of fields; 64 kB leaves
#: room for any later write without letting a client make us parse megabytes.
MAX_BODY_BYTES = 64 * 1024

Handler = Callable[..., HttpResponse]


@dataclass(frozen=True, slots=True)
class Operation:
    """One HTTP method on a route.

    Attributes:
        handler: ``handler(request, params)`` or, with a body, ``handler(request,
            params, body)``; returns the response.
        summary: one line for the schema.
        params: path and query parameters.
        responses: status code -> (description, component schema name or None).
        request_schema: component name of the JSON body, if the operation takes one.
        write: only staff sessions or the bearer token may call it.
    """

    handler: Handler
    summary: str
    params: tuple[Param, ...] = ()
    responses: Mapping[int, tuple[str, str | None]] = field(default_factory=dict)
    request_schema: str | None = None
    write: bool = False


def _decode_body(request: HttpRequest) -> Any:
    if len(request.body) > MAX_BODY_BYTES:
        raise InputError(f"larger than {MAX_BODY_BYTES} bytes", input="body")
    try:
        return json.loads(request.body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", input="body") from exc


@dataclass(frozen=True, slots=True)
class Route:
    """A URL path (Django syntax, relative to ``/api/``) and its operations by method."""

    path: str
    name: str
    operations: Mapping[str, Operation]

    def view(self) -> Callable[..., HttpResponse]:
        """The Django view serving every declared method of this route."""

        # CSRF is checked by write_denial for session writes; bearer-token writes and
        # reads need none.
        @csrf_exempt
        def dispatch(request: HttpRequest, **path_values: str) -> HttpResponse:
            method = request.method or ""
            if method == "HEAD" and "GET" in self.operations:
                method = "GET"  # the server drops the body
            operation = self.operations.get(method)
            if operation is None:
                allowed = ", ".join(sorted(self.operations))
                response = JsonResponse(
                    {
                        "error": {
                            "type": "MethodNotAllowed",
                            "message": f"{request.method}: use {allowed}",
                        }
                    },
                    status=405,
                )
                response["Allow"] = allowed
                return response
            if operation.write:
                denial = write_denial(request)
                if denial is not None:
                    return denial
            params: ParsedParams = parse_params(operation.params, request.GET, path_values)
            if operation.request_schema is not None:
                return operation.handler(request, params, _decode_body(request))
            return operation.handler(request, params)

        dispatch.__name__ = f"api_{self.name.replace('-', '_')}"
        return dispatch


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def openapi_path(django_path: str) -> str:
    """``articles/<str:article_id>`` -> ``/articles/{article_id}``."""
    return "/" + _CONVERTER.sub(r"{\1}", django_path)
