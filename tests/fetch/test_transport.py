"""Per-origin connection pools: one per host, idle ones closed."""

from __future__ import annotations

import asyncio

import httpx

from broadsheet.fetch import AddressGuard, MappingResolver
from broadsheet.fetch.transport import PerHostTransport

from .loopback import LoopbackServer, Reply


def test_one_pool_per_origin_and_idle_pools_are_closed(server: LoopbackServer) -> None:
    server.route("/x", Reply(200, b"ok"))
    guard = AddressGuard(
        ["127.0.0.1"], resolver=MappingResolver({"a.test": "127.0.0.1", "b.test": "127.0.0.1"})
    )
    transport = PerHostTransport(guard, keepalive=0.2, prune_every=1)

    async def scenario() -> list[int]:
        seen = []
        async with httpx.AsyncClient(transport=transport) as client:
            for host in ("a.test", "b.test", "a.test"):
                assert (await client.get(server.url("/x", host=host))).content == b"ok"
                seen.append(transport.open_pools)
            await asyncio.sleep(0.3)  # both idle now
            await client.get(server.url("/x", host="b.test"))
            seen.append(transport.open_pools)
        return seen

    assert asyncio.run(scenario()) == [1, 2, 2, 1]
    assert {r.host for r in server.log} == {"a.test", "b.test"}


def test_a_pool_is_not_closed_under_a_body_being_read(server: LoopbackServer) -> None:
    async def slow_body():  # type: ignore[no-untyped-def]
        for _ in range(6):
            yield b"chunk "
            await asyncio.sleep(0.1)

    server.route("/slow", lambda request: Reply(200, slow_body()))
    server.route("/x", Reply(200, b"ok"))
    guard = AddressGuard(
        ["127.0.0.1"], resolver=MappingResolver({"a.test": "127.0.0.1", "b.test": "127.0.0.1"})
    )
    transport = PerHostTransport(guard, keepalive=0.05, prune_every=1)

    async def scenario() -> bytes:
        async with httpx.AsyncClient(transport=transport) as client:
            async with client.stream("GET", server.url("/slow", host="a.test")) as response:
                body = b""
                async for chunk in response.aiter_bytes():
                    body += chunk
                    # Requests to another host sweep idle pools while a.test streams.
                    await client.get(server.url("/x", host="b.test"))
            return body

    assert asyncio.run(scenario()) == b"chunk " * 6
