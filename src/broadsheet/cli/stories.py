"""``broadsheet stories``: group documents into stories and copies, touching no database.

Runs extract → (optionally enrich) → connect over the given documents with an
in-memory :class:`~broadsheet.pipeline.connect.StoryIndex`. Documents are taken in
published-time order; an undated document keeps its place after the dated document
given before it (so all-undated input is taken in the given order). With ``--json`` it
prints one object per document, ``{"id", "story", "duplicate_of"}`` (id: the JSONL
record id, else the input name; story ids are the id of the story's first article,
after merges), and ``{"id", "error"}`` for each input that could not be read. One bad
input never stops the others; the exit status is 1 when any input failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from broadsheet.errors import BroadsheetError, InputError
from broadsheet.inputs import INPUT_FORMATS, iter_inputs
from broadsheet.pipeline.connect import Assignment, StoryFeatures, StoryIndex, features_of
from broadsheet.types import Article, RawDocument

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``stories`` subcommand."""
    parser = subparsers.add_parser(
        "stories",
        help="group documents into stories and find copies (no database)",
        description="Extract each document, then assign it to a story, in published order.",
    )
    parser.add_argument("inputs", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--json", action="store_true", help="one JSON object per document")
    parser.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help="how to read the inputs (default: detect by content)",
    )
    parser.add_argument(
        "--entities",
        action="store_true",
        help="run entity recognition first (slower; see docs/benchmarks/stories.md)",
    )
    parser.set_defaults(func=run)


def _documents(
    args: argparse.Namespace, errors: list[dict[str, Any]]
) -> Iterator[tuple[str, Article | Any]]:
    from broadsheet.pipeline.extract import extract

    enricher = None
    if args.entities:
        from broadsheet.pipeline.enrich import Enricher

        enricher = Enricher()
    seen: set[str] = set()
    for item in iter_inputs(args.inputs, input_format=args.input_format):
        if isinstance(item, BroadsheetError):
            errors.append({"id": item.input or "<input>", "error": item.reason})
            continue
        doc_id = _doc_id(item)
        try:
            if doc_id in seen:
                raise InputError("the same id was given twice", input=doc_id)
            seen.add(doc_id)
            article = extract(item)
            yield doc_id, (enricher.enrich(article) if enricher else article)
        except BroadsheetError as exc:
            errors.append({"id": doc_id, "error": exc.reason})


def _doc_id(raw: RawDocument) -> str:
    return raw.hints.guid or raw.name


def _published_order(features: list[StoryFeatures]) -> list[StoryFeatures]:
    """Sort by publication time; an undated item follows the dated item before it."""
    keys: list[tuple[datetime, int]] = []
    previous = datetime.min.replace(tzinfo=UTC)
    for position, item in enumerate(features):
        if item.published is not None:
            previous = item.published
        keys.append((previous, position))
    order = sorted(range(len(features)), key=lambda i: keys[i])
    return [features[i] for i in order]


def run(args: argparse.Namespace) -> int:
    """Run ``broadsheet stories``; returns 1 if any input failed, else 0."""
    now = datetime.now(UTC)
    errors: list[dict[str, Any]] = []
    collected: list[StoryFeatures] = []
    with _progress(enabled=not args.json and sys.stderr.isatty()) as advance:
        for doc_id, article in _documents(args, errors):
            try:
                collected.append(features_of(article, id=doc_id, now=now))
            except BroadsheetError as exc:
                errors.append({"id": doc_id, "error": exc.reason})
            advance()
    for error in errors:
        _emit(args, error, error=True)
    index = StoryIndex()
    assignments: list[Assignment] = [
        index.assign(item, now=now) for item in _published_order(collected)
    ]
    for assignment in assignments:
        current = index.story_of(assignment.id)
        story = current if current is not None else index.canonical(assignment.story)
        duplicate_of = index.duplicate_of(assignment.id) if current else assignment.duplicate_of
        _emit(args, {"id": assignment.id, "story": story, "duplicate_of": duplicate_of})
    if not args.json:
        stories = {index.story_of(a.id) or index.canonical(a.story) for a in assignments}
        print(f"{len(assignments)} documents, {len(stories)} stories, "
              f"{sum(1 for a in assignments if a.duplicate_of)} copies, {len(errors)} errors")
    return 1 if errors else 0


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[], None]]:
    """A spinner with a document count on stderr (a terminal only); yields ``advance``."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("reading documents: {task.completed}"),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("reading", total=None)
        yield lambda: progress.advance(task)


def _emit(args: argparse.Namespace, record: dict[str, Any], *, error: bool = False) -> None:
    if args.json:
        print(json.dumps(record, ensure_ascii=False), flush=True)
        return
    if error:
        print(f"broadsheet stories: {record['id']}: {record['error']}", file=sys.stderr)
        return
    copy = f"  (copy of {record['duplicate_of']})" if record["duplicate_of"] else ""
    print(f"{record['story']}\t{record['id']}{copy}")
