"""SSRF: the address guard refuses internal destinations, including via DNS and redirects.

Every test runs under the ``network_trap`` fixture (conftest.py): even a broken guard
could not reach anything but 127.0.0.1, and any attempt fails the test.
"""

from __future__ import annotations

import asyncio

import pytest

from broadsheet.errors import BlockedAddress, ConfigError, FetchError
from broadsheet.fetch import AddressGuard, Fetcher, MappingResolver

from .loopback import LoopbackServer, Reply

# Only 127.0.0.1 is allowed, exactly as the suite configures it.
ALLOW_LOOPBACK_ONE = {"BROADSHEET_FETCH_ALLOW_HOSTS": "127.0.0.1"}


def fetch(url: str, *, resolver: MappingResolver | None = None, allow: str = "127.0.0.1"):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        async with Fetcher(
            environ={"BROADSHEET_FETCH_ALLOW_HOSTS": allow}, resolver=resolver, host_delay=0
        ) as fetcher:
            return await fetcher.get(url)

    return asyncio.run(go())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.2/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://[fd00::1]/",
        "http://224.0.0.1/",
    ],
)
def test_internal_literal_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedAddress, match="refusing to connect") as caught:
        fetch(url)
    assert caught.value.url is not None


def test_hostname_resolving_to_private_address_is_refused() -> None:
    resolver = MappingResolver({"intranet.example": "10.20.30.40"})
    with pytest.raises(BlockedAddress, match=r"intranet\.example \(10\.20\.30\.40\)"):
        fetch("http://intranet.example/admin", resolver=resolver)


def test_one_private_answer_among_public_ones_is_refused() -> None:
    resolver = MappingResolver({"mixed.example": ["93.184.216.34", "192.168.1.1"]})
    with pytest.raises(BlockedAddress):
        fetch("http://mixed.example/", resolver=resolver)


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.2:{port}/", "http://internal.example/"],
)
def test_redirect_to_private_address_is_refused(server: LoopbackServer, target: str) -> None:
    # public.example stands for a public site: the guard lets it through by name.
    resolver = MappingResolver({"public.example": "127.0.0.1", "internal.example": "10.0.0.7"})
    server.route("/go", Reply(302, b"", {"Location": target.format(port=server.port)}))
    with pytest.raises(BlockedAddress):
        fetch(server.url("/go", host="public.example"), resolver=resolver, allow="public.example")
    assert len(server.hits("/go")) == 1


def test_connection_goes_to_the_checked_address_not_a_second_lookup(server: LoopbackServer) -> None:
    # If the client looked the name up again when connecting (the DNS-rebinding hole),
    # the system resolver would be asked for rebind.example and the network trap fail.
    calls: list[str] = []
    mapping = MappingResolver({"rebind.example": "127.0.0.1"})

    async def counting(host: str, port: int) -> list[str]:
        calls.append(host)
        return await mapping(host, port)

    server.route("/robots.txt", Reply(404))
    server.route("/x", Reply(200, b"ok"))

    async def go() -> bytes:
        async with Fetcher(environ=ALLOW_LOOPBACK_ONE, resolver=counting, host_delay=0) as f:
            return (await f.get(server.url("/x", host="rebind.example"))).content

    assert asyncio.run(go()) == b"ok"
    assert calls == ["rebind.example"]  # one lookup, one pooled connection


def test_allow_list_accepts_networks_and_names() -> None:
    guard = AddressGuard(["10.0.0.0/8", "intranet.local"])
    assert guard.address_allowed("10.2.3.4")
    assert not guard.address_allowed("192.168.0.1")
    assert guard.address_allowed("93.184.216.34")
    guard.check_address("192.168.0.1", host="intranet.local")  # allowed by name
    with pytest.raises(BlockedAddress):
        guard.check_address("192.168.0.1", host="other.local")


def test_bad_network_in_allow_list_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        AddressGuard(["10.0.0.0/99"])


def test_default_resolver_failure_is_a_fetch_error(network_trap: list[str]) -> None:
    # The trap refuses the lookup: the guard must turn that into a FetchError, not crash.
    guard = AddressGuard()
    with pytest.raises(FetchError, match="cannot resolve"):
        asyncio.run(guard.resolve("name.invalid", 80))
    assert network_trap == ["getaddrinfo('name.invalid')"]
    network_trap.clear()


def test_trap_records_the_refused_lookup(network_trap: list[str]) -> None:
    # The network trap itself must be able to fail: a lookup of a public name is caught.
    import socket

    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 80)
    assert network_trap == ["getaddrinfo('example.com')"]
    network_trap.clear()
