"""Score extracted article bodies against ground truth (the shingle metric).

This is the metric of the article-extraction benchmark (scrapinghub), written from its
prose definition: ``\\w+`` tokens, multisets of 4-token shingles, per-document TP/FP/FN
normalised so that every document weighs the same, precision and recall averaged over
documents, F1 computed from the two means. ``tests/pipeline/extract/test_evaluation.py``
checks it reproduces the published numbers to three decimals. Pure: callers load files.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DocumentScore", "Score", "score_corpus", "score_document", "shingles", "tokens"]

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Split text into ``\\w+`` tokens (Unicode aware)."""
    return _TOKEN.findall(text or "")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``."""
    words = tokens(text)
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """Normalised true positives, false positives and false negatives of one document."""

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        """Precision, or None when the document has no predicted shingles."""
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        """Recall, or None when the truth has no shingles."""
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None


@dataclass(frozen=True, slots=True)
class Score:
    """Corpus-level scores: F1 from the mean precision and mean recall."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    documents: int


def score_document(truth: str, prediction: str) -> DocumentScore:
    """Score one predicted body against its truth.

    Args:
        truth: the ground-truth article body.
        prediction: the extracted body (may be empty).

    Returns:
        TP/FP/FN over 4-token shingles, each divided by TP+FP+FN.
    """
    true_shingles = shingles(truth)
    pred_shingles = shingles(prediction)
    tp = sum((true_shingles & pred_shingles).values())
    fp = sum((pred_shingles - true_shingles).values())
    fn = sum((true_shingles - pred_shingles).values())
    total = tp + fp + fn
    exact = tokens(truth) == tokens(prediction)
    if total == 0:
        return DocumentScore(0.0, 0.0, 0.0, exact)
    return DocumentScore(tp / total, fp / total, fn / total, exact)


def score_corpus(truth: Mapping[str, str], predictions: Mapping[str, str]) -> Score:
    """Score predictions for every document of ``truth`` (missing ones count as empty).

    Args:
        truth: document id -> ground-truth body.
        predictions: document id -> predicted body.

    Returns:
        The corpus :class:`Score`.
    """
    docs = [score_document(body, predictions.get(key, "") or "") for key, body in truth.items()]
    precisions = [p for d in docs if (p := d.precision) is not None]
    recalls = [r for d in docs if (r := d.recall) is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(d.exact for d in docs) / len(docs) if docs else 0.0
    return Score(f1, precision, recall, accuracy, len(docs))
