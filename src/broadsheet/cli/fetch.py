"""``broadsheet fetch``: poll every due feed once, store new items, show progress.

With ``--json`` it prints one object per feed as each finishes —
``{"feed", "status": "ok" | "not-modified" | "error", "new", "error"}`` — then one
``{"summary": {...}}``; otherwise a live progress display and a summary table. The new
items are processed (extract → enrich → connect) by ``broadsheet worker``, or right away
with ``--process``. A failing feed never stops the others; the exit status is 0 even
when some feeds failed (that is news, not a crash) unless ``--strict`` is given.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("fetch", help="poll every due feed once")
    parser.add_argument("--json", action="store_true", help="one JSON object per feed per line")
    parser.add_argument("--all", action="store_true", help="poll every active feed, due or not")
    parser.add_argument(
        "--process", action="store_true", help="also process the new items now (no worker needed)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when any feed failed")
    parser.set_defaults(func=run)


def _summary(results: list[Any]) -> dict[str, int]:
    statuses = Counter(r.status for r in results)
    return {
        "feeds": len(results),
        "ok": statuses["ok"],
        "not_modified": statuses["not-modified"],
        "errors": statuses["error"],
        "new": sum(r.new for r in results),
    }


def run(args: argparse.Namespace) -> int:
    from broadsheet.site.bootstrap import database_migrate

    database_migrate()
    from broadsheet.site.news.fetching import feeds_due, feeds_poll

    sources = feeds_due(all_sources=args.all)
    if args.json:
        results = feeds_poll(
            sources=sources, on_result=lambda r: print(json.dumps(r.to_dict()), flush=True)
        )
    else:
        results = _poll_with_progress(sources, feeds_poll)
    summary = _summary(results)
    if args.process:
        summary["processed"] = _process_pending()
    if args.json:
        print(json.dumps({"summary": summary}))
    else:
        _print_table(results, summary)
    return 1 if args.strict and summary["errors"] else 0


def _poll_with_progress(sources: list[Any], feeds_poll: Any) -> list[Any]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    counts = Counter[str]()
    with Progress(
        TextColumn("fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
    ) as progress:
        bar = progress.add_task("feeds", total=len(sources), detail="")

        def on_result(result: Any) -> None:
            counts["new"] += result.new
            counts["errors"] += result.status == "error"
            if result.status == "error":
                progress.console.print(
                    f"[red]✗[/red] {result.feed}: could not fetch: {result.error}"
                )
            progress.update(
                bar, advance=1, detail=f"{counts['new']} new items, {counts['errors']} errors"
            )

        return list(feeds_poll(sources=sources, on_result=on_result))


def _print_table(results: list[Any], summary: dict[str, int]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="broadsheet fetch")
    for column in ("feeds", "ok", "not modified", "errors", "new items"):
        table.add_column(column, justify="right")
    table.add_row(*(str(summary[k]) for k in ("feeds", "ok", "not_modified", "errors", "new")))
    Console().print(table)
    if "processed" in summary:
        print(f"{summary['processed']} items processed")


def _process_pending() -> int:
    from broadsheet.pipeline.enrich import Enricher
    from broadsheet.site.news.models import Document
    from broadsheet.site.news.services import document_process

    enricher = Enricher()
    pending = Document.objects.filter(status=Document.Status.PENDING).values_list("pk", flat=True)
    done = 0
    for document_id in list(pending):
        outcome = document_process(document_id=document_id, enricher=enricher)
        done += outcome.article is not None
    return done
