"""The address guard: no request reaches a private, loopback or otherwise internal address.

An :class:`AddressGuard` resolves a host name once, checks every resolved address, and
the connection is then opened to that checked address (never to the name again), so a
DNS answer that changes between check and connect (DNS rebinding) cannot slip through.
:class:`GuardedNetworkBackend` puts the guard under httpcore, so EVERY connection the
fetcher opens, including each redirect hop, goes through it. Loopback, private (RFC
1918, ULA), link-local (169.254/16 cloud metadata), shared (100.64/10), multicast,
reserved and unspecified addresses are refused unless BROADSHEET_FETCH_ALLOW_HOSTS
names the host or a network containing the address. The resolver is injectable
(:class:`MappingResolver`) so tests and benchmarks can map names to loopback without
touching real DNS. This module does no HTTP.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

import httpcore
from httpcore._backends.anyio import AnyIOBackend

from broadsheet import config
from broadsheet.errors import BlockedAddress, ConfigError, FetchError

__all__ = [
    "AddressGuard",
    "GuardedNetworkBackend",
    "MappingResolver",
    "Resolver",
    "system_resolver",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
#: ``async resolver(host, port) -> [ip, ...]``
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with the operating system's resolver (``getaddrinfo``).

    Raises:
        FetchError: the name does not resolve.
    """
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in addresses:
            addresses.append(address)
    return addresses


class MappingResolver:
    """A resolver answering from a fixed map of host name to addresses.

    Names not in the map fail to resolve (or go to ``fallback`` when given). Used by
    tests and benchmarks to point virtual host names at loopback.
    """

    def __init__(
        self, mapping: Mapping[str, str | Iterable[str]], *, fallback: Resolver | None = None
    ) -> None:
        self._mapping: dict[str, list[str]] = {
            name.lower().rstrip("."): [value] if isinstance(value, str) else list(value)
            for name, value in mapping.items()
        }
        self._fallback = fallback

    async def __call__(self, host: str, port: int) -> list[str]:
        """Return the mapped addresses of ``host``."""
        found = self._mapping.get(host.lower().rstrip("."))
        if found is not None:
            return list(found)
        if self._fallback is not None:
            return await self._fallback(host, port)
        raise FetchError(f"cannot resolve host {host!r}: not in the resolver map")


def _parse_ip(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _is_public(address.ipv4_mapped)
    if isinstance(address, ipaddress.IPv6Address) and address.sixtofour is not None:
        return _is_public(address.sixtofour)
    return address.is_global and not address.is_multicast


class AddressGuard:
    """Decides which addresses the fetcher may connect to.

    Args:
        allow: host names or networks (an IP or CIDR) let through although internal.
        resolver: how host names become addresses (default: the system resolver).
    """

    def __init__(self, allow: Iterable[str] = (), *, resolver: Resolver | None = None) -> None:
        self._allowed_names: set[str] = set()
        self._allowed_networks: list[IPNetwork] = []
        for entry in allow:
            entry = entry.strip().lower()
            if not entry:
                continue
            try:
                self._allowed_networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                if "/" in entry:
                    raise ConfigError(
                        f"not a host or network: {entry!r}", input="BROADSHEET_FETCH_ALLOW_HOSTS"
                    ) from None
                self._allowed_names.add(entry.rstrip("."))
        self._resolver: Resolver = resolver or system_resolver

    @classmethod
    def from_settings(
        cls, environ: Mapping[str, str] | None = None, *, resolver: Resolver | None = None
    ) -> AddressGuard:
        """Build a guard from BROADSHEET_FETCH_ALLOW_HOSTS."""
        return cls(config.get("BROADSHEET_FETCH_ALLOW_HOSTS", environ), resolver=resolver)

    def address_allowed(self, address: str) -> bool:
        """Whether a literal IP address may be connected to."""
        parsed = _parse_ip(address)
        if parsed is None:
            return False
        if _is_public(parsed):
            return True
        return any(parsed in network for network in self._allowed_networks)

    def check_address(self, address: str, *, host: str, url: str | None = None) -> None:
        """Refuse ``address`` (the resolved address of ``host``) unless it is allowed.

        Raises:
            BlockedAddress: the address is internal and not explicitly allowed.
        """
        if host.lower().rstrip(".") in self._allowed_names:
            return
        if not self.address_allowed(address):
            shown = host if host.strip("[]") == address else f"{host} ({address})"
            raise BlockedAddress(
                f"refusing to connect to {shown}: a loopback, private, link-local or "
                "reserved address (allow it with BROADSHEET_FETCH_ALLOW_HOSTS)",
                url=url,
            )

    async def resolve(self, host: str, port: int, *, url: str | None = None) -> list[str]:
        """Resolve ``host`` and check every address it resolves to.

        All addresses must pass: a name that resolves to one public and one private
        address is refused, so round-robin answers cannot smuggle an internal one in.

        Returns:
            The checked addresses, to connect to in order.

        Raises:
            BlockedAddress: an address is internal and not allowed.
            FetchError: the name does not resolve.
        """
        bare = host.strip("[]")
        literal = _parse_ip(bare)
        if literal is not None:
            addresses = [str(literal)]
        else:
            try:
                addresses = await self._resolver(bare, port)
            except FetchError as exc:
                raise FetchError(exc.reason, url=url) from exc
            if not addresses:
                raise FetchError(f"host {host!r} resolves to no address", url=url)
        for address in addresses:
            self.check_address(address, host=bare, url=url)
        return addresses


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to addresses the guard passed.

    TLS still verifies the certificate against the host name: httpcore passes the
    origin's name as SNI/server_hostname when it starts TLS on the returned stream.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._backend = AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve and check ``host``, then connect to the first checked address."""
        addresses = await self._guard.resolve(host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._backend.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are never used for fetching."""
        raise BlockedAddress(f"refusing to connect to a unix socket {path!r}")

    async def sleep(self, seconds: float) -> None:
        """Sleep (httpcore uses this between connection retries)."""
        await self._backend.sleep(seconds)
