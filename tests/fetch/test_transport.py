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
