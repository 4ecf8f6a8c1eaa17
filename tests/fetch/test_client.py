"""The fetcher against real loopback servers: limits, politeness, conditional GET."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import AsyncIterator

import brotli
import pytest

from broadsheet.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RobotsDisallowed,
)
from broadsheet.fetch import Fetcher, FetchLimits, MappingResolver

from .loopback import LoopbackServer, Reply, Request

LOOPBACK_ENV = {"BROADSHEET_FETCH_ALLOW_HOSTS": "127.0.0.1"}


def make_fetcher(**kwargs: object) -> Fetcher:
    kwargs.setdefault("host_delay", 0.0)
    kwargs.setdefault("environ", LOOPBACK_ENV)
    return Fetcher(**kwargs)  # type: ignore[arg-type]


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


async def fetch(url: str, **kwargs: object):  # type: ignore[no-untyped-def]
    get_kwargs = {k: kwargs.pop(k) for k in ("etag", "last_modified") if k in kwargs}
    async with make_fetcher(**kwargs) as fetcher:
        return await fetcher.get(url, **get_kwargs)  # type: ignore[arg-type]


def test_plain_get_sends_user_agent_with_contact(server: LoopbackServer) -> None:
    server.route("/a", Reply(200, b"hello", {"Content-Type": "text/plain"}))
    response = run(fetch(server.url("/a")))
    assert response.content == b"hello"
    assert response.status == 200
    agent = server.hits("/a")[0].headers["user-agent"]
    assert "Broadsheet" in agent and "+http" in agent


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_compressed_bodies_are_decoded(server: LoopbackServer, coding: str) -> None:
    body = b"<rss>" + b"x" * 5000 + b"</rss>"
    packed = gzip.compress(body) if coding == "gzip" else brotli.compress(body)
    server.route("/c", Reply(200, packed, {"Content-Encoding": coding}))
    assert run(fetch(server.url("/c"))).content == body


def test_conditional_get_gives_not_modified(server: LoopbackServer) -> None:
    def handler(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(304)
        stamp = "Mon, 01 Jan 2024 00:00:00 GMT"
        return Reply(200, b"feed", {"ETag": '"v1"', "Last-Modified": stamp})

    server.route("/feed", handler)
    first = run(fetch(server.url("/feed")))
    assert first.etag == '"v1"' and not first.not_modified
    again = run(fetch(server.url("/feed"), etag=first.etag, last_modified=first.last_modified))
    assert again.not_modified and again.status == 304 and again.content == b""
    assert server.hits("/feed")[1].headers["if-modified-since"] == first.last_modified


def test_retry_after_is_honoured(server: LoopbackServer) -> None:
    calls: list[float] = []

    def handler(request: Request) -> Reply:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Reply(429, b"slow down", {"Retry-After": "1"})
        return Reply(200, b"ok")

    server.route("/busy", handler)
    assert run(fetch(server.url("/busy"))).content == b"ok"
    assert len(calls) == 2
    assert calls[1] - calls[0] >= 0.9


def test_retry_after_beyond_the_cap_gives_the_status(server: LoopbackServer) -> None:
    server.route("/down", Reply(503, b"", {"Retry-After": "3600"}))
    with pytest.raises(HTTPStatusError) as caught:
        run(fetch(server.url("/down")))
    assert caught.value.status == 503
    assert len(server.hits("/down")) == 1


def test_error_status_raises_with_status(server: LoopbackServer) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        run(fetch(server.url("/missing")))
    assert caught.value.status == 404
    assert "missing" in str(caught.value)


def test_robots_disallow(server: LoopbackServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n"))
    server.route("/private/x", Reply(200, b"secret"))
    server.route("/public", Reply(200, b"fine"))

    async def scenario() -> None:
        async with make_fetcher() as fetcher:
            assert (await fetcher.get(server.url("/public"))).content == b"fine"
            with pytest.raises(RobotsDisallowed):
                await fetcher.get(server.url("/private/x"))

    run(scenario())
    assert server.hits("/private/x") == []
    assert len(server.hits("/robots.txt")) == 1  # cached per origin


def test_robots_unreachable_means_disallow(server: LoopbackServer) -> None:
    server.route("/robots.txt", Reply(500, b"oops"))
    server.route("/page", Reply(200, b"x"))
    with pytest.raises(RobotsDisallowed, match="unreachable"):
        run(fetch(server.url("/page")))
    assert server.hits("/page") == []


def test_robots_longer_than_the_parse_limit_uses_its_first_500_kib(server: LoopbackServer) -> None:
    # RFC 9309 2.5: a crawler may stop parsing after at least 500 KiB. The rules in
    # that prefix apply; the file is not "unreachable" (which would block the site).
    head = b"User-agent: *\nDisallow: /private/\n"
    padding = b"# " + b"x" * 1000 + b"\n"
    body = head + padding * 700 + b"User-agent: *\nDisallow: /late/\n"  # ~700 KB
    server.route("/robots.txt", Reply(200, body, {"Content-Type": "text/plain"}))
    server.route("/public", Reply(200, b"fine"))
    server.route("/late/x", Reply(200, b"past the limit"))
    server.route("/private/x", Reply(200, b"secret"))

    async def scenario() -> None:
        async with make_fetcher() as fetcher:
            assert (await fetcher.get(server.url("/public"))).content == b"fine"
            assert (await fetcher.get(server.url("/late/x"))).content == b"past the limit"
            with pytest.raises(RobotsDisallowed):
                await fetcher.get(server.url("/private/x"))

    run(scenario())
    assert server.hits("/private/x") == []


def test_redirects_are_followed_up_to_the_limit(server: LoopbackServer) -> None:
    for i in range(8):
        server.route(f"/r{i}", Reply(302, b"", {"Location": f"/r{i + 1}"}))
    server.route("/r8", Reply(200, b"end"))
    server.route("/s0", Reply(301, b"", {"Location": "/r5"}))
    response = run(fetch(server.url("/s0")))  # 4 redirects
    assert response.content == b"end" and response.final_url.endswith("/r8")
    assert len(response.redirects) == 4
    with pytest.raises(ResponseTooLarge, match="redirects"):
        run(fetch(server.url("/r0")))  # 8 redirects


def test_per_host_concurrency_limit(server: LoopbackServer) -> None:
    server.route("/slow", Reply(200, b"x", delay=0.2))
    resolver = MappingResolver({f"h{i}.test": "127.0.0.1" for i in range(3)})

    async def scenario() -> None:
        async with make_fetcher(resolver=resolver, host_concurrency=2, obey_robots=False) as f:
            urls = [server.url(f"/slow?{n}", host=f"h{n % 3}.test") for n in range(18)]
            await asyncio.gather(*(f.get(u) for u in urls))

    started = time.monotonic()
    run(scenario())
    elapsed = time.monotonic() - started
    assert max(server.max_in_flight.values()) == 2  # the limit is used, never exceeded
    assert set(server.max_in_flight) == {"h0.test", "h1.test", "h2.test"}
    assert elapsed < 18 * 0.2  # hosts were served in parallel


def test_per_host_delay_spaces_requests(server: LoopbackServer) -> None:
    server.route("/p", Reply(200, b"x"))

    async def scenario() -> None:
        async with make_fetcher(host_delay=0.3, obey_robots=False) as f:
            await asyncio.gather(*(f.get(server.url(f"/p?{n}")) for n in range(4)))

    started = time.monotonic()
    run(scenario())
    assert time.monotonic() - started >= 0.85  # 3 gaps of 0.3 s


# --- hostile responses ---------------------------------------------------------------


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_compression_bomb_is_stopped(server: LoopbackServer, coding: str) -> None:
    zeros = b"\0" * 200_000_000
    if coding == "gzip":
        bomb = gzip.compress(zeros, compresslevel=9)
    else:
        bomb = brotli.compress(zeros, quality=4)
    server.route("/bomb", Reply(200, bomb, {"Content-Encoding": coding}))
    with pytest.raises(ResponseTooLarge, match="ratio"):
        run(fetch(server.url("/bomb")))


def test_oversized_body_is_stopped_while_streaming(server: LoopbackServer) -> None:
    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield b"a" * 65536
            await asyncio.sleep(0)

    server.route("/endless", lambda request: Reply(200, endless()))
    limits = FetchLimits(max_bytes=2_000_000, timeout=10)
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge, match="2000000 bytes"):
        run(fetch(server.url("/endless"), limits=limits))
    assert time.monotonic() - started < 10


def test_declared_oversized_body_is_refused_before_reading(server: LoopbackServer) -> None:
    server.route("/big", Reply(200, b"x" * 3000))
    with pytest.raises(ResponseTooLarge, match="Content-Length"):
        run(fetch(server.url("/big"), limits=FetchLimits(max_bytes=1000)))


def test_trickling_response_hits_the_total_time_limit(server: LoopbackServer) -> None:
    async def trickle() -> AsyncIterator[bytes]:
        for _ in range(60):
            yield b"a"
            await asyncio.sleep(1)

    server.route("/trickle", lambda request: Reply(200, trickle()))
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        run(fetch(server.url("/trickle"), limits=FetchLimits(timeout=2.0)))
    assert time.monotonic() - started < 4


def test_connection_refused_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="connection failed"):
        run(fetch("http://127.0.0.1:9/"))


def test_fetcher_keeps_working_after_hostile_sources(server: LoopbackServer) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)
    server.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    server.route("/ok", Reply(200, b"fine"))

    async def scenario() -> list[object]:
        async with make_fetcher(obey_robots=False) as f:
            return await asyncio.gather(
                f.get(server.url("/bomb")), f.get(server.url("/ok")), return_exceptions=True
            )

    bad, good = run(scenario())
    assert isinstance(bad, ResponseTooLarge)
    assert getattr(good, "content", None) == b"fine"


def test_robots_crawl_delay_spaces_requests(server: LoopbackServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nCrawl-delay: 0.5\n"))
    server.route("/p", Reply(200, b"x"))

    async def scenario() -> None:
        async with make_fetcher() as f:  # no delay of our own
            await asyncio.gather(*(f.get(server.url(f"/p?{n}")) for n in range(3)))

    started = time.monotonic()
    run(scenario())
    assert time.monotonic() - started >= 0.9  # the robots fetch, then 3 starts 0.5 s apart
