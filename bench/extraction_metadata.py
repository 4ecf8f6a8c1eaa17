"""How well Broadsheet reads titles and publication dates, on the benchmark pages.

Usage::

    .venv/bin/python bench/extraction_metadata.py [--data ../shared/data]

The benchmark's ground truth has bodies only, so titles and dates are checked against
what the pages themselves carry, with peers in the same run:

- HTML titles: Broadsheet's title against trafilatura's metadata title (exact match
  after folding case and space), and coverage of each.
- HTML dates: Broadsheet's ``published`` (from JSON-LD / meta tags) against htmldate's
  (via trafilatura's metadata) on the calendar day, where both give one.
- Page dumps: the headline the page-text cleaner finds in the text against the
  headline of the same page's HTML (``<h1>`` / og:title / JSON-LD), exact match after
  folding; the baseline takes the dump's first line with a " - Site" suffix removed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import trafilatura

from broadsheet.errors import BroadsheetError
from broadsheet.pipeline.extract import extract
from broadsheet.pipeline.extract.html import parse_html
from broadsheet.pipeline.extract.metadata import read_metadata
from broadsheet.types import RawDocument

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import REPO, load_dumps, load_html_pages  # noqa: E402

_SUFFIX = re.compile(r"\s+[|\-–—:·•]\s+[^|\-–—]{1,60}$")


def _fold(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def main(argv: list[str] | None = None) -> int:
    """Print title and date agreement figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args(argv)
    pages, _, urls = load_html_pages(args.data)
    dumps, _ = load_dumps(args.data)

    ours_title = theirs_title = same_title = 0
    ours_date = theirs_date = both_date = same_date = 0
    dump_same = dump_base_same = dump_total = 0
    for key, page in pages.items():
        try:
            article = extract(RawDocument(page, url=urls.get(key), input_format="html"))
        except BroadsheetError:
            continue
        metadata = trafilatura.bare_extraction(page, with_metadata=True, as_dict=True) or {}
        their_title = metadata.get("title") if isinstance(metadata, dict) else None
        their_date = metadata.get("date") if isinstance(metadata, dict) else None
        ours_title += bool(article.title)
        theirs_title += bool(their_title)
        same_title += bool(article.title) and _fold(article.title) == _fold(their_title)
        ours_date += article.published is not None
        theirs_date += bool(their_date)
        if article.published is not None and their_date:
            both_date += 1
            same_date += article.published.date().isoformat() == str(their_date)[:10]
        if key in dumps:
            page_meta = read_metadata(parse_html(page))
            headlines = {_fold(page_meta.headline), _fold(page_meta.title)} - {""}
            if not headlines:
                continue
            dump_total += 1
            try:
                found = extract(RawDocument(dumps[key], input_format="page-text")).title
            except BroadsheetError:
                found = ""
            dump_same += _fold(found) in headlines
            first = next((line for line in dumps[key].splitlines() if line.strip()), "")
            dump_base_same += _fold(_SUFFIX.sub("", first.strip())) in headlines

    n = len(pages)
    print(f"HTML pages: {n}")
    print(
        f"  title found: broadsheet {ours_title}/{n}, trafilatura {theirs_title}/{n}; "
        f"identical {same_title}/{n} ({same_title / n:.1%})"
    )
    print(
        f"  published found: broadsheet {ours_date}/{n}, htmldate {theirs_date}/{n}; "
        f"same day where both: {same_date}/{both_date} "
        f"({same_date / max(both_date, 1):.1%})"
    )
    print(f"Page dumps with an HTML headline: {dump_total}")
    print(
        f"  headline found in the text = HTML headline: broadsheet {dump_same}/{dump_total} "
        f"({dump_same / max(dump_total, 1):.1%}); first line minus suffix "
        f"{dump_base_same}/{dump_total} ({dump_base_same / max(dump_total, 1):.1%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
