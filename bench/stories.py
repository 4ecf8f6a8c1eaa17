"""Benchmark the connect stage: stories (B-cubed), copies (P/R), related (P@5), scale.

Usage::

    .venv/bin/python bench/stories.py
        [--sections clusters,backfill,copies,related,scale,site,site-scale] [--seeds 3]
        [--scale 10000,100000] [--entities] [--site-no-enrich] [--site-scale 20000]
        [--site-scale-recheck 2]

Everything runs in one process on the shared data (BROADSHEET_SHARED_DATA or
../shared/data) and compares Broadsheet with peers *in the same run*, printing ratios:
TF-IDF single-pass and average-link clustering (thresholds tuned here on the ECB+ dev
topics and the Giveme5W1H sampling.json training list), and TF-IDF nearest neighbours
for related articles. Figures go to docs/benchmarks/stories.md with this command.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_baselines import average_link, single_pass, tfidf_neighbours  # noqa: E402
from stories_data import (  # noqa: E402
    Doc,
    bcubed,
    fmt_scores,
    load_bbc,
    load_ecbplus,
    load_giveme,
    shared_root,
    stream_order,
)

from broadsheet.pipeline.connect import (  # noqa: E402
    StoryFeatures,
    StoryIndex,
    features_of,
    related,
)

THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 10)]


def _features(docs: Sequence[Doc], enricher: object | None) -> dict[str, StoryFeatures]:
    out = {}
    for doc in docs:
        article = enricher.enrich(doc.article) if enricher is not None else doc.article  # type: ignore[attr-defined]
        out[doc.id] = features_of(article, id=doc.id)
    return out


def run_ours(
    docs: Sequence[Doc], feats: dict[str, StoryFeatures], seed: int | None, *,
    keep_all: bool = False, by_date: bool = True,
) -> tuple[dict[str, str], StoryIndex]:
    """Cluster with StoryIndex in stream order; returns article -> story.

    ``keep_all`` disables retirement so every story can be inspected afterwards;
    ``by_date=False`` feeds the shuffled order as it is (see ``stream_order``). An
    article whose story retired counts in the story it was assigned to.
    """
    index = StoryIndex(window=None) if keep_all else StoryIndex()
    order = stream_order(docs, seed, by_date=by_date)
    assignments = [index.assign(feats[d.id]) for d in order]
    predicted = {}
    for a in assignments:
        current = index.story_of(a.id)
        predicted[a.id] = current if current is not None else index.canonical(a.story)
    return predicted, index


def run_peer(
    method: Callable[[Sequence[str], float], list[int]],
    docs: Sequence[Doc],
    threshold: float,
    seed: int | None,
) -> dict[str, str]:
    ordered = stream_order(docs, seed)
    labels = method([f"{d.article.title}\n{d.article.body}" for d in ordered], threshold)
    return {d.id: str(label) for d, label in zip(ordered, labels, strict=True)}


def _mean_scores(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return (
        sum(s[0] for s in scores) / len(scores),
        sum(s[1] for s in scores) / len(scores),
        sum(s[2] for s in scores) / len(scores),
    )


def section_clusters(
    ecb: list[Doc], giveme: list[Doc], feats: dict[str, StoryFeatures], seeds: int
) -> None:
    """B-cubed of ours and the peers on every split, peers tuned on the tuning splits."""
    sets = {
        "ecb-dev (tune)": [d for d in ecb if d.split == "dev"],
        "ecb-train (held out)": [d for d in ecb if d.split == "train"],
        "giveme-tune (tune)": [d for d in giveme if d.split == "tune"],
        "giveme-rest (held out)": [d for d in giveme if d.split == "rest"],
        "giveme-all": giveme,
    }
    seed_list: dict[str, list[int | None]] = {
        name: (list(range(1, seeds + 1)) if name.startswith("ecb") else [None]) for name in sets
    }
    print("\n== Stories: B-cubed P / R / F1 (ECB+ in shuffled order, mean of "
          f"{seeds} seeds; Giveme5W1H in published order) ==")
    tuned: dict[str, dict[str, float]] = {}
    for peer in (single_pass, average_link):
        tuned[peer.__name__] = {}
        for corpus in ("ecb", "giveme"):
            tune_name = "ecb-dev (tune)" if corpus == "ecb" else "giveme-tune (tune)"
            best = max(
                THRESHOLDS,
                key=lambda t: _mean_scores(
                    [bcubed(run_peer(peer, sets[tune_name], t, s), _gold(sets[tune_name]))
                     for s in seed_list[tune_name]]
                )[2],
            )
            tuned[peer.__name__][corpus] = best
    print(f"peer thresholds tuned on dev: {tuned}")
    header = f"{'set':<24}{'broadsheet':>22}{'single-pass':>22}{'average-link':>22}  ratio"
    print(header)
    for name, docs in sets.items():
        corpus = "ecb" if name.startswith("ecb") else "giveme"
        gold = _gold(docs)
        ours = _mean_scores([bcubed(run_ours(docs, feats, s)[0], gold) for s in seed_list[name]])
        peers = [
            _mean_scores([bcubed(run_peer(p, docs, tuned[p.__name__][corpus], s), gold)
                          for s in seed_list[name]])
            for p in (single_pass, average_link)
        ]
        best_peer = max(p[2] for p in peers)
        cells = "".join(f"{fmt_scores(s):>22}" for s in (ours, *peers))
        print(f"{name:<24}{cells}  ×{ours[2] / best_peer:.3f} of best peer F1")


def section_backfill(ecb: list[Doc], giveme: list[Doc], seeds: int) -> None:
    """B-cubed of an archive fed out of published order (the clock jumps back and forth).

    ECB+ documents get the date the page-text extractor reads from their dateline (105
    of the 381 "ecbplus" documents carry one; the rest stay undated), Giveme5W1H keeps
    its dates; both are fed shuffled, with StoryIndex's default retirement window and
    with none. The gap between the two columns is what retirement costs such an
    archive; the ``broadsheet stories`` command sorts by date and does not pay it.
    """
    from dataclasses import replace

    from broadsheet.pipeline.extract.text import clean_page_text

    dated = []
    for doc in ecb:
        published = clean_page_text(doc.article.body).published
        dated.append(replace(doc, article=replace(doc.article, published=published)))
    feats = _features(dated, None)
    feats.update(_features(giveme, None))
    print("\n== Archive out of order: B-cubed P / R / F1, shuffled, mean of "
          f"{seeds} seeds ({sum(1 for d in dated if d.article.published)} ECB+ docs dated) ==")
    for name, docs in (("ecb-dev", [d for d in dated if d.split == "dev"]),
                       ("ecb-train", [d for d in dated if d.split == "train"]),
                       ("giveme-all", giveme)):
        gold = _gold(docs)
        cells = [
            fmt_scores(_mean_scores([
                bcubed(run_ours(docs, feats, seed, keep_all=keep_all, by_date=False)[0], gold)
                for seed in range(1, seeds + 1)
            ]))
            for keep_all in (False, True)
        ]
        print(f"{name:<12} default window {cells[0]}   no retirement {cells[1]}")


def _gold(docs: Sequence[Doc]) -> dict[str, str]:
    return {d.id: d.gold for d in docs}


def section_related(ecb: list[Doc], giveme: list[Doc], feats: dict[str, StoryFeatures]) -> None:
    """Precision@5 of related() over our own clustering vs TF-IDF nearest neighbours."""
    print("\n== Related: precision@5 (relevant = same gold story; items returned/article) ==")
    for name, docs in (("ecb-dev", [d for d in ecb if d.split == "dev"]),
                       ("ecb-train", [d for d in ecb if d.split == "train"]),
                       ("giveme-all", giveme)):
        gold = _gold(docs)
        predicted, index = run_ours(docs, feats, 1 if name.startswith("ecb") else None,
                                    keep_all=True)
        members: dict[str, list[StoryFeatures]] = defaultdict(list)
        for article_id, story_id in predicted.items():
            members[story_id].append(feats[article_id])
        story_gold = {
            sid: Counter(gold[f.id] for f in fs).most_common(1)[0][0] for sid, fs in members.items()
        }
        stories = list(index.stories())
        hits = shown = 0
        for doc in docs:
            items = related(
                feats[doc.id], stats=index.stats, story=index.story(predicted[doc.id]),
                members=members[predicted[doc.id]], stories=stories,
            )
            for item in items:
                item_gold = gold[item.id] if item.kind == "same-story" else story_gold[item.id]
                hits += item_gold == doc.gold
            shown += len(items)
        ours = hits / shown if shown else 0.0
        texts = [f"{d.article.title}\n{d.article.body}" for d in docs]
        neighbours = tfidf_neighbours(texts, 5)
        peer_hits = sum(
            docs[j].gold == docs[i].gold for i, row in enumerate(neighbours) for j in row
        )
        peer = peer_hits / sum(len(row) for row in neighbours)
        print(f"{name:<12} broadsheet P@5 {ours:.3f} ({shown / len(docs):.2f} items/article)"
              f"   tfidf-5nn P@5 {peer:.3f} (5.00 items/article)   ×{ours / peer:.3f}")


def section_copies(giveme: list[Doc]) -> None:
    """Copy detection P/R: Giveme pairs (exact-shingle gold) and BBC duplicate groups."""
    from stories_copies import bbc_exact_groups, giveme_pairs, perturbed_bbc

    print("\n== Copies ==")
    giveme_pairs(giveme)
    items, groups = load_bbc(shared_root())
    bbc_exact_groups(items, groups)
    perturbed_bbc(items)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", default="clusters,copies,related,scale")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--scale", default="10000,100000")
    parser.add_argument("--entities", action="store_true",
                        help="also run with spaCy entities (Enricher) and compare")
    parser.add_argument("--site-no-enrich", action="store_true",
                        help="site section: ingest without enrichment (name phrases)")
    parser.add_argument("--site-scale", type=int, default=20000,
                        help="site-scale section: articles connected through the site")
    parser.add_argument("--site-scale-recheck", type=int, default=0, metavar="RUNS",
                        help="site-scale section (SQLite): connect the last block again "
                             "in RUNS fresh processes on a copy of the database")
    parser.add_argument("--site-scale-resume", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sections = set(args.sections.split(","))
    root = shared_root()
    started = time.perf_counter()
    ecb, giveme = load_ecbplus(root), load_giveme(root)
    t0 = time.perf_counter()
    feats = _features(ecb + giveme, None)
    per_doc = (time.perf_counter() - t0) / len(ecb + giveme) * 1000
    print(f"features (name phrases) {per_doc:.2f} ms/article over {len(ecb + giveme)} articles")
    if "clusters" in sections:
        section_clusters(ecb, giveme, feats, args.seeds)
        if args.entities:
            from broadsheet.pipeline.enrich import Enricher

            t0 = time.perf_counter()
            enriched = _features(ecb + giveme, Enricher())
            per_doc = (time.perf_counter() - t0) / len(ecb + giveme) * 1000
            print(f"\nwith --entities: enrich + features {per_doc:.1f} ms/article")
            section_clusters(ecb, giveme, enriched, args.seeds)
    if "backfill" in sections:
        section_backfill(ecb, giveme, args.seeds)
    if "copies" in sections:
        section_copies(giveme)
    if "related" in sections:
        section_related(ecb, giveme, feats)
    if "site" in sections:
        from stories_site import section_site

        section_site(ecb, giveme, enrich=not args.site_no_enrich)
    if "site-scale" in sections:
        from stories_site import section_site_scale

        section_site_scale(ecb, giveme, args.site_scale, recheck=args.site_scale_recheck,
                           resume=args.site_scale_resume)
    if "scale" in sections:
        from stories_scale import section_scale

        section_scale(ecb, giveme, [int(n) for n in args.scale.split(",")])
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
