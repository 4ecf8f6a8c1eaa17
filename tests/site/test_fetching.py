"""Feed polling from the site against a real HTTP server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from broadsheet.site.news.fetching import feeds_due, feeds_poll
from broadsheet.site.news.models import Article, Document, Source
from broadsheet.site.news.services import document_process, source_add

DATA = Path(__file__).resolve().parent.parent / "data" / "site"

pytestmark = pytest.mark.django_db(transaction=True)


class _Site:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None]] = []
        self.broken = False
        self.base = ""


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Site]:
    state = _Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            state.requests.append((self.path, self.headers.get("If-None-Match")))
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            if self.path == "/feed.rss":
                if state.broken:
                    body = b"<html>maintenance</html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                elif self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                else:
                    body = (
                        (DATA / "feed.rss")
                        .read_text()
                        .replace("HOST", self.headers["Host"])
                        .encode()
                    )
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("ETag", '"v1"')
            elif self.path == "/news/harbour-bridge-reopens":
                body = (DATA / "wire-original.html").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("BROADSHEET_FETCH_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("BROADSHEET_FETCH_HOST_DELAY", "0")
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def test_poll_stores_each_item_once_and_uses_conditional_get(site: _Site) -> None:
    source, _ = source_add(url=f"{site.base}/feed.rss", name="Coast Herald")
    results = feeds_poll(sources=feeds_due())
    assert [(r.status, r.new) for r in results] == [("ok", 3)]
    assert Document.objects.filter(source=source).count() == 3
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.failure_count == 0
    assert source.next_poll_at is not None

    # the teaser item's page was fetched; the full-text items were not
    paths = [path for path, _ in site.requests]
    assert "/news/harbour-bridge-reopens" in paths
    assert "/news/ferry-timetable" not in paths

    again = feeds_poll(sources=[source])
    assert [(r.status, r.new) for r in again] == [("not-modified", 0)]
    assert ("/feed.rss", '"v1"') in site.requests
    assert Document.objects.count() == 3

    for document in Document.objects.all():
        outcome = document_process(document_id=document.pk)
        assert outcome.article is not None, outcome.error
    titles = set(Article.objects.values_list("title", flat=True))
    assert "Harbour bridge reopens after storm repairs" in titles
    assert "Ferry timetable changes for the winter" in titles
    bridge = Article.objects.get(title="Harbour bridge reopens after storm repairs")
    assert "three weeks after a winter storm" in bridge.body  # the full page, not the teaser


def test_a_failing_feed_backs_off_and_keeps_its_error(site: _Site) -> None:
    site.broken = True
    source, _ = source_add(url=f"{site.base}/feed.rss", name="Coast Herald")
    results = feeds_poll(sources=[source])
    assert results[0].status == "error" and results[0].error
    source.refresh_from_db()
    assert source.failure_count == 1
    assert source.last_error
    first_interval = source.poll_interval
    feeds_poll(sources=[source])
    source.refresh_from_db()
    assert source.failure_count == 2
    assert source.poll_interval > first_interval
    assert Document.objects.count() == 0
    assert feeds_due() == []  # not due again until its back-off has passed


def test_source_add_rejects_what_is_not_a_url() -> None:
    from broadsheet.errors import InputError

    with pytest.raises(InputError, match="not an http"):
        source_add(url="ftp://example.org/feed")
    assert Source.objects.count() == 0
