"""Data and scores for bench/stories.py: loads the shared clustering sets, scores B-cubed.

Reads ECB+ (gold story = subtopic), Giveme5W1H news-cluster (gold = newsCluster.EventId)
and the BBC exact-duplicate groups from the shared data folder into Broadsheet
:class:`~broadsheet.types.Article` values, and computes B-cubed precision/recall/F1.
Benchmark support only: never imported by the package or the tests' fixtures.
"""

from __future__ import annotations

import ast
import gzip
import json
import os
import random
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from broadsheet.types import Article, Paragraph

ECB_DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})


def shared_root() -> Path:
    """The shared data folder (BROADSHEET_SHARED_DATA or ../shared/data)."""
    configured = os.environ.get("BROADSHEET_SHARED_DATA")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@dataclass(frozen=True, slots=True)
class Doc:
    """One benchmark document with its gold story."""

    id: str
    gold: str
    article: Article
    split: str


def _article(title: str, body: str, **fields: object) -> Article:
    paragraphs = []
    offset = 0
    for block in body.split("\n"):
        if block.strip():
            paragraphs.append(Paragraph(block, offset, offset + len(block)))
        offset += len(block) + 1
    return Article(title=title, body=body, paragraphs=tuple(paragraphs),
                   input_format="article-text", **fields)  # type: ignore[arg-type]


def load_ecbplus(root: Path) -> list[Doc]:
    """ECB+ documents: title = first line, body = the whole text; undated (no reliable dates)."""
    docs = []
    with gzip.open(root / "ecbplus" / "ecbplus_documents.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            lines = record["text"].split("\n")
            title, body = lines[0], record["text"]
            split = "dev" if record["topic"] in ECB_DEV_TOPICS else "train"
            if record["topic"] >= 36:
                split = "test"
            docs.append(Doc(record["doc_id"], record["subtopic"],
                            _article(title, body, url=record.get("url")), split))
    return docs


def load_giveme(root: Path) -> list[Doc]:
    """Giveme5W1H articles; split = "tune" for sampling.json's training list, else "rest"."""
    folder = root / "giveme5w1h-news-cluster"
    sampling = json.loads((folder / "sampling.json").read_text())
    tune = set(sampling["training"])
    docs = []
    for path in sorted((folder / "articles").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        cluster = record["newsCluster"]
        if isinstance(cluster, str):
            cluster = ast.literal_eval(cluster)
        published = None
        if record.get("date_publish") not in (None, "None"):
            published = datetime.fromisoformat(record["date_publish"]).replace(tzinfo=UTC)
        text = record.get("text") or ""
        title = record.get("title") or ""
        docs.append(Doc(path.stem, str(cluster["EventId"]),
                        _article(title, text, url=record.get("url"),
                                 source=record.get("source_domain"), published=published),
                        "tune" if path.name in tune else "rest"))
    return docs


def load_bbc(root: Path) -> tuple[list[tuple[str, str, str]], list[list[str]]]:
    """BBC articles as (id, title, text) and the exact-duplicate groups."""
    with gzip.open(root / "bbc-news" / "bbc-news.jsonl.gz", "rt", encoding="utf-8") as fh:
        items = [(r["id"], r["title"], r["text"]) for r in map(json.loads, fh)]
    groups = json.loads((root / "bbc-news" / "exact_duplicate_groups.json").read_text())
    return items, groups


def stream_order(docs: Sequence[Doc], seed: int | None, *, by_date: bool = True) -> list[Doc]:
    """Published-time order (undated keep given order); ``seed`` shuffles first.

    ``by_date=False`` keeps the shuffled order even for dated documents (an archive fed
    as it comes).
    """
    ordered = list(docs)
    if seed is not None:
        random.Random(seed).shuffle(ordered)
    far = datetime.max.replace(tzinfo=UTC)
    if by_date and any(d.article.published for d in ordered):
        ordered.sort(key=lambda d: d.article.published or far)
    return ordered


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``predicted`` (item -> cluster) against ``gold``."""
    pred_sizes = Counter(predicted.values())
    gold_sizes = Counter(gold.values())
    both: dict[tuple[str, str], int] = defaultdict(int)
    for item, cluster in predicted.items():
        both[(cluster, gold[item])] += 1
    precision = recall = 0.0
    for item, cluster in predicted.items():
        shared = both[(cluster, gold[item])]
        precision += shared / pred_sizes[cluster]
        recall += shared / gold_sizes[gold[item]]
    n = len(predicted)
    p, r = precision / n, recall / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fmt_scores(scores: tuple[float, float, float]) -> str:
    """Precision / recall / F1 as the benchmark tables print them ("0.979/0.958/0.968")."""
    return f"{scores[0]:.3f}/{scores[1]:.3f}/{scores[2]:.3f}"
