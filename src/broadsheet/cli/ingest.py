"""``broadsheet ingest``: store documents and process them into articles now.

Every input yields one result line (or JSON object): the article stored, the article it
was linked to (same URL or same content), or the error that stopped it. A bad input never
stops the batch; the exit status is 1 when any input failed. Processing runs in this
process so the person sees the outcome; a long list gets a progress bar.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from broadsheet.errors import BroadsheetError
from broadsheet.inputs import INPUT_FORMATS, iter_inputs

# Show a progress bar (instead of a line per document) past this many inputs.
PROGRESS_AFTER = 5


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "ingest", help="store and process files, folders, feeds or URLs into articles"
    )
    parser.add_argument("inputs", nargs="+", metavar="PATH|URL", help="files, folders, URLs")
    parser.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    parser.add_argument("--json", action="store_true", help="one JSON object per input per line")
    parser.add_argument(
        "--no-enrich", action="store_true", help="store extracted articles without enrichment"
    )
    parser.set_defaults(func=run)


def _result(item: Any, enricher: Any) -> dict[str, Any]:
    from broadsheet.site.news.services import article_ingest

    if isinstance(item, BroadsheetError):
        return {"input": item.input or "<input>", "ok": False, "error": item.reason}
    outcome = article_ingest(raw=item, enricher=enricher)
    if outcome.error is not None or outcome.article is None:
        reason = outcome.error.reason if outcome.error else outcome.document.error
        return {"input": item.name, "ok": False, "error": reason}
    article = outcome.article
    return {
        "input": item.name,
        "ok": True,
        "article": article.pk,
        "title": article.title,
        "story": article.story_id,
        "duplicate_of": article.duplicate_of_id,
        "linked": outcome.linked,
    }


def _line(result: dict[str, Any]) -> str:
    if not result["ok"]:
        return f"✗ {result['input']}: {result['error']}"
    how = "linked to" if result["linked"] else "stored as"
    return f"✓ {result['input']}: {how} article {result['article']} — {result['title']}"


def run(args: argparse.Namespace) -> int:
    from broadsheet.site.bootstrap import database_migrate

    database_migrate()
    enricher = None
    if not args.no_enrich:
        from broadsheet.pipeline.enrich import Enricher

        enricher = Enricher()
    items = list(iter_inputs(args.inputs, input_format=args.input_format))
    results: list[dict[str, Any]] = []
    if args.json or len(items) <= PROGRESS_AFTER:
        for item in items:
            result = _result(item, enricher)
            results.append(result)
            print(
                json.dumps(result, ensure_ascii=False) if args.json else _line(result), flush=True
            )
    else:
        from rich.progress import Progress

        with Progress() as progress:
            bar = progress.add_task("ingesting", total=len(items))
            for item in items:
                result = _result(item, enricher)
                results.append(result)
                if not result["ok"]:
                    progress.console.print(_line(result))
                progress.advance(bar)
    failed = [r for r in results if not r["ok"]]
    summary = {"inputs": len(results), "stored": len(results) - len(failed), "failed": len(failed)}
    if args.json:
        print(json.dumps({"summary": summary}))
    else:
        print(f"{summary['stored']} stored, {summary['failed']} failed", file=sys.stderr)
    return 1 if failed else 0
