"""Which network addresses a fetch may reach.

A tracked page is untrusted input: its URL, or any redirect it answers with, could
point the tracker at a router admin page, a cloud metadata service or a database on
the local network. By default every hop is resolved first and refused when any of its
addresses is not a public one; the user opts in with ``allow_private`` for intranet
pages, the demo and the tests.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable

from tracker.errors import AddressFailure, NetworkFailure

__all__ = [
    "Resolver",
    "address_problem",
    "check_host",
    "system_resolver",
]

Resolver = Callable[[str, int], Awaitable[list[str]]]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (getaddrinfo), off the event loop."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        detail = error.strerror if isinstance(error, socket.gaierror) else str(error)
        raise NetworkFailure(f"DNS lookup failed for {host}: {detail}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _parse(address: str) -> IPAddress | None:
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address):
        # ::ffff:10.0.0.1 and 6to4 (2002::/16) addresses reach the embedded IPv4 host.
        if parsed.ipv4_mapped is not None:
            return parsed.ipv4_mapped
        if parsed.sixtofour is not None:
            return parsed.sixtofour
    return parsed


def address_problem(address: str) -> str | None:
    """The kind of non-public address this is ("loopback", "private", ...), or None."""
    parsed = _parse(address)
    if parsed is None:
        return "unparseable"
    if parsed.is_loopback:
        return "loopback"
    if parsed.is_unspecified:
        return "unspecified"
    if parsed.is_link_local:
        return "link-local"
    if parsed.is_multicast:
        return "multicast"
    if parsed.is_private:
        return "private"
    if parsed.is_reserved:
        return "reserved"
    if not parsed.is_global:
        return "non-public"
    return None


def _literal(host: str) -> str | None:
    candidate = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(candidate.split("%", 1)[0])
    except ValueError:
        return None
    return candidate


async def check_host(host: str, port: int, *, allow_private: bool, resolver: Resolver) -> list[str]:
    """Resolve ``host`` and refuse it when any address is not public (unless allowed).

    Every address is checked, not just the first: a name that resolves to one public
    and one private address could be steered to the private one at connect time.
    """
    if allow_private:
        return []
    literal = _literal(host)
    addresses = [literal] if literal is not None else await resolver(host, port)
    if not addresses:
        raise NetworkFailure(f"DNS lookup failed for {host}: no addresses")
    for address in addresses:
        if (kind := address_problem(address)) is not None:
            subject = host if literal is None else "the URL"
            verb = "resolves to" if literal is None else "points at"
            raise AddressFailure(
                f"refused: {subject} {verb} {kind} address {address} "
                "(set allow_private to track it)"
            )
    return addresses
