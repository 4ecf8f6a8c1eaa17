"""The loopback news web for bench/fetch.py: many feeds on 50 hosts, some of them hostile.

``build_corpus`` lays out, deterministically from a seed, feeds on hosts 127.0.0.1 ..
127.0.0.N (each address is a distinct host, so per-host limits apply): the real
feedparser test feeds from ../shared/data/feeds, and generated RSS feeds whose items
are either full text (BBC News articles as ``content:encoded``) or teasers linking to
real article pages (article-extraction-benchmark HTML, served gzip-compressed). Each
host has a simulated network latency; some hosts are slow (trickled bodies), some fail
(HTTP 500, or 503 with a long Retry-After), some feeds redirect, and feeds answer 304
to their ETag. ``serve`` runs the server in a child process; it counts concurrent
requests and open connections per host and reports them at ``/__stats``.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import html
import json
import multiprocessing
import multiprocessing.synchronize
import random
import socket
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Simulated time to first byte per host, uniform in this range (seconds). Published
# measurements of news sites put TTFB plus TLS set-up at 0.1-0.6 s from a European
# vantage point; we take the lower half so the comparison is not flattered.
LATENCY_RANGE = (0.08, 0.30)
SLOW_LATENCY = 1.5  # slow hosts: seconds before the first byte, then a trickled body
SLOW_TRICKLE_SECONDS = 1.0


@dataclass
class Resource:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Host:
    index: int
    latency: float
    kind: str = "ok"  # ok | slow | error500 | busy503 | reset
    resources: dict[str, Resource] = field(default_factory=dict)

    @property
    def address(self) -> str:
        return f"127.0.0.{self.index + 1}"


@dataclass
class Corpus:
    hosts: list[Host]
    feeds: list[tuple[str, str | None]]  # (feed URL, ETag the client already holds)
    port: int = 0


def _rss(title: str, items: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{html.escape(title)}</title><link>http://example.invalid/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def build_corpus(shared: Path, *, feeds: int, hosts: int, seed: int, port: int) -> Corpus:
    """Lay out the feeds, pages and host behaviours (deterministic for a seed)."""
    rng = random.Random(seed)
    real_files = sorted(
        p
        for sub in ("wellformed/rss", "wellformed/atom10", "wellformed/rdf")
        for p in (shared / "feeds" / "feedparser-tests" / sub).glob("*.xml")
    )
    # Real article pages, compressed once and shared by every link that serves them.
    pages = [
        gzip.compress(gzip.decompress(p.read_bytes()), 6)
        for p in sorted((shared / "article-extraction-benchmark" / "html").glob("*.html.gz"))
    ]
    page_headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    with gzip.open(shared / "bbc-news" / "bbc-news.jsonl.gz", "rt", encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    host_list = [Host(i, rng.uniform(*LATENCY_RANGE)) for i in range(hosts)]
    # A few hostile hosts: 2 slow, 1 answering 500, 1 busy (503 + Retry-After), 1 reset.
    for kind, index in (("slow", 3), ("slow", 17), ("error500", 8), ("busy503", 29), ("reset", 41)):
        if index < hosts:
            host_list[index].kind = kind
            if kind == "slow":
                host_list[index].latency = SLOW_LATENCY
    for host in host_list:
        host.resources["/robots.txt"] = Resource(200, b"User-agent: *\nDisallow: /private/\n")
    feed_list: list[tuple[str, str | None]] = []
    n_real = min(len(real_files), feeds * 2 // 5)
    for n in range(feeds):
        host = host_list[n % hosts]
        base = f"http://{host.address}:{port}"
        path = f"/feeds/{n}.xml"
        if n < n_real:
            body = real_files[n].read_bytes()
        else:
            items = []
            for k in range(6):
                article = articles[rng.randrange(len(articles))]
                title = html.escape(article["title"])
                link = f"{base}/news/{n}-{k}.html"
                guid = f"{host.address}-{n}-{k}"
                host.resources[f"/news/{n}-{k}.html"] = Resource(
                    200, pages[rng.randrange(len(pages))], page_headers
                )
                if k < 2:  # a teaser: the article is on its page
                    first = html.escape(article["text"].split("\n")[0][:200])
                    items.append(
                        f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
                        f"<description>{first}...</description></item>"
                    )
                else:  # full text in the feed
                    paragraphs = "".join(
                        f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n") if p.strip()
                    )
                    items.append(
                        f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
                        f"<description>{title}</description>"
                        f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>"
                    )
            body = _rss(f"Generated feed {n}", items)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        host.resources[path] = Resource(
            200, body, {"Content-Type": "application/rss+xml", "ETag": etag}
        )
        url_path = path
        if n % 10 == 3:  # some feeds moved: the subscribed URL redirects
            url_path = f"/old/{n}.xml"
            host.resources[url_path] = Resource(301, b"", {"Location": path})
        held_etag = etag if n % 10 == 7 else None  # unchanged since the last poll: 304
        feed_list.append((f"{base}{url_path}", held_etag))
    return Corpus(host_list, feed_list, port)


class _Server:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.by_address = {h.address: h for h in corpus.hosts}
        self.requests: Counter[str] = Counter()
        self.max_requests: Counter[str] = Counter()
        self.connections: Counter[str] = Counter()
        self.max_connections: Counter[str] = Counter()
        self.served = 0
        # Per host: requests answered and seconds spent answering them (for the
        # politeness bound: a host allowing k requests at once needs busy/k seconds).
        self.answered: Counter[str] = Counter()
        self.busy: Counter[str] = Counter()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        address = writer.get_extra_info("sockname")[0]
        host = self.by_address.get(address)
        self.connections[address] += 1
        self.max_connections[address] = max(
            self.max_connections[address], self.connections[address]
        )
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if ":" in line)
                }
                if path.startswith("/__"):
                    await self._control(path, writer)
                    continue
                self.requests[address] += 1
                self.max_requests[address] = max(self.max_requests[address], self.requests[address])
                began = time.monotonic()
                try:
                    keep = await self._answer(host, path, headers, writer)
                finally:
                    self.requests[address] -= 1
                    self.served += 1
                    self.answered[address] += 1
                    self.busy[address] += time.monotonic() - began
                if not keep:
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            self.connections[address] -= 1
            writer.close()

    async def _control(self, path: str, writer: asyncio.StreamWriter) -> None:
        if path == "/__reset":
            self.max_requests.clear()
            self.max_connections.clear()
            self.served = 0
            self.answered.clear()
            self.busy.clear()
        stats = json.dumps(
            {
                "max_requests": self.max_requests,
                "max_connections": self.max_connections,
                "served": self.served,
                "answered": self.answered,
                "busy": self.busy,
            }
        ).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(stats), stats))
        await writer.drain()

    async def _answer(
        self, host: Host | None, path: str, headers: dict[str, str], writer: asyncio.StreamWriter
    ) -> bool:
        if host is None:
            return False
        await asyncio.sleep(host.latency)
        if host.kind == "reset":
            sock = writer.get_extra_info("socket")
            if sock is not None:
                linger = (1).to_bytes(4, "little") + (0).to_bytes(4, "little")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            return False
        if host.kind == "error500":
            resource = Resource(500, b"internal error")
        elif host.kind == "busy503":
            resource = Resource(503, b"busy", {"Retry-After": "3600"})
        else:
            resource = host.resources.get(path, Resource(404, b"not found"))
        held = headers.get("if-none-match")
        if resource.status == 200 and held and held == resource.headers.get("ETag"):
            resource = Resource(304, b"", {"ETag": resource.headers["ETag"]})
        body = resource.body
        extra = dict(resource.headers)
        if extra.get("Location", "").startswith("/"):
            extra["Location"] = f"http://{host.address}:{self.corpus.port}{extra['Location']}"
        accepts_gzip = "gzip" in headers.get("accept-encoding", "")
        if extra.get("Content-Encoding") == "gzip" and not accepts_gzip:
            body = gzip.decompress(body)
            del extra["Content-Encoding"]
        head = f"HTTP/1.1 {resource.status} X\r\nContent-Length: {len(body)}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in extra.items()
        )
        writer.write((head + "\r\n").encode("latin-1"))
        if host.kind == "slow" and len(body) > 10:
            step = max(1, len(body) // 10)
            for start in range(0, len(body), step):
                writer.write(body[start : start + step])
                await writer.drain()
                await asyncio.sleep(SLOW_TRICKLE_SECONDS / 10)
        else:
            writer.write(body)
            await writer.drain()
        return True


async def _run(corpus: Corpus, ready: multiprocessing.synchronize.Event) -> None:
    server = _Server(corpus)
    servers = [
        await asyncio.start_server(server.handle, host.address, corpus.port, backlog=1024)
        for host in corpus.hosts
    ]
    ready.set()
    await asyncio.gather(*(s.serve_forever() for s in servers))


def _main(corpus: Corpus, ready: multiprocessing.synchronize.Event) -> None:
    asyncio.run(_run(corpus, ready))


def free_port() -> int:
    """A port free on 127.0.0.1 (the other loopback addresses share it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(corpus: Corpus) -> multiprocessing.Process:
    """Start the server in a child process; returns once it listens."""
    ready = multiprocessing.get_context("fork").Event()
    process = multiprocessing.get_context("fork").Process(
        target=_main, args=(corpus, ready), daemon=True
    )
    process.start()
    if not ready.wait(30):
        process.kill()
        raise RuntimeError("the bench server did not start")
    return process
