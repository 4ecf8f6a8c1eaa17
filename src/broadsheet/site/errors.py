"""The one place where application errors become HTTP responses.

A :class:`~broadsheet.errors.BroadsheetError` escaping a view becomes a 4xx: JSON for the
API (``/api/...``), a plain page otherwise. Views stay thin and simply let them raise.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from broadsheet.errors import (
    BroadsheetError,
    ConflictError,
    InputError,
    NotFound,
    PermissionDenied,
)


def status_for(error: BroadsheetError) -> int:
    """The HTTP status for an application error."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, InputError):
        return 400
    return 422


class BroadsheetErrorMiddleware:
    """Turn a BroadsheetError raised by a view into a clear 4xx response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BroadsheetError):
            return None
        status = status_for(exception)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"type": type(exception).__name__, "message": str(exception)}},
                status=status,
            )
        response = TemplateResponse(
            request, "error.html", {"error": exception, "status": status}, status=status
        )
        return response.render()
