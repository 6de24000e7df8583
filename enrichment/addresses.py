"""Which IP addresses we are willing to connect to: public unicast only."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from enrichment.errors import UnsafeURLError

Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver returns for host:port."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeURLError(f"{host} does not resolve: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal_reason(address: str, allow_loopback: bool = False) -> str | None:
    """Why we must not connect to this address, or None when it is a public unicast address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        inner = refusal_reason(str(ip.ipv4_mapped), allow_loopback)
        return f"is IPv4-mapped and {inner}" if inner else "is an IPv4-mapped IPv6 address"
    if ip.is_loopback:
        return None if allow_loopback else "is a loopback address"
    checks = (("is_private", "private"), ("is_link_local", "link-local"), ("is_multicast", "multicast"),
              ("is_reserved", "reserved"), ("is_unspecified", "unspecified"))
    for attribute, label in checks:
        if getattr(ip, attribute):
            return f"is a {label} address"
    if not ip.is_global:
        return "is not a public address"
    return None


def vetted_address(host: str, port: int, resolver: Resolver, allow_loopback: bool = False) -> str:
    """Resolve once and return an address to pin the connection to; refuse if any is unsafe."""
    addresses = resolver(host, port)
    if not addresses:
        raise UnsafeURLError(f"{host} has no addresses")
    for address in addresses:
        reason = refusal_reason(address, allow_loopback)
        if reason:
            raise UnsafeURLError(f"refusing {host}: {address} {reason}")
    return addresses[0]
