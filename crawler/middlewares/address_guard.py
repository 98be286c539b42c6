"""Refuse requests that would connect to a loopback, private, link-local, multicast or metadata address.

Every request passes here: start URLs, links, feeds, sitemaps, robots.txt, the page requests the browser renders and
every redirect (RedirectMiddleware sends the redirected request through the downloader middlewares again). The host
is resolved through the reactor's resolver, Scrapy's caching one (TWISTED_DNS_RESOLVER), and the connection is then
answered from the same cache: the address checked is the address connected to, so a name that resolves to a public
address here and to 127.0.0.1 a moment later (DNS rebinding) cannot slip through. A request routed through a proxy
(PROXY_ROUTES) connects to the proxy, so the proxy's address is checked; its target is checked when it is an address
literal or a metadata name (the proxy resolves other names). Networks the source (`private_networks`) or the
deployment (`UNIONFEED_PRIVATE_NETWORKS`) allow are let through; metadata services never are. A refusal raises
`AddressRefused`, recorded on the run as `refused_address`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

from common.addresses import Network, address_refusal, as_address, describe_refusal, host_refusal, parse_networks
from crawler.failures import AddressRefused

Resolve = Callable[[str], Awaitable[str]]


async def reactor_resolve(host: str) -> str:
    """The address the reactor's resolver gives `host` (and caches for the connection that follows)."""
    from twisted.internet import reactor

    return await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[attr-defined]


class AddressGuardMiddleware:
    def __init__(self, crawler: Crawler, allowed: Sequence[Network], resolve: Resolve = reactor_resolve) -> None:
        self.crawler = crawler
        self.allowed = tuple(allowed)
        self.resolve = resolve

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        settings = crawler.settings
        if not settings.getbool("ADDRESS_GUARD_ENABLED", True):
            raise NotConfigured
        networks = [*settings.getlist("ADDRESS_GUARD_PRIVATE_NETWORKS"), *settings.getlist("ADDRESS_GUARD_NETWORKS")]
        return cls(crawler, parse_networks(networks))

    async def process_request(self, request: Request) -> None:
        reason = await self.refusal(request.url, request.meta.get("proxy"))
        if reason is not None:
            raise AddressRefused(reason)

    async def refusal(self, url: str, proxy: str | None = None) -> str | None:
        """Why a fetch of `url` (through `proxy`) would be refused, for the run's record; None when it may go."""
        target = urlsplit(url).hostname or ""
        if (kind := host_refusal(target, self.allowed)) is not None:
            return self._refused(target, None, kind)
        host = (urlsplit(proxy).hostname or "") if proxy else target
        if as_address(host) is not None:
            kind = host_refusal(host, self.allowed)
            return None if kind is None else self._refused(host, None, kind)
        try:
            address = await self.resolve(host)
        except DNSLookupError:
            return None  # the download fails the same way and is recorded as unreachable
        kind = address_refusal(address, self.allowed)
        return None if kind is None else self._refused(host, address, kind)

    def _refused(self, host: str, address: str | None, kind: str) -> str:
        self.crawler.stats.inc_value("address_guard/refused")
        self.crawler.stats.inc_value(f"address_guard/refused/{kind}")
        return describe_refusal(host, address, kind)
