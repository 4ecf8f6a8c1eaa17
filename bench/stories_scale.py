"""Scale figures for bench/stories.py: per-article assignment cost and memory on a long stream.

The stream repeats the real articles (ECB+, Giveme5W1H) in cycles. Each cycle renames
every key of the features (suffix ``~<cycle>``) and masks the MinHash signature with a
per-cycle constant, so cycle *k* tells new stories, not copies of cycle *k-1*; one
article in ten is a copy of a recent one (wire syndication). Articles arrive at
``RATE_PER_DAY`` on a synthetic clock, so stories retire once idle for the window.
Only :meth:`StoryIndex.assign` is timed (features are prepared outside the clock).
Benchmark support only.
"""

from __future__ import annotations

import gc
import random
import resource
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
from stories_data import Doc

from broadsheet.pipeline.connect import StoryFeatures, StoryIndex, features_of

RATE_PER_DAY = 2000
COPY_SHARE = 0.1
FLOOD = 10_000


def _renamed(features: StoryFeatures, cycle: int, index: int, when: datetime) -> StoryFeatures:
    suffix = f"~{cycle}"

    def rename(mapping: dict) -> dict:  # type: ignore[type-arg]
        return {f"{k}{suffix}": v for k, v in mapping.items()}

    fp = features.fingerprint
    if fp is not None:
        mask = np.uint32((cycle * 2654435761) & 0xFFFFFFFF)
        fp = replace(fp, signature=fp.signature ^ mask,
                     content_hash=f"{(int(fp.content_hash, 16) ^ cycle):032x}")
    return replace(
        features,
        id=f"{features.id}#{index}",
        title_terms=rename(dict(features.title_terms)),
        body_terms=rename(dict(features.body_terms)),
        entities=rename(dict(features.entities)),
        published=when,
        fingerprint=fp,
    )


def synthetic_stream(
    pool: Sequence[StoryFeatures], total: int
) -> Iterator[tuple[int, StoryFeatures]]:
    """``(n, features)`` for the ``total`` articles of the stream described above.

    The same stream on every call (seed 3): the scale section and the site-scale
    section of bench/stories_site.py measure the same articles.
    """
    rng = random.Random(3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    recent: list[StoryFeatures] = []
    for n in range(total):
        when = start + timedelta(days=n / RATE_PER_DAY)
        if recent and rng.random() < COPY_SHARE:
            original = rng.choice(recent)
            yield n, replace(original, id=f"copy#{n}", published=when, source=f"outlet{n % 97}")
        else:
            item = _renamed(pool[n % len(pool)], n // len(pool), n, when)
            recent.append(item)
            if len(recent) > 200:
                recent.pop(0)
            yield n, item


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def section_scale(ecb: Sequence[Doc], giveme: Sequence[Doc], sizes: list[int]) -> None:
    pool = [features_of(d.article, id=d.id) for d in [*ecb, *giveme]]
    print(f"\n== Scale: synthetic stream from {len(pool)} real articles, {RATE_PER_DAY}/day, "
          f"{COPY_SHARE:.0%} copies ==")
    total = max(sizes)
    index = StoryIndex()
    block = max(1000, total // 20)
    spent = 0.0
    block_spent = 0.0
    block_cpu = 0.0
    block_count = 0
    gc.collect()
    print(f"{'articles':>10}{'µs/article (block)':>20}{'cpu µs':>8}{'active stories':>16}"
          f"{'active articles':>17}{'keys':>9}{'retired':>9}{'vocabulary':>12}{'max RSS MB':>12}")
    for n, item in synthetic_stream(pool, total):
        c0 = time.thread_time()
        t0 = time.perf_counter()
        index.assign(item)
        elapsed = time.perf_counter() - t0
        block_cpu += time.thread_time() - c0
        block_count += 1
        spent += elapsed
        block_spent += elapsed
        if (n + 1) % block == 0 or (n + 1) in sizes:
            size = index.sizes()
            print(f"{n + 1:>10}{block_spent / block_count * 1e6:>20.0f}"
                  f"{block_cpu / block_count * 1e6:>8.0f}{size['stories']:>16}"
                  f"{size['articles']:>17}{size['keys']:>9}{size['retired']:>9}"
                  f"{size['vocabulary']:>12}{_rss_mb():>12.0f}", flush=True)
            block_spent = 0.0
            block_cpu = 0.0
            block_count = 0
    print(f"mean assignment {spent / total * 1e6:.0f} µs/article over {total} articles "
          f"(assignment only; features_of is separate)")
    _flood(pool[0])


def _flood(base: StoryFeatures) -> None:
    index = StoryIndex()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    index.assign(replace(base, id="wire", published=start))
    t0 = time.perf_counter()
    for n in range(FLOOD):
        index.assign(replace(base, id=f"flood{n}", published=start + timedelta(seconds=n)))
    per = (time.perf_counter() - t0) / FLOOD * 1e6
    story = index.story("wire")
    print(f"flood: {FLOOD} copies of one wire story: {per:.0f} µs/copy, 1 story, "
          f"{story.members} members, {index.sizes()['originals']} indexed original(s)")
