"""Quality gate: direct quotes with the right speaker on PolNeAR dev (shared data).

The scorer and the definition of a gold direct quote live in
bench/enrichment_polnear.py (also used by bench/enrichment.py). Lowering the pinned
minimum needs a stated reason in the commit.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from broadsheet.pipeline.enrich import Enricher
from broadsheet.types import Article, Paragraph

#: Pinned minimum F1 of quote + speaker on PolNeAR dev (measured 0.901 on 2026-11-27
#: after the scorer counted straight-quote paragraph continuations (+12 gold quotes:
#: 0.907 before it, 0.882 before the subject/cue rules of issue 4, 0.849 before that;
#: textacy's direct_quotations scores 0.552 on the same files).
MIN_QUOTE_SPEAKER_F1 = 0.895
#: Pinned minimum F1 of quote spans alone (measured 0.981, was 0.974).
MIN_QUOTE_SPAN_F1 = 0.975


def _scorer() -> ModuleType:
    path = Path(__file__).resolve().parents[3] / "bench" / "enrichment_polnear.py"
    spec = importlib.util.spec_from_file_location("enrichment_polnear", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_polnear_dev_quote_f1(shared_data: Path, enricher: Enricher) -> None:
    scorer = _scorer()
    score = scorer.Score()
    for doc in scorer.load_polnear(shared_data, "dev"):
        paragraphs = tuple(Paragraph(line, start, start + len(line))
                           for start, line in _lines(doc.text))
        article = Article(title="", body=doc.text, paragraphs=paragraphs,
                          input_format="article-text")
        quotes = enricher.enrich(article).quotes
        predictions = [scorer.Prediction(
            q.start, q.end,
            (q.speaker_mention.start, q.speaker_mention.end) if q.speaker_mention else None,
            q.speaker) for q in quotes]
        scorer.score_doc(doc, predictions, score)
    assert score.gold > 600
    assert score.span_only[2] >= MIN_QUOTE_SPAN_F1, score
    assert score.with_speaker[2] >= MIN_QUOTE_SPEAKER_F1, score


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out
