"""The optional LLM client: grounded summaries and answers from an OpenAI-compatible server.

Only used when ``BROADSHEET_LLM_URL`` is set (:func:`llm_from_settings` returns None
otherwise, so nothing calls out). Prompts come from
:mod:`broadsheet.pipeline.enrich.grounding` and carry only the article's numbered
sentences; an answer that cites no sentence, or one that does not exist, raises
:class:`~broadsheet.pipeline.enrich.grounding.UngroundedAnswer`. The URL is the
operator's own setting (usually a local server), so it does not go through the fetch
address guard. httpx errors become :class:`~broadsheet.errors.FetchError` subclasses.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from broadsheet import config
from broadsheet.errors import FetchError, FetchTimeout, HTTPStatusError
from broadsheet.pipeline.enrich.grounding import (
    GroundedAnswer,
    parse_grounded_answer,
    prompt_sentence_count,
    question_messages,
    summary_messages,
)
from broadsheet.types import EnrichedArticle

__all__ = ["LLMClient", "LLMSettings", "llm_from_settings"]

logger = logging.getLogger(__name__)

#: Seconds one completion may take; local CPU models are slow on long articles.
TIMEOUT_SECONDS = 120.0

#: Largest reply read, in bytes (a summary or an answer is a few kilobytes).
MAX_REPLY_BYTES = 1_000_000

#: Sampling temperature: low, since answers must stay close to the sentences.
TEMPERATURE = 0.2


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """Where and how to reach the model."""

    url: str
    model: str = ""
    api_key: str = ""
    timeout: float = TIMEOUT_SECONDS

    @property
    def endpoint(self) -> str:
        """The chat-completions URL (``.../chat/completions`` appended when missing)."""
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"


def llm_from_settings(
    environ: Mapping[str, str] | None = None, *, transport: httpx.BaseTransport | None = None
) -> LLMClient | None:
    """A client built from BROADSHEET_LLM_* settings, or None when no URL is set."""
    url = config.get("BROADSHEET_LLM_URL", environ).strip()
    if not url:
        return None
    settings = LLMSettings(url, config.get("BROADSHEET_LLM_MODEL", environ),
                           config.get("BROADSHEET_LLM_API_KEY", environ))
    return LLMClient(settings, transport=transport)


class LLMClient:
    """A synchronous chat-completions client; close it (or use ``with``) when done."""

    def __init__(self, settings: LLMSettings, *,
                 transport: httpx.BaseTransport | None = None) -> None:
        headers = {"Content-Type": "application/json"}
        if settings.api_key:
            headers["Authorization"] = f"Bearer {settings.api_key}"
        self.settings = settings
        self._http = httpx.Client(timeout=settings.timeout, headers=headers,
                                  transport=transport, follow_redirects=False)

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def complete(self, messages: list[dict[str, str]]) -> str:
        """Send one chat completion and return the reply text.

        Raises:
            FetchTimeout: the server took longer than the timeout.
            HTTPStatusError: it answered with a non-success status.
            FetchError: the connection failed or the reply is not a chat completion.
        """
        url = self.settings.endpoint
        payload: dict[str, Any] = {"messages": messages, "temperature": TEMPERATURE,
                                   "stream": False}
        if self.settings.model:
            payload["model"] = self.settings.model
        try:
            response = self._http.post(url, json=payload)
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"the LLM did not answer in {self.settings.timeout:g}s",
                               url=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot reach the LLM: {exc}", url=url) from exc
        if response.status_code >= 400:
            raise HTTPStatusError(f"the LLM answered HTTP {response.status_code}", url=url,
                                  status=response.status_code)
        if len(response.content) > MAX_REPLY_BYTES:
            raise FetchError(f"the LLM reply is over {MAX_REPLY_BYTES} bytes", url=url)
        try:
            body = response.json()
            content = body["choices"][0]["message"]["content"]
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, IndexError,
                TypeError) as exc:
            raise FetchError("the LLM reply is not a chat completion", url=url) from exc
        if not isinstance(content, str):
            raise FetchError("the LLM reply has no text content", url=url)
        return content

    def summarize(self, enriched: EnrichedArticle, *, size: int = 3) -> GroundedAnswer:
        """An abstractive summary that cites the article's sentences.

        Raises:
            UngroundedAnswer: the reply cites nothing or non-existent sentences.
            FetchError: see :meth:`complete`.
        """
        reply = self.complete(summary_messages(enriched.sentences, size=size))
        return parse_grounded_answer(reply, prompt_sentence_count(enriched.sentences))

    def ask(self, enriched: EnrichedArticle, question: str) -> GroundedAnswer:
        """Answer a reader's question from the article alone, with citations.

        Raises:
            UngroundedAnswer: the reply cites nothing or non-existent sentences.
            FetchError: see :meth:`complete`.
        """
        reply = self.complete(question_messages(enriched.sentences, question))
        return parse_grounded_answer(reply, prompt_sentence_count(enriched.sentences))
