"""The optional LLM client against a real loopback chat-completions server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from broadsheet.errors import FetchError, FetchTimeout, HTTPStatusError
from broadsheet.fetch.llm import LLMClient, LLMSettings, llm_from_settings
from broadsheet.pipeline.enrich.grounding import UngroundedAnswer
from broadsheet.types import Article, EnrichedArticle, Paragraph, Sentence

BODY = ("The council approved the harbour plan on Tuesday. "
        "Work will start in the spring. The mayor said it was overdue.")


def _enriched() -> EnrichedArticle:
    sentences = []
    start = 0
    for index, text in enumerate(["The council approved the harbour plan on Tuesday.",
                                  "Work will start in the spring.",
                                  "The mayor said it was overdue."]):
        start = BODY.index(text, start)
        sentences.append(Sentence(text, start, start + len(text), index, 0))
    article = Article(title="Harbour plan", body=BODY,
                      paragraphs=(Paragraph(BODY, 0, len(BODY)),),
                      url="https://example.invalid/secret-path")
    return EnrichedArticle(article=article, language="en", sentences=tuple(sentences))


class ChatServer:
    """A chat-completions server on 127.0.0.1 replying from a script of (status, body)."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, bytes]] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                server.requests.append(json.loads(self.rfile.read(length)))
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                server.paths.append(self.path)
                status, body = server.replies.pop(0)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.paths: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def reply(self, content: str, status: int = 200) -> None:
        body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        self.replies.append((status, json.dumps(body).encode()))


@pytest.fixture()
def chat() -> Iterator[ChatServer]:
    server = ChatServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def _client(chat: ChatServer, **kwargs: Any) -> LLMClient:
    return LLMClient(LLMSettings(chat.url, model="tiny", api_key="k-123", **kwargs))


def test_grounded_summary_is_accepted_and_prompt_holds_only_sentences(chat: ChatServer) -> None:
    chat.reply("The council approved the plan [1]; work starts in spring [2].")
    with _client(chat) as client:
        answer = client.summarize(_enriched())
    assert answer.citations == (1, 2)
    sent = chat.requests[0]
    assert chat.paths == ["/v1/chat/completions"]
    assert sent["model"] == "tiny"
    assert chat.headers[0]["authorization"] == "Bearer k-123"
    prompt = "\n".join(m["content"] for m in sent["messages"])
    assert "[1] The council approved the harbour plan on Tuesday." in prompt
    assert "[3] The mayor said it was overdue." in prompt
    assert "example.invalid" not in prompt and "Harbour plan" not in prompt


def test_answer_citing_nothing_is_rejected(chat: ChatServer) -> None:
    chat.reply("The harbour plan is a great idea.")
    with _client(chat) as client, pytest.raises(UngroundedAnswer, match="cites no sentence"):
        client.ask(_enriched(), "Is the plan good?")


def test_answer_citing_missing_sentence_is_rejected(chat: ChatServer) -> None:
    chat.reply("Work starts in spring [2], paid by the state [7].")
    with _client(chat) as client, pytest.raises(UngroundedAnswer, match=r"\[7\]"):
        client.ask(_enriched(), "Who pays?")


def test_question_is_in_prompt_and_ranges_expand(chat: ChatServer) -> None:
    chat.reply("It was approved on Tuesday and called overdue [1-3].")
    with _client(chat) as client:
        answer = client.ask(_enriched(), "When  was it\napproved?")
    assert answer.citations == (1, 2, 3)
    assert "Question: When was it approved?" in chat.requests[0]["messages"][-1]["content"]


def test_server_error_is_typed(chat: ChatServer) -> None:
    chat.replies.append((503, b'{"error": "overloaded"}'))
    with _client(chat) as client, pytest.raises(HTTPStatusError) as info:
        client.ask(_enriched(), "Why?")
    assert info.value.status == 503 and info.value.url and "/v1/chat/completions" in info.value.url


def test_reply_that_is_not_a_completion_is_typed(chat: ChatServer) -> None:
    chat.replies.append((200, b'{"unexpected": true}'))
    with _client(chat) as client, pytest.raises(FetchError, match="not a chat completion"):
        client.ask(_enriched(), "Why?")


def test_unreachable_server_is_typed() -> None:
    settings = LLMSettings("http://127.0.0.1:9/v1", timeout=2)  # discard port: closed
    with LLMClient(settings) as client, pytest.raises(FetchError) as info:
        client.complete([{"role": "user", "content": "hi"}])
    assert not isinstance(info.value, HTTPStatusError)


def test_timeout_is_typed(chat: ChatServer) -> None:
    release = threading.Event()
    original = chat.httpd.RequestHandlerClass.do_POST  # type: ignore[attr-defined]

    def slow(handler: BaseHTTPRequestHandler) -> None:
        release.wait(5)
        original(handler)

    chat.httpd.RequestHandlerClass.do_POST = slow  # type: ignore[attr-defined]
    chat.reply("late [1]")
    try:
        with _client(chat, timeout=0.3) as client, pytest.raises(FetchTimeout):
            client.ask(_enriched(), "Why?")
    finally:
        release.set()


def test_without_the_setting_nothing_is_built() -> None:
    assert llm_from_settings({}) is None
    assert llm_from_settings({"BROADSHEET_LLM_URL": "  "}) is None


def test_setting_builds_a_client(chat: ChatServer) -> None:
    chat.reply("Approved on Tuesday [1].")
    client = llm_from_settings({"BROADSHEET_LLM_URL": chat.url + "/chat/completions",
                                "BROADSHEET_LLM_MODEL": "m"})
    assert client is not None
    with client:
        assert client.ask(_enriched(), "When?").citations == (1,)
    assert "authorization" not in chat.headers[0]
