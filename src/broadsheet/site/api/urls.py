"""URL map of the api app: one pattern per declared route, then a JSON 404 for the rest."""

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path

from broadsheet.errors import NotFound
from broadsheet.site.api.views import ROUTES

app_name = "api"


def unknown_endpoint(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other path under /api/: a JSON 404 (via the error middleware), not an HTML page."""
    raise NotFound("no such endpoint (see /api/openapi.json)", input=request.path)


urlpatterns = [path(route.path, route.view(), name=route.name) for route in ROUTES] + [
    # (?s): a path may hold an encoded newline, which "." alone would not match.
    re_path(r"^(?P<rest>(?s:.*))$", unknown_endpoint, name="unknown")
]
