"""Quality gate: B-cubed F1 of story clustering on ECB+ dev topics and Giveme5W1H.

Pins the minimum scores measured by bench/stories.py (docs/benchmarks/stories.md) a
little below the measured value, so a change that lowers clustering quality fails here.
Lowering a floor needs a stated reason in the commit. Uses ../shared/data through the
``shared_data`` fixture (skips when absent, fails in CI when required).
"""

from __future__ import annotations

import ast
import gzip
import json
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from broadsheet.pipeline.connect import StoryIndex, features_of
from broadsheet.types import Article

ECB_DEV_TOPICS = {2, 5, 12, 18, 21, 23, 34, 35}
# Measured 0.899 (ECB+ dev, this order) and 0.929 / P 0.918 (Giveme5W1H) with the
# nearest-member rule of story.py and the constants of cluster.py on 2026-11-27, minus
# a small margin. The Giveme5W1H precision floor went down from 0.94 to 0.90 on purpose:
# the new rule trades precision for recall there (P 0.961 -> 0.918, R 0.836 -> 0.941,
# F1 0.894 -> 0.929); 0.918 is also both TF-IDF peers' precision on that set (two gold
# North-Korea events that share their vocabulary).
# Raised 0.88 -> 0.92 with the average-link split check of split.py (measured 0.933);
# 0.92 -> 0.935 with its halves found on contrastive cosines and JOIN_THRESHOLD 0.21
# (measured 0.947, P 0.969); 0.935 -> 0.94 with check_merge (measured 0.952, P 0.946);
# 0.94 -> 0.96 with the split verdict's cap on the across cosine and its ratio at 0.82
# (measured 0.979, P 1.000); 0.96 -> 0.97 with a story of one article adopted by the
# story it fits (split.ADOPT_THRESHOLD; measured 0.983, R 0.958 -> 0.966).
MIN_F1_ECB_DEV = 0.97
# Raised 0.91 -> 0.92 with the 730-day ACTIVE_WINDOW / MAX_GAP_DAYS (measured 0.933);
# 0.92 -> 0.95 and precision 0.90 -> 0.94 with the contrastive split halves (the North
# Korea story holding three gold events splits: P 0.918 -> 0.960) and JOIN_THRESHOLD
# 0.21 (a Panama Papers follow-up 19 months on joins: R 0.949 -> 0.968; F1 0.964);
# 0.95 -> 0.965 and precision 0.94 -> 0.98 with split.check_tail (Kim's offer of talks
# leaves the missile story after its third report: P 0.960 -> 0.989, F1 0.973).
MIN_F1_GIVEME = 0.965
MIN_PRECISION_GIVEME = 0.98

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    pred_sizes, gold_sizes = Counter(predicted.values()), Counter(gold.values())
    both: dict[tuple[str, str], int] = defaultdict(int)
    for item, cluster in predicted.items():
        both[(cluster, gold[item])] += 1
    p = sum(both[(c, gold[i])] / pred_sizes[c] for i, c in predicted.items()) / len(predicted)
    r = sum(both[(c, gold[i])] / gold_sizes[gold[i]] for i, c in predicted.items()) / len(
        predicted)
    return p, r, 2 * p * r / (p + r)


def _cluster(items: list[tuple[str, Article]]) -> dict[str, str]:
    index = StoryIndex()
    assignments = [index.assign(features_of(article, id=doc_id)) for doc_id, article in items]
    return {a.id: index.story_of(a.id) or index.canonical(a.story) for a in assignments}


def _ecb_dev(root: Path) -> tuple[list[tuple[str, Article]], dict[str, str]]:
    items, gold = [], {}
    with gzip.open(root / "ecbplus" / "ecbplus_documents.jsonl.gz", "rt", encoding="utf-8") as fh:
        for record in map(json.loads, fh):
            if record["topic"] in ECB_DEV_TOPICS:
                title = record["text"].split("\n", 1)[0]
                items.append((record["doc_id"],
                              Article(title=title, body=record["text"], paragraphs=())))
                gold[record["doc_id"]] = record["subtopic"]
    random.Random(1).shuffle(items)
    return items, gold


def _giveme(root: Path) -> tuple[list[tuple[str, Article]], dict[str, str]]:
    items, gold = [], {}
    for path in sorted((root / "giveme5w1h-news-cluster" / "articles").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        cluster = record["newsCluster"]
        cluster = ast.literal_eval(cluster) if isinstance(cluster, str) else cluster
        published = datetime.fromisoformat(record["date_publish"]).replace(tzinfo=UTC)
        items.append((path.stem, Article(
            title=record["title"] or "", body=record["text"] or "", paragraphs=(),
            source=record["source_domain"], published=published)))
        gold[path.stem] = str(cluster["EventId"])
    items.sort(key=lambda pair: pair[1].published)  # type: ignore[arg-type,return-value]
    return items, gold


def test_ecbplus_dev_topics_floor(shared_data: Path) -> None:
    items, gold = _ecb_dev(shared_data)
    _, _, f1 = _bcubed(_cluster(items), gold)
    assert f1 >= MIN_F1_ECB_DEV, f"ECB+ dev B-cubed F1 {f1:.3f} < {MIN_F1_ECB_DEV}"


def test_giveme_floor(shared_data: Path) -> None:
    items, gold = _giveme(shared_data)
    p, _, f1 = _bcubed(_cluster(items), gold)
    assert f1 >= MIN_F1_GIVEME, f"Giveme5W1H B-cubed F1 {f1:.3f} < {MIN_F1_GIVEME}"
    assert p >= MIN_PRECISION_GIVEME, f"Giveme5W1H B-cubed precision {p:.3f}"
