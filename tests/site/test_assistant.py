"""The optional LLM assistant on the article page, against a loopback chat server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from broadsheet.pipeline.enrich import Enricher
from broadsheet.site.news.models import Article
from broadsheet.site.news.services import article_ingest
from broadsheet.types import FeedHints, RawDocument

pytestmark = pytest.mark.django_db

BODY = (
    "The council approved the harbour plan on Tuesday.\n\n"
    "Work will start in the spring, the council said.\n\n"
    "The mayor said the plan was long overdue."
)


class Chat:
    def __init__(self) -> None:
        self.replies: list[str] = []
        self.prompts: list[list[dict[str, Any]]] = []
        chat = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                chat.prompts.append(json.loads(self.rfile.read(length))["messages"])
                content = chat.replies.pop(0)
                body = json.dumps({"choices": [{"message": {"content": content}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"


@pytest.fixture
def chat(monkeypatch: pytest.MonkeyPatch) -> Iterator[Chat]:
    server = Chat()
    monkeypatch.setenv("BROADSHEET_LLM_URL", server.url)
    cache.clear()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture
def article() -> Article:
    raw = RawDocument(
        content=BODY,
        name="harbour.txt",
        url="https://coast.example/harbour-plan",
        input_format="article-text",
        hints=FeedHints(title="Harbour plan approved"),
    )
    stored = article_ingest(raw=raw, enricher=Enricher()).article
    assert stored is not None and stored.sentences
    return stored


def test_without_an_endpoint_nothing_is_offered(client: Client, article: Article) -> None:
    page = client.get(reverse("news:article", args=[article.pk])).content.decode()
    assert "Ask about this article" not in page
    response = client.post(reverse("news:ask", args=[article.pk]), {"question": "When?"})
    assert response.status_code == 404


def test_a_cited_answer_is_shown_with_its_sentences(chat: Chat, article: Article) -> None:
    client = Client()
    page = client.get(reverse("news:article", args=[article.pk])).content.decode()
    assert "Ask about this article" in page
    chat.replies.append("Work starts in the spring [2].")
    response = client.post(
        reverse("news:ask", args=[article.pk]), {"question": "When does work start?"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Work starts in the spring" in html
    assert "Work will start in the spring, the council said." in html  # the cited sentence
    assert f"{reverse('news:article', args=[article.pk])}#s2" in html
    prompt = json.dumps(chat.prompts[0])
    assert "The mayor said the plan was long overdue." in prompt
    assert "When does work start?" in prompt


def test_an_answer_citing_nothing_is_not_shown(chat: Chat, article: Article) -> None:
    chat.replies.append("Probably next year, I would guess.")
    response = Client().post(reverse("news:ask", args=[article.pk]), {"question": "When?"})
    html = response.content.decode()
    assert "Probably next year" not in html
    assert "not shown" in html


def test_summary_is_cached_and_empty_questions_are_refused(chat: Chat, article: Article) -> None:
    chat.replies.append("The council approved the plan [1]; the mayor welcomed it [3].")
    first = Client().post(reverse("news:abstract", args=[article.pk]))
    second = Client().post(reverse("news:abstract", args=[article.pk]))
    assert first.status_code == second.status_code == 200
    assert "the mayor welcomed it" in second.content.decode()
    assert len(chat.prompts) == 1  # the second came from the cache
    empty = Client().post(reverse("news:ask", args=[article.pk]), {"question": "   "})
    assert empty.status_code == 400
    assert len(chat.prompts) == 1


def test_forms_need_the_csrf_token(chat: Chat, article: Article) -> None:
    strict = Client(enforce_csrf_checks=True)
    User.objects.create_user("reader", password="a long enough password")
    response = strict.post(reverse("news:ask", args=[article.pk]), {"question": "When?"})
    assert response.status_code == 403
