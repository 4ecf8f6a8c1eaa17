"""Who may write through the API: staff with a session (and a CSRF token) or a bearer token.

Reads are open. A write needs either ``Authorization: Bearer <BROADSHEET_API_TOKEN>``
(compared in constant time; token access is off while the setting is empty) or a
logged-in staff session that passes Django's CSRF check — the token path skips CSRF
because a browser never sends that header on its own. Failures are answered here as
401/403 in the API's error shape, since the exception tree has no "not allowed" error.
"""

from __future__ import annotations

import hmac

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware

from broadsheet import config

__all__ = ["write_denial"]


def _error(status: int, kind: str, message: str) -> JsonResponse:
    response = JsonResponse({"error": {"type": kind, "message": message}}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="broadsheet"'
    return response


def _csrf_checked_view(request: HttpRequest) -> HttpResponse:  # pragma: no cover
    # Stands for the real view, which is csrf_exempt: the check skips exempt callbacks.
    raise AssertionError("the CSRF check never calls the view")


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


def write_denial(request: HttpRequest) -> HttpResponse | None:
    """Return the response refusing a write, or None when the request may write.

    Args:
        request: the incoming request (its view is CSRF-exempt so the bearer path works;
            the CSRF check is made here for session writes).
    """
    token = _bearer(request)
    if token is not None:
        expected: str = config.get("BROADSHEET_API_TOKEN")
        if expected and hmac.compare_digest(token.encode(), expected.encode()):
            return None
        return _error(401, "AuthenticationFailed", "Authorization: the bearer token is not valid")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return _error(
            401,
            "AuthenticationRequired",
            "writes need a staff session or an `Authorization: Bearer` token",
        )
    if not user.is_staff:
        return _error(403, "PermissionDenied", "writes are for staff accounts only")
    csrf = CsrfViewMiddleware(_csrf_checked_view)
    rejection = csrf.process_view(request, _csrf_checked_view, (), {})
    if rejection is not None:
        return _error(403, "CsrfFailed", "CSRF check failed: send the X-CSRFToken header")
    return None
