"""Grounded prompts for the optional LLM, and the check that its answers cite the article.

Pure functions: :func:`summary_messages` and :func:`question_messages` build
chat-completion messages that carry only the article's numbered sentences (no URL,
no metadata, nothing from outside the article), and :func:`parse_grounded_answer`
accepts an answer only when it cites at least one sentence number and every number it
cites exists. The network call itself lives in ``broadsheet.fetch.llm``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from broadsheet.errors import EnrichmentError
from broadsheet.types import Sentence

__all__ = [
    "MAX_PROMPT_CHARS",
    "GroundedAnswer",
    "UngroundedAnswer",
    "number_sentences",
    "parse_grounded_answer",
    "prompt_sentence_count",
    "question_messages",
    "summary_messages",
]

#: Most characters of numbered sentences put in one prompt (about 6,000 tokens), so a
#: long article fits the context of small local models; later sentences are left out.
MAX_PROMPT_CHARS = 24_000

_CITATION = re.compile(r"\[(\d+(?:\s*[-–,]\s*\d+)*)\]")

_RULES = (
    "You answer only from the numbered sentences of one news article given below. "
    "After every claim, cite the sentence numbers it comes from in square brackets, "
    "like [2] or [3, 5]. If the sentences do not contain the answer, say so and cite "
    "nothing. Do not use any knowledge from outside the article."
)


class UngroundedAnswer(EnrichmentError):
    """The model's answer cites no sentence of the article, or cites ones that do not exist."""


@dataclass(frozen=True, slots=True)
class GroundedAnswer:
    """An answer and the (1-based) numbers of the article sentences it cites."""

    text: str
    citations: tuple[int, ...]


def number_sentences(sentences: tuple[Sentence, ...], limit: int = MAX_PROMPT_CHARS) -> str:
    """Render sentences as ``[1] ...`` lines, up to ``limit`` characters."""
    lines: list[str] = []
    used = 0
    for number, sentence in enumerate(sentences, start=1):
        line = f"[{number}] {' '.join(sentence.text.split())}"
        if used + len(line) > limit and lines:
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def summary_messages(sentences: tuple[Sentence, ...], *, size: int = 3) -> list[dict[str, str]]:
    """Chat messages asking for an abstractive summary grounded in the sentences."""
    return [
        {"role": "system", "content": _RULES},
        {"role": "user", "content": f"Article sentences:\n{number_sentences(sentences)}\n\n"
                                    f"Write a summary of at most {size} sentences, each "
                                    "followed by its citations."},
    ]


def question_messages(sentences: tuple[Sentence, ...], question: str) -> list[dict[str, str]]:
    """Chat messages asking a reader's question about the article."""
    return [
        {"role": "system", "content": _RULES},
        {"role": "user", "content": f"Article sentences:\n{number_sentences(sentences)}\n\n"
                                    f"Question: {' '.join(question.split())}"},
    ]


def _cited(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", group):
        if re.search(r"[-–]", part):
            low, high = (int(x) for x in re.split(r"\s*[-–]\s*", part))
            if high < low or high - low > 50:
                raise UngroundedAnswer(f"citation range [{part}] is not a range of sentences")
            numbers.extend(range(low, high + 1))
        else:
            numbers.append(int(part))
    return numbers


def parse_grounded_answer(answer: str, sentence_count: int) -> GroundedAnswer:
    """Accept an answer only if it cites existing sentences.

    Args:
        answer: the model's reply text.
        sentence_count: how many numbered sentences the prompt carried.

    Returns:
        The answer with its citations (sorted, unique).

    Raises:
        UngroundedAnswer: the answer cites nothing, or a number outside 1..count.
    """
    text = answer.strip()
    numbers = [n for match in _CITATION.finditer(text) for n in _cited(match.group(1))]
    if not numbers:
        raise UngroundedAnswer("the answer cites no sentence of the article")
    wrong = sorted({n for n in numbers if not 1 <= n <= sentence_count})
    if wrong:
        raise UngroundedAnswer(f"the answer cites sentences that do not exist: {wrong} "
                               f"(the article has {sentence_count})")
    return GroundedAnswer(text, tuple(sorted(set(numbers))))


def prompt_sentence_count(sentences: tuple[Sentence, ...], limit: int = MAX_PROMPT_CHARS) -> int:
    """How many sentences :func:`number_sentences` puts in a prompt."""
    return number_sentences(sentences, limit).count("\n") + 1 if sentences else 0
