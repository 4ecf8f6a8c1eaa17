"""Copy-detection figures for bench/stories.py.

Three measurements: Giveme5W1H pairs (gold = exact 5-word-shingle overlap by the same
rule as :func:`~broadsheet.pipeline.connect.is_copy`, so this measures the MinHash/LSH
approximation, plus how many found pairs share a gold event), the BBC exact-duplicate
groups (pairs), and synthetic syndication variants of BBC articles (text under a new
headline, the last quarter trimmed, a paragraph of another article added, both, and a
40% lede). The peer is exact-hash matching of normalised text. Benchmark support only.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations

from stories_data import Doc

from broadsheet.pipeline.connect import NearDuplicateIndex, content_hash, fingerprint, is_copy
from broadsheet.pipeline.connect.fingerprint import (
    COPY_CONTAINMENT,
    COPY_JACCARD,
    COPY_MIN_JACCARD,
    MIN_COPY_WORDS,
    SHINGLE_WORDS,
)
from broadsheet.pipeline.connect.terms import shingles


def _pr(found: set[frozenset[str]], gold: set[frozenset[str]]) -> tuple[float, float]:
    tp = len(found & gold)
    return (tp / len(found) if found else 1.0), (tp / len(gold) if gold else 1.0)


def _index_pairs(texts: dict[str, str]) -> set[frozenset[str]]:
    """Pairs found by NearDuplicateIndex: each text against every text indexed before it."""
    index = NearDuplicateIndex()
    pairs: set[frozenset[str]] = set()
    for item_id, text in texts.items():
        fp = fingerprint(text)
        for other, _ in index.query(fp):
            other_fp = index.get(other)
            if other_fp is not None and is_copy(fp, other_fp)[0]:
                pairs.add(frozenset((item_id, other)))
        index.add(item_id, fp)
    return pairs


def giveme_pairs(docs: Sequence[Doc]) -> None:
    texts = {d.id: d.article.body for d in docs}
    sets = {k: shingles(v, SHINGLE_WORDS) for k, v in texts.items()}
    words = {k: len(v.split()) for k, v in texts.items()}
    gold: set[frozenset[str]] = set()
    for a, b in combinations(texts, 2):
        if min(words[a], words[b]) < MIN_COPY_WORDS or not sets[a] or not sets[b]:
            continue
        shared = len(sets[a] & sets[b])
        j = shared / len(sets[a] | sets[b])
        contained = shared / min(len(sets[a]), len(sets[b]))
        if j >= COPY_JACCARD or (j >= COPY_MIN_JACCARD and contained >= COPY_CONTAINMENT):
            gold.add(frozenset((a, b)))
    found = _index_pairs(texts)
    p, r = _pr(found, gold)
    event = {d.id: d.gold for d in docs}
    same_event = sum(1 for pair in found if len({event[x] for x in pair}) == 1)
    hashes: dict[str, list[str]] = {}
    for k, v in texts.items():
        hashes.setdefault(content_hash(v), []).append(k)
    exact = {frozenset(p) for ids in hashes.values() for p in combinations(ids, 2)}
    pe, re_ = _pr(exact, gold)
    ratio = f"×{r / re_:.1f}" if re_ else "(peer finds none)"
    print(f"giveme5w1h: {len(gold)} gold pairs (exact shingles); broadsheet P {p:.3f} "
          f"R {r:.3f}; exact-hash peer P {pe:.3f} R {re_:.3f}; recall {ratio}")
    print(f"  found pairs sharing a gold event: {same_event}/{len(found)}")


def bbc_exact_groups(items: list[tuple[str, str, str]], groups: list[list[str]]) -> None:
    texts = {item_id: text for item_id, _title, text in items}
    gold = {
        frozenset(p)
        for group in groups
        if set(group) <= set(texts)
        for p in combinations(group, 2)
    }
    found = _index_pairs(texts)
    p, r = _pr(found, gold)
    print(f"bbc exact-duplicate groups: {len(gold)} gold pairs over {len(texts)} articles; "
          f"broadsheet P {p:.3f} R {r:.3f} ({len(found - gold)} extra pairs, near-duplicates "
          "outside the byte-identical groups)")


def perturbed_bbc(items: list[tuple[str, str, str]], count: int = 400, seed: int = 7) -> None:
    rng = random.Random(seed)
    texts = {item_id: text for item_id, _title, text in items}
    ids = sorted(texts)
    chosen = rng.sample(ids, count)
    index = NearDuplicateIndex()
    for item_id in ids:
        if texts[item_id] and len(texts[item_id].split()) >= MIN_COPY_WORDS:
            index.add(item_id, fingerprint(texts[item_id]))
    kinds = ("new headline", "trimmed 25%", "added paragraph", "trimmed + added",
             "lede only (40%)")
    for kind in kinds:
        hit = wrong = 0
        for item_id in chosen:
            words = texts[item_id].split()
            extra = " ".join(texts[rng.choice(ids)].split()[:60])
            keep = words[: int(len(words) * 0.75)]
            if kind == "new headline":
                variant = ["Breaking:", "a", "new", "headline", *words]
            elif kind == "trimmed 25%":
                variant = keep
            elif kind == "added paragraph":
                variant = [*words, extra]
            elif kind == "trimmed + added":
                variant = [*keep, extra]
            else:
                variant = words[: int(len(words) * 0.4)]
            variant_text = " ".join(variant)
            found = index.find_copy(fingerprint(variant_text))
            if found is not None:
                if texts[found[0]] == texts[item_id]:
                    hit += 1
                else:
                    wrong += 1
        print(f"bbc syndication variants, {kind:<16}: recall {hit / count:.3f}, "
              f"wrong original {wrong}/{count}")
