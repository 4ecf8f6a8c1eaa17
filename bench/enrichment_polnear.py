"""PolNeAR direct-quote evaluation: gold quotes from brat files and a P/R/F1 scorer.

What counts as a gold direct quote: PolNeAR annotates attributions (Source, Cue,
Content). A *direct quote* is a stretch of the article between double quote marks
(straight "...", curly “...” or the typewriter ''...'' of NYT archive copy; a quote
left open at a paragraph end counts to that end when the next paragraph opens with a
mark, the news convention) of at least
MIN_QUOTE_WORDS words whose characters are at least 90% inside the Content span of
an attribution that has a Source. Its gold speakers are the Source spans of every
such attribution (nested attribution — "'...,' Sanders said, according to CNN" — is
annotated twice, inner speaker and outer source, and either is a right answer).
Quoted stretches inside a Content without a Source (``Attribution-no-source``) are
"don't care": predicting them is neither right nor wrong. All other quoted
stretches (scare quotes, titles, unattributed) are not quotes: predicting one is a
false positive.

Matching: a predicted quote matches a gold one when their character spans overlap by
at least half of the longer one. The speaker is right when the predicted speaker
mention overlaps a gold Source span, or when the predicted speaker's last name word
appears among the Source span's words (same head name). Articles annotated by several
people are scored on the first annotator's file (sorted by name).

Indirect speech (the stretch goal, scored apart by :func:`reported_view`): a gold
reported item is the Content of an attribution with a Source whose text (from its
first to its last piece) holds no double quote mark; attributions naming the same
Content extent are one item with all their Sources. Contents with quote marks, and
Contents without a Source, are "don't care". Matching and speakers as for quotes.
PolNeAR's attributions include beliefs and plans ("X wants ...", "X believes ..."),
which a speech-cue reader does not look for, so recall is bounded well below 1.

Used by bench/enrichment.py and by the quality-gate test in tests/pipeline/enrich.
"""

from __future__ import annotations

import re
import tarfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MIN_QUOTE_WORDS = 3
COVERED_SHARE = 0.9
MATCH_OVERLAP = 0.5

_PAIR = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"|''((?:(?!'')[^\n])+)''")
# A quote left open at the paragraph's end, per mark style: the last curly opener with
# no closer after it; for straight and typewriter marks (which open and close alike),
# the last mark when the paragraph holds an odd number of them.
_OPEN_TO_END = (
    ("“", re.compile(r"“([^“”\n]+)$")),
    ('"', re.compile(r'"([^"\n]+)$')),
    ("''", re.compile(r"''((?:(?!'')[^\n])+)$")),
)
_OPENERS = ("“", '"', "''")


@dataclass
class GoldQuote:
    """A gold quote: inner span and the Source spans of its attribution."""

    start: int
    end: int
    sources: list[tuple[int, int]]


@dataclass
class PolnearDoc:
    """One article: its text, gold quotes and don't-care spans."""

    name: str
    text: str
    gold: list[GoldQuote] = field(default_factory=list)
    dont_care: list[tuple[int, int]] = field(default_factory=list)
    reported: list[GoldQuote] = field(default_factory=list)
    reported_dont_care: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Prediction:
    """A system's quote: inner span, speaker mention span and speaker name."""

    start: int
    end: int
    mention: tuple[int, int] | None
    speaker: str | None


def _spans(field_text: str) -> list[tuple[int, int]]:
    _label, _, offsets = field_text.partition(" ")
    pieces = []
    for piece in offsets.split(";"):
        a, b = piece.split()
        pieces.append((int(a), int(b)))
    return pieces


def _parse_ann(ann: str) -> tuple[list[tuple[list[tuple[int, int]], list[tuple[int, int]]]],
                                  list[list[tuple[int, int]]]]:
    """Return ``[(content spans, source spans)]`` and no-source content spans."""
    spans: dict[str, list[tuple[int, int]]] = {}
    attributed = []
    no_source = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            spans[parts[0]] = _spans(parts[1])
    for line in ann.splitlines():
        parts = line.split("\t")
        if not line.startswith("E") or len(parts) < 2:
            continue
        roles: dict[str, list[str]] = {}
        for arg in parts[1].split():
            role, _, ref = arg.partition(":")
            roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
        contents = [s for ref in roles.get("Content", []) for s in spans.get(ref, [])]
        sources = [s for ref in roles.get("Source", []) for s in spans.get(ref, [])]
        if not contents:
            continue
        if sources:
            attributed.append((contents, sources))
        else:
            no_source.append(contents)
    return attributed, no_source


def quoted_stretches(text: str) -> list[tuple[int, int]]:
    """Inner spans of double-quoted stretches (the reference pairing, see module doc)."""
    found = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for k, (a, b) in enumerate(paragraphs):
        line = text[a:b]
        for m in _PAIR.finditer(line):
            g = next(k for k in (1, 2, 3) if m.group(k) is not None)
            found.append((a + m.start(g), a + m.end(g)))
        if k + 1 >= len(paragraphs) or not text.startswith(_OPENERS, paragraphs[k + 1][0]):
            continue
        for mark, pattern in _OPEN_TO_END:
            tail = pattern.search(line)
            if tail and (mark == "“" or line.count(mark) % 2 == 1):
                found.append((a + tail.start(1), a + tail.end(1)))
                break
    return [(s, e) for s, e in found if len(text[s:e].split()) >= MIN_QUOTE_WORDS]


def _covered(span: tuple[int, int], by: list[tuple[int, int]]) -> bool:
    inside = sum(max(0, min(span[1], b) - max(span[0], a)) for a, b in by)
    return inside >= COVERED_SHARE * (span[1] - span[0])


_DOUBLE_MARKS = re.compile(r"[\"“”„]|''")


def _add_reported(doc: PolnearDoc,
                  attributed: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]],
                  no_source: list[list[tuple[int, int]]]) -> None:
    """Fill the indirect-speech gold and don't-care spans (see the module doc)."""
    by_extent: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for contents, sources in attributed:
        extent = (min(a for a, _ in contents), max(b for _, b in contents))
        if _DOUBLE_MARKS.search(doc.text[extent[0]:extent[1]]):
            doc.reported_dont_care.append(extent)
        else:
            by_extent.setdefault(extent, []).extend(sources)
    doc.reported = [GoldQuote(a, b, src) for (a, b), src in sorted(by_extent.items())]
    doc.reported_dont_care.extend(
        (min(a for a, _ in contents), max(b for _, b in contents)) for contents in no_source)


def reported_view(doc: PolnearDoc) -> PolnearDoc:
    """The document with its indirect-speech gold in place of the direct quotes, for
    :func:`score_doc`."""
    return PolnearDoc(doc.name, doc.text, gold=doc.reported,
                      dont_care=doc.reported_dont_care)


def load_polnear(shared_data: Path, split: str) -> Iterator[PolnearDoc]:
    """Read one split (``train``/``dev``) of PolNeAR from the shared tarball."""
    archive = shared_data / "polnear" / "polnear-v1.0.0-text-attributions.tar.gz"
    texts: dict[str, str] = {}
    anns: dict[str, str] = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if len(parts) < 3 or parts[-3] != split or not member.isfile():
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            data = handle.read().decode("utf-8")
            if parts[-2] == "text":
                texts[parts[-1][: -len(".txt")]] = data
            elif parts[-2] == "attributions":
                stem = parts[-1][: -len(".ann")]
                article, _, _annotator = stem.rpartition("_")
                if article not in anns or stem < anns[article + "#name"]:
                    anns[article] = data
                    anns[article + "#name"] = stem
    for name in sorted(texts):
        if name not in anns:
            continue
        text = texts[name]
        attributed, no_source = _parse_ann(anns[name])
        doc = PolnearDoc(name, text)
        _add_reported(doc, attributed, no_source)
        for stretch in quoted_stretches(text):
            owners = [s for contents, src in attributed if _covered(stretch, contents)
                      for s in src]
            if owners:
                doc.gold.append(GoldQuote(stretch[0], stretch[1], owners))
            elif any(_covered(stretch, contents) for contents in no_source):
                doc.dont_care.append(stretch)
        yield doc


def _fold_words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text).casefold()
    return set(re.findall(r"[^\W\d_]+", folded))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass
class Score:
    """Counts and P/R/F1 for quotes with the right speaker, and for spans alone."""

    tp: int = 0
    span_tp: int = 0
    predicted: int = 0
    gold: int = 0

    def prf(self, tp: int) -> tuple[float, float, float]:
        p = tp / self.predicted if self.predicted else 0.0
        r = tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def with_speaker(self) -> tuple[float, float, float]:
        return self.prf(self.tp)

    @property
    def span_only(self) -> tuple[float, float, float]:
        return self.prf(self.span_tp)


def score_doc(doc: PolnearDoc, predictions: Iterable[Prediction], score: Score) -> None:
    """Add one document's predictions to ``score`` (see the module doc for the rules)."""
    preds = [p for p in predictions
             if len(doc.text[p.start:p.end].split()) >= MIN_QUOTE_WORDS]
    used: set[int] = set()
    score.gold += len(doc.gold)
    for pred in preds:
        span = (pred.start, pred.end)
        if any(_overlap(span, d) * 2 >= max(span[1] - span[0], d[1] - d[0])
               for d in doc.dont_care):
            continue
        score.predicted += 1
        for k, gold in enumerate(doc.gold):
            if k in used:
                continue
            longest = max(span[1] - span[0], gold.end - gold.start)
            if _overlap(span, (gold.start, gold.end)) < MATCH_OVERLAP * longest:
                continue
            used.add(k)
            score.span_tp += 1
            right = pred.mention is not None and any(
                _overlap(pred.mention, s) > 0 for s in gold.sources)
            if not right and pred.speaker:
                words = _fold_words(pred.speaker)
                head = sorted(words, key=pred.speaker.casefold().rfind)[-1:] if words else []
                source_words = set().union(*(_fold_words(doc.text[a:b]) for a, b in gold.sources))
                right = bool(head) and head[0] in source_words
            score.tp += int(right)
            break
