"""Benchmark: Broadsheet's poll_feeds against sequential feedparser + trafilatura.

A loopback server (bench/fetch_server.py, a child process) serves the feeds on 50
hosts (127.0.0.1 .. 127.0.0.50) with simulated latency, slow, failing and resetting
hosts, redirects and 304s. We run, in the same process and against the same server:

1. Broadsheet: ``poll_feeds`` over every feed with the polite Fetcher (2 requests
   per host, a host delay) and extraction (``broadsheet.pipeline.extract.extract``)
   in a process pool; items per second end to end (fetch + parse + pages + extract).
2. The baseline: for a random sample of the feeds, sequentially ``feedparser.parse``
   the feed URL (its own urllib fetch, with the held ETag), then for each entry
   ``trafilatura.extract`` its content, or fetch its link (urllib) and extract the
   page when the entry has no full content.

It prints items/s for both and the ratio, and FAILS (exit 1) if the server saw more
concurrent requests or connections on one host than the fetcher's per-host limit.
Every socket is trapped to loopback for the whole run. Nothing is asserted on time.

    .venv/bin/python bench/fetch.py [--feeds 1000] [--hosts 50] [--baseline-share 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import resource
import socket
import sys
import time
import urllib.request
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fetch_server import LATENCY_RANGE, build_corpus, free_port, serve  # noqa: E402

from broadsheet.fetch import AddressGuard, FeedSpec, Fetcher, FetchLimits, poll_feeds  # noqa: E402
from broadsheet.fetch.feeds import has_full_text  # noqa: E402


def trap_to_loopback() -> None:
    """Refuse any name lookup or connection that is not loopback (for the whole run)."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def loopback(name: object) -> bool:
        text = name.decode() if isinstance(name, bytes) else str(name)
        try:
            return ipaddress.ip_address(text).is_loopback
        except ValueError:
            return text == "localhost"

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"bench trap: no lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):  # type: ignore[no-untyped-def]
        if isinstance(address, tuple) and not loopback(address[0]):
            raise OSError(f"bench trap: no connection to {address!r}")
        return real_connect(self, address)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    socket.socket.connect = connect  # type: ignore[method-assign]


def server_stats(port: int, reset: bool = False) -> dict:
    path = "/__reset" if reset else "/__stats"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.loads(response.read())


async def run_broadsheet(
    feeds: list[tuple[str, str | None]],
    *,
    concurrency: int,
    delay: float,
    workers: int,
    fast: bool,
    extract_items: bool = True,
) -> dict:
    from broadsheet.fetch import partial_extractor
    from broadsheet.pipeline.extract import extract

    extractor = partial_extractor(extract, fast=True) if fast else extract
    specs = [FeedSpec(url, etag=etag) for url, etag in feeds]
    statuses: dict[str, int] = {}
    errors: dict[str, int] = {}
    progress: list[tuple[float, int]] = []
    items = articles = pages = 0
    with ProcessPoolExecutor(workers) as pool:
        # Warm the workers (imports, models) outside the timed part, as a long-running
        # site worker would be.
        warm_cpu = sum(pool.map(_warm, range(workers)))
        async with Fetcher(
            guard=AddressGuard(["127.0.0.0/8"]),
            host_concurrency=concurrency,
            host_delay=delay,
            limits=FetchLimits(timeout=15.0),
        ) as fetcher:
            cpu_before = _cpu_seconds()
            started = time.perf_counter()
            async for outcome in poll_feeds(
                specs,
                fetcher=fetcher,
                extract=extract_items,
                extractor=extractor,
                executor=pool,
                full_text="auto",
            ):
                statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
                if outcome.error_kind:
                    errors[outcome.error_kind] = errors.get(outcome.error_kind, 0) + 1
                items += len(outcome.items)
                articles += sum(1 for i in outcome.items if i.article is not None)
                pages += sum(1 for i in outcome.items if i.page_fetched)
                progress.append((time.perf_counter() - started, items))
            elapsed = time.perf_counter() - started
    # The workers are reaped by now, so their CPU time is counted, minus their warm-up.
    cpu = _cpu_seconds() - cpu_before - warm_cpu
    t95 = next((t for t, n in progress if n >= 0.95 * items), elapsed)
    return {
        "seconds": elapsed,
        "t95": t95,
        "cpu": cpu,
        "items": items,
        "articles": articles,
        "pages": pages,
        "feeds": statuses,
        "errors": errors,
    }


def _cpu_seconds() -> float:
    """CPU seconds of this process and its reaped children (the extraction workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _warm(_: int) -> float:
    from broadsheet.pipeline.extract import extract
    from broadsheet.types import RawDocument

    warnings.simplefilter("ignore")
    try:
        extract(RawDocument("<html><body><p>" + "warm up text. " * 50 + "</p></body></html>"))
    except Exception:  # noqa: BLE001 - warm-up only; the timed run reports failures
        pass
    time.sleep(0.5)  # so that each worker gets one warm-up call
    return time.process_time()


def run_baseline(
    feeds: list[tuple[str, str | None]], *, extract_items: bool = True, fast: bool = False
) -> dict:
    import feedparser
    import trafilatura

    items = articles = pages = 0
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    for url, etag in feeds:
        result = feedparser.parse(url, etag=etag)
        for entry in result.entries:
            items += 1
            content = (entry.get("content") or [{}])[0].get("value")
            if not has_full_text(content) and entry.get("link"):
                try:
                    with urllib.request.urlopen(entry["link"], timeout=15) as response:
                        content = response.read().decode("utf-8", "replace")
                    pages += 1
                except (OSError, ValueError):
                    content = content or entry.get("summary")
            if extract_items:
                text = trafilatura.extract(content, fast=fast) if content else None
                articles += text is not None
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "cpu": _cpu_seconds() - cpu_before,
        "items": items,
        "articles": articles,
        "pages": pages,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument(
        "--baseline-share",
        type=float,
        default=0.1,
        help="share of the feeds the (slow) sequential baseline polls",
    )
    parser.add_argument("--concurrency", type=int, default=2, help="requests in flight per host")
    parser.add_argument(
        "--host-delay", type=float, default=0.1, help="seconds between request starts per host"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--fast", action="store_true", help="extract with fast=True (both sides)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("BROADSHEET_SHARED_DATA") or REPO.parent / "shared" / "data"),
    )
    parser.add_argument(
        "--mode",
        choices=["end-to-end", "fetch-only", "both"],
        default="both",
        help="end-to-end: fetch + extract; fetch-only: fetch + parse, no extraction",
    )
    parser.add_argument(
        "--no-slow-hosts",
        action="store_true",
        help="give the 2 slow hosts normal latency (failing hosts stay)",
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # third-party import-time warnings are not our output

    corpus = build_corpus(
        args.shared, feeds=args.feeds, hosts=args.hosts, seed=args.seed, port=free_port()
    )
    if args.no_slow_hosts:
        for host in corpus.hosts:
            if host.kind == "slow":
                host.kind, host.latency = "ok", LATENCY_RANGE[1]
    sample = random.Random(args.seed).sample(
        corpus.feeds, max(1, round(len(corpus.feeds) * args.baseline_share))
    )
    modes = ["end-to-end", "fetch-only"] if args.mode == "both" else [args.mode]
    process = serve(corpus)
    trap_to_loopback()
    print(
        f"corpus: {len(corpus.feeds)} feeds on {args.hosts} hosts; {os.cpu_count()} cores; "
        f"per host: {args.concurrency} requests, {args.host_delay:g} s apart; "
        f"baseline on {len(sample)} sampled feeds; slow hosts: {not args.no_slow_hosts}"
    )
    failed = False
    try:
        for mode in modes:
            extract_items = mode == "end-to-end"
            server_stats(corpus.port, reset=True)
            ours = asyncio.run(
                run_broadsheet(
                    corpus.feeds,
                    concurrency=args.concurrency,
                    delay=args.host_delay,
                    workers=args.workers,
                    fast=args.fast,
                    extract_items=extract_items,
                )
            )
            stats = server_stats(corpus.port)
            base = run_baseline(sample, extract_items=extract_items, fast=args.fast)
            failed |= report(mode, ours, base, stats, args.concurrency, args.host_delay)
    finally:
        process.kill()
    if failed:
        print("FAIL: a per-host limit was exceeded", file=sys.stderr)
        return 1
    return 0


def politeness_bound(stats: dict, limit: int, delay: float) -> tuple[float, str]:
    """The shortest run any fetcher keeping the per-host limits could have made.

    A host that answered n requests taking ``busy`` seconds in all needs at least
    busy / limit seconds with ``limit`` requests in flight, and (n - 1) * delay with
    request starts ``delay`` apart; the run lasts at least as long as its worst host.
    Returns the bound and the host that sets it.
    """
    bounds = {
        host: max(stats["busy"][host] / limit, (stats["answered"][host] - 1) * delay)
        for host in stats["answered"]
    }
    host = max(bounds, key=bounds.__getitem__)
    return bounds[host], f"{host}: {stats['answered'][host]} requests, {stats['busy'][host]:.1f} s"


def report(mode: str, ours: dict, base: dict, stats: dict, limit: int, delay: float) -> bool:
    """Print one mode's figures; True when a per-host limit was exceeded."""
    ours_rate = ours["items"] / ours["seconds"]
    base_rate = base["items"] / base["seconds"]
    worst_requests = max(stats["max_requests"].values())
    worst_connections = max(stats["max_connections"].values())
    print(f"[{mode}]")
    print(
        f"  broadsheet: {ours['items']} items ({ours['articles']} articles, {ours['pages']} "
        f"pages) in {ours['seconds']:.1f} s = {ours_rate:.1f} items/s "
        f"(95% of items after {ours['t95']:.1f} s); feeds {ours['feeds']}, errors {ours['errors']}"
    )
    print(
        f"  baseline:   {base['items']} items ({base['articles']} articles, {base['pages']} "
        f"pages) in {base['seconds']:.1f} s = {base_rate:.1f} items/s"
    )
    print(
        f"  CPU per item: broadsheet {1000 * ours['cpu'] / ours['items']:.1f} ms "
        f"(all processes but the server), baseline {1000 * base['cpu'] / base['items']:.1f} ms"
    )
    print(f"  ratio: {ours_rate / base_rate:.1f}x items/s")
    bound, which = politeness_bound(stats, limit, delay)
    print(
        f"  politeness bound: no fetcher within the per-host limits finishes this run in "
        f"under {bound:.1f} s (slowest host {which}); best possible ratio "
        f"{ours['items'] / bound / base_rate:.1f}x; this run took {ours['seconds'] / bound:.2f}x "
        f"the bound"
    )
    print(
        f"  server saw per host at most {worst_requests} concurrent requests and "
        f"{worst_connections} open connections (limit {limit})"
    )
    return worst_requests > limit or worst_connections > limit


if __name__ == "__main__":
    sys.exit(main())
