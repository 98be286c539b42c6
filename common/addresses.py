"""Which network addresses a fetch may connect to. Pure functions over `ipaddress`; no resolution happens here.

A fetch goes to the public internet. Loopback, private, link-local, multicast, reserved and other non-public
addresses are refused unless a network holding them is allowed: by the source (`private_networks` in sources.yaml)
or by the deployment (`UNIONFEED_PRIVATE_NETWORKS`), for intranet sources and the bundled sample sites. The cloud
metadata services are refused always: no news lives there, and they hand out credentials.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network

# The instance metadata services of the clouds (AWS, GCP, Azure, Alibaba, Tencent, OpenStack, ECS tasks) by address
# and by the names that resolve to them inside the cloud (outside, they must not even be looked up).
METADATA_ADDRESSES = frozenset(
    ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "169.254.0.23", "100.100.100.200", "fd00:ec2::254")
)
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
    }
)
NAT64 = ip_network("64:ff9b::/96")  # the well-known NAT64 prefix: the IPv4 address is the last 32 bits


class RefusedAddress(ValueError):
    """A fetch would connect to an address that is not public and not allowed."""


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """CIDR networks (`10.0.0.0/8`, `127.0.0.1`, `fd00::/8`); a bad one raises ValueError naming it."""
    networks = []
    for value in values:
        try:
            networks.append(ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not a network (expected CIDR such as 10.0.0.0/8)") from None
    return tuple(networks)


def address_refusal(address: str | Address, allowed: Sequence[Network] = ()) -> str | None:
    """Why a connection to `address` is refused (`loopback`, `private`, `metadata`, ...), or None when it may go."""
    return _address_refusal(address, tuple(allowed))


def host_refusal(host: str, allowed: Sequence[Network] = ()) -> str | None:
    """What can be said of a URL's host before resolving it: a metadata name, or an address literal's refusal.
    None for any other name: its addresses decide (`address_refusal` once resolved)."""
    return _host_refusal(host, tuple(allowed))


# Pure and asked once per request with the same few hosts: cached (parsing an address costs tens of microseconds).
@lru_cache(maxsize=4096)
def _address_refusal(address: str | Address, allowed: tuple[Network, ...]) -> str | None:
    ip = _embedded_ipv4(ip_address(address.split("%", 1)[0]) if isinstance(address, str) else address)
    if ip in METADATA_ADDRESSES:
        return "metadata"
    if any(ip.version == network.version and ip in network for network in allowed):
        return None
    for kind, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    ):
        if flag:
            return kind
    return None


@lru_cache(maxsize=4096)
def _host_refusal(host: str, allowed: tuple[Network, ...]) -> str | None:
    host = host.strip("[]").rstrip(".").lower()
    if host in METADATA_HOSTS:
        return "metadata"
    literal = as_address(host)
    return None if literal is None else _address_refusal(literal, allowed)


@lru_cache(maxsize=4096)
def as_address(host: str) -> Address | None:
    try:
        return ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def describe_refusal(host: str, address: str | None, kind: str) -> str:
    """The reason a run records for a refused fetch."""
    where = host if address in (None, host) else f"{host} ({address})"
    if kind == "metadata":
        return f"refused to connect to {where}: a cloud metadata service (never fetched)"
    return f"refused to connect to {where}: {kind} address (not in the allowed private_networks)"


def _embedded_ipv4(ip: Address) -> Address:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64): that is where the packets go."""
    if isinstance(ip, IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in NAT64:
            return IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip
