"""Route hosts through proxies by host suffix (PROXY_ROUTES), and refuse hosts that must never go direct.

The bundled sample sites live at `*.sample.test` and are only reachable through the local sample server, which is
also an HTTP proxy. A `*.sample.test` request without a route would mean a DNS query leaving the machine, so it is
refused (IgnoreRequest, recorded on the run as `no_proxy_route`) instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.failures import NoProxyRoute

LOCAL_ONLY_SUFFIXES = (".sample.test",)


class ProxyRoutesMiddleware:
    def __init__(self, crawler: Crawler, routes: Mapping[str, str], required: Sequence[str]) -> None:
        self.crawler = crawler
        # Longest suffix first, so `.a.sample.test` wins over `.sample.test`.
        self.routes = sorted(((_suffix(s), proxy) for s, proxy in routes.items()), key=lambda r: -len(r[0]))
        self.required = tuple(_suffix(s) for s in required)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyRoutesMiddleware:
        if not crawler.settings.getbool("PROXY_ROUTES_ENABLED", True):
            raise NotConfigured
        routes = crawler.settings.getdict("PROXY_ROUTES")
        required = crawler.settings.getlist("PROXY_ROUTES_REQUIRED", list(LOCAL_ONLY_SUFFIXES))
        return cls(crawler, routes, required)

    def process_request(self, request: Request) -> None:
        host = (urlparse_cached(request).hostname or "").lower()
        proxy = route_for(host, self.routes)
        if proxy is not None:
            request.meta["proxy"] = proxy
            self.crawler.stats.inc_value("proxy_routes/routed")
        elif any(_matches(host, suffix) for suffix in self.required):
            self.crawler.stats.inc_value("proxy_routes/refused")
            raise NoProxyRoute(f"no proxy route for {host!r}: such hosts are only reachable through PROXY_ROUTES")


def route_for(host: str, routes: Sequence[tuple[str, str]]) -> str | None:
    return next((proxy for suffix, proxy in routes if _matches(host, suffix)), None)


def _suffix(suffix: str) -> str:
    return "." + suffix.lower().lstrip(".")


def _matches(host: str, suffix: str) -> bool:
    # ".sample.test" matches "a.sample.test" and the bare "sample.test".
    return ("." + host).endswith(suffix)
