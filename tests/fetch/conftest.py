"""Fixtures of the fetch tests: a network trap and a loopback HTTP server.

The autouse ``network_trap`` patches name resolution and socket connects for every
test here: resolving anything but loopback literals, or connecting anywhere but
127.0.0.1, raises AND is recorded, and the test fails at teardown even if the code
under test swallowed the exception. So these tests cannot send traffic off loopback
even if the address guard were broken.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from .loopback import LoopbackServer

_LOOPBACK = {"127.0.0.1", "localhost"}


@pytest.fixture(autouse=True)
def network_trap(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail loudly on any name lookup or connection that is not to 127.0.0.1."""
    violations: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else host
        if name not in _LOOPBACK:
            violations.append(f"getaddrinfo({name!r})")
            raise socket.gaierror(socket.EAI_NONAME, f"network trap: lookup of {name!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def check(address: object) -> None:
        if isinstance(address, tuple) and address and address[0] != "127.0.0.1":
            violations.append(f"connect({address!r})")
            raise OSError(f"network trap: connect to {address!r}")

    def connect(self, address):  # type: ignore[no-untyped-def]
        check(address)
        return real_connect(self, address)

    def connect_ex(self, address):  # type: ignore[no-untyped-def]
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield violations
    if violations:
        pytest.fail(f"traffic off loopback was attempted: {violations}")


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A loopback HTTP server, closed after the test."""
    served = LoopbackServer()
    yield served
    served.close()
