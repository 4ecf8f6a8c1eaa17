"""Who may write through the API: staff with a session (and a CSRF token) or a bearer token.

Reads are open. A write needs either ``Authorization: Bearer <BROADSHEET_API_TOKEN>``
(compared in constant time; token access is off while the setting is empty) or a
logged-in staff session that passes Django's CSRF check — the token path skips CSRF
because a browser never sends that header on its own. A signed-in user who may not
write (not staff, or no CSRF token) gets :class:`~broadsheet.errors.PermissionDenied`,
which the error middleware turns into a 403. Missing or wrong credentials are answered
here as a 401 in the API's error shape: the exception tree has no "who are you" error,
and a 401 must carry ``WWW-Authenticate``.
"""

from __future__ import annotations

import hmac

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware

from broadsheet import config
from broadsheet.errors import PermissionDenied

__all__ = ["write_denial"]


def _unauthorized(kind: str, message: str) -> JsonResponse:
    response = JsonResponse({"error": {"type": kind, "message": message}}, status=401)
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
    """Return the 401 refusing a write, or None when the request may write.

    Args:
        request: the incoming request (its view is CSRF-exempt so the bearer path works;
            the CSRF check is made here for session writes).

    Raises:
        PermissionDenied: the user is signed in but not staff, or the CSRF check failed.
    """
    token = _bearer(request)
    if token is not None:
        expected: str = config.get("BROADSHEET_API_TOKEN")
        if expected and hmac.compare_digest(token.encode(), expected.encode()):
            return None
        return _unauthorized("AuthenticationFailed", "Authorization: the bearer token is not valid")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return _unauthorized(
            "AuthenticationRequired",
            "writes need a staff session or an `Authorization: Bearer` token",
        )
    if not user.is_staff:
        raise PermissionDenied("writes are for staff accounts only", input="user")
    csrf = CsrfViewMiddleware(_csrf_checked_view)
    rejection = csrf.process_view(request, _csrf_checked_view, (), {})
    if rejection is not None:
        raise PermissionDenied("CSRF check failed: send the X-CSRFToken header", input="csrf")
    return None
