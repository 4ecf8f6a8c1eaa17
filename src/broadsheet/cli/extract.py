"""``broadsheet extract``: run the pipeline on documents, touching no database.

Each input gives one result: with ``--json`` one JSON object per line
(``{"input", "ok": true, "article", "entities", "quotes", "hashtags", "summary",
"related"}`` or ``{"input", "ok": false, "error"}``); otherwise a short readable report.
One bad input never stops the others; the exit status is 1 when any input failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from broadsheet.errors import BroadsheetError
from broadsheet.inputs import INPUT_FORMATS, iter_inputs
from broadsheet.serialize import article_to_dict, enriched_to_dict, related_to_dict


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "extract",
        help="run extract → enrich on files, folders or URLs (no database)",
        description="Run the pipeline on each document and print what it found.",
    )
    parser.add_argument("inputs", nargs="+", metavar="PATH|URL", help="files, folders, URLs")
    parser.add_argument("--json", action="store_true", help="one JSON object per input per line")
    parser.add_argument(
        "--until", choices=("extract", "enrich"), default="enrich", help="last stage to run"
    )
    parser.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help="how to read the inputs (default: detect by content)",
    )
    parser.add_argument("--fast", action="store_true", help="faster, slightly rougher extraction")
    parser.set_defaults(func=run)


def _print_human(result: dict[str, Any]) -> None:
    if not result["ok"]:
        print(f"✗ {result['input']}: {result['error']}")
        return
    article = result["article"]
    print(f"✓ {result['input']}")
    print(f"  title:     {article['title']}")
    for key in ("source", "byline", "published", "language", "url"):
        if article.get(key):
            print(f"  {key + ':':<10} {article[key]}")
    print(
        f"  body:      {len(article['body'])} characters, {len(article['paragraphs'])} paragraphs"
    )
    if "entities" in result:
        people = [e["name"] for e in result["entities"] if e["type"] == "person"]
        print(f"  people:    {', '.join(people) or '-'}")
        print(f"  quotes:    {len(result['quotes'])}")
        print(f"  hashtags:  {' '.join(result['hashtags']) or '-'}")
        for sentence in result["summary"]:
            print(f"  summary:   {sentence['text']}")
    for item in result["related"]:
        print(f"  related:   [{item['source']}, {item['age']}] {item['title']}")


def run(args: argparse.Namespace) -> int:
    from broadsheet.pipeline.extract import extract

    enricher = None
    if args.until == "enrich":
        from broadsheet.pipeline.enrich import Enricher

        enricher = Enricher()
    failures = 0
    for item in iter_inputs(args.inputs, input_format=args.input_format):
        result: dict[str, Any]
        if isinstance(item, BroadsheetError):
            result = {"input": item.input or "<input>", "ok": False, "error": item.reason}
        else:
            try:
                article = extract(item, fast=args.fast)
                if enricher is None:
                    result = {
                        "input": item.name,
                        "ok": True,
                        "article": article_to_dict(article),
                        "related": [related_to_dict(r) for r in article.related],
                    }
                else:
                    result = {
                        "input": item.name,
                        "ok": True,
                        **enriched_to_dict(enricher.enrich(article)),
                    }
            except BroadsheetError as exc:
                result = {"input": item.name, "ok": False, "error": exc.reason}
        if not result["ok"]:
            failures += 1
        if args.json:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        else:
            _print_human(result)
            if not result["ok"]:
                print(f"broadsheet extract: {result['input']}: {result['error']}", file=sys.stderr)
    return 1 if failures else 0
