"""crawler/middlewares/proxy_routes.py, built from a crawler: routed hosts get their proxy, sample hosts need one."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.failures import NoProxyRoute
from crawler.middlewares.proxy_routes import ProxyRoutesMiddleware


def proxy_middleware(routes: dict[str, str]) -> ProxyRoutesMiddleware:
    return build_from_crawler(ProxyRoutesMiddleware, get_crawler(settings_dict={"PROXY_ROUTES": routes}))


def test_routed_hosts_get_their_proxy() -> None:
    middleware = proxy_middleware({".sample.test": "http://127.0.0.1:8123", "a.sample.test": "http://127.0.0.1:9"})
    request = Request("http://news.sample.test/x.html")
    assert middleware.process_request(request) is None
    assert request.meta["proxy"] == "http://127.0.0.1:8123"
    longest = Request("http://a.sample.test/")
    middleware.process_request(longest)
    assert longest.meta["proxy"] == "http://127.0.0.1:9"
    assert middleware.crawler.stats.get_value("proxy_routes/routed") == 2


def test_sample_hosts_without_a_route_are_refused() -> None:
    middleware = proxy_middleware({})
    with pytest.raises(NoProxyRoute):
        middleware.process_request(Request("http://news.sample.test/x.html"))
    assert middleware.crawler.stats.get_value("proxy_routes/refused") == 1


def test_other_hosts_are_left_alone() -> None:
    middleware = proxy_middleware({".sample.test": "http://127.0.0.1:8123"})
    request = Request("http://127.0.0.1:9/x.html")
    middleware.process_request(request)
    assert "proxy" not in request.meta


def test_proxy_routes_can_be_disabled() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(ProxyRoutesMiddleware, get_crawler(settings_dict={"PROXY_ROUTES_ENABLED": False}))
