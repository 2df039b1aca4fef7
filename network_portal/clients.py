"""The visitor's address: one answer for rate limits, the login lockout and the access log.

Behind the TLS proxy the README requires, the socket's peer (``REMOTE_ADDR``) is the proxy,
shared by every visitor. The proxy adds the address it was called from to
``X-Forwarded-For``; anybody can send that header too, so it is believed only as far as the
proxies the setting ``TRUSTED_PROXIES`` names (environment ``PORTAL_TRUSTED_PROXIES``):

* nothing (the default): no proxy is trusted, forwarded headers are ignored, the client is
  ``REMOTE_ADDR``;
* a number ``N``: exactly ``N`` proxies stand in front of the portal; the client is the
  address the outermost of them saw, the ``N``-th from the right of ``REMOTE_ADDR`` and the
  ``X-Forwarded-For`` entries (what a visitor writes into the header itself stays to the left
  of it and is never used);
* networks (``10.0.0.0/8,fd00::/8``): walking from ``REMOTE_ADDR`` leftwards through
  ``X-Forwarded-For``, every address in those networks is a proxy; the first one that is not
  is the client.

An entry that is not an IP address ends the walk: the last address known good is used.

:func:`rate_limit_key` is what a limit counts: the address, or for IPv6 its /64 (one
household or server gets a whole /64, so counting single addresses would be no limit).
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(value: str) -> Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@functools.cache
def _networks(names: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(name.strip(), strict=False) for name in names)


def client_address_from(remote: str, forwarded_for: str, trusted: int | Sequence[str]) -> str:
    """The client's address from the socket's peer and the ``X-Forwarded-For`` header, under
    the trust ``trusted`` (the value of TRUSTED_PROXIES)."""
    peer = _address(remote or "")
    if peer is None:
        return remote or ""
    if not trusted:
        return str(peer)
    # Nearest first: the socket's peer, then the header from its right end.
    hops: list[Address] = [peer]
    for entry in reversed((forwarded_for or "").split(",")):
        address = _address(entry)
        if address is None:
            break
        hops.append(address)
    if isinstance(trusted, int):
        return str(hops[min(trusted, len(hops) - 1)])
    networks = _networks(tuple(trusted))
    for hop in hops:
        if not any(hop in network for network in networks):
            return str(hop)
    return str(hops[-1])


def client_address(request) -> str:
    """The address of the visitor who sent ``request`` (see the module's doc)."""
    return client_address_from(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        getattr(settings, "TRUSTED_PROXIES", 0),
    )


def rate_limit_key(request) -> str:
    """What a rate limit or the login lockout counts for ``request``: the client's IPv4
    address, or the /64 of its IPv6 address written as that network's first address
    (``2001:db8:1:2::``, a valid address, so django-axes can store it)."""
    address = _address(client_address(request))
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False).network_address)
    return str(address) if address is not None else ""


def parse_trusted_proxies(value: str) -> int | list[str]:
    """The setting from its environment variable: empty, a number, or networks separated by
    commas (checked here, so that a typo stops the start rather than trusting nothing)."""
    value = value.strip()
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    names = [name.strip() for name in value.split(",") if name.strip()]
    _networks(tuple(names))  # raises ValueError on a bad network
    return names
