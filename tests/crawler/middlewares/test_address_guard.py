"""crawler/middlewares/address_guard.py, built from a crawler. Names resolve through a hosts table given to the
middleware (the way /etc/hosts answers), so nothing is looked up and nothing is sent."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError

from common.addresses import parse_networks
from crawler.failures import REFUSED_ADDRESS, AddressRefused, classify_exception
from crawler.middlewares.address_guard import AddressGuardMiddleware

HOSTS = {
    "news.example.org": "93.184.216.34",
    "intranet.example.org": "10.1.2.3",
    "rebound.example.org": "127.0.0.1",
    "proxy.internal": "10.9.9.9",
}


def guard(**settings: Any) -> AddressGuardMiddleware:
    crawler = get_crawler(settings_dict=settings)
    middleware = build_from_crawler(AddressGuardMiddleware, crawler)
    asked: list[str] = []

    async def resolve(host: str) -> str:
        asked.append(host)
        if host not in HOSTS:
            raise DNSLookupError(host)
        return HOSTS[host]

    middleware.resolve = resolve
    middleware.asked = asked  # type: ignore[attr-defined]
    return middleware


def check(middleware: AddressGuardMiddleware, url: str, **meta: Any) -> None:
    asyncio.run(middleware.process_request(Request(url, meta=meta)))


def test_public_hosts_pass() -> None:
    middleware = guard()
    check(middleware, "https://news.example.org/a.html")
    assert middleware.asked == ["news.example.org"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("http://intranet.example.org/", "intranet.example.org (10.1.2.3): private"),
        ("http://rebound.example.org/", "rebound.example.org (127.0.0.1): loopback"),
        ("http://10.0.0.1/", "10.0.0.1: private"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254: a cloud metadata service"),
        ("http://[::1]:8080/", "::1: loopback"),
        ("http://0.0.0.0/", "0.0.0.0: unspecified"),
        ("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal: a cloud metadata"),
    ],
)
def test_hosts_that_are_not_public_are_refused(url: str, where: str) -> None:
    middleware = guard()
    with pytest.raises(AddressRefused, match=re.escape(f"refused to connect to {where}")) as refused:
        check(middleware, url)
    assert classify_exception(refused.value)[0] == REFUSED_ADDRESS
    assert middleware.crawler.stats.get_value("address_guard/refused") == 1
    assert "metadata.google.internal" not in middleware.asked  # type: ignore[attr-defined]


def test_the_source_and_the_deployment_allow_their_networks() -> None:
    middleware = guard(ADDRESS_GUARD_NETWORKS=["10.1.0.0/16"], ADDRESS_GUARD_PRIVATE_NETWORKS=["127.0.0.0/8"])
    assert middleware.allowed == parse_networks(["127.0.0.0/8", "10.1.0.0/16"])
    check(middleware, "http://intranet.example.org/")
    check(middleware, "http://127.0.0.1:8000/")
    with pytest.raises(AddressRefused):
        check(middleware, "http://10.2.0.1/")
    with pytest.raises(AddressRefused, match="metadata"):
        check(guard(ADDRESS_GUARD_NETWORKS=["169.254.0.0/16"]), "http://169.254.169.254/")


def test_a_proxied_request_is_checked_at_its_proxy_and_by_its_literal_target() -> None:
    middleware = guard(ADDRESS_GUARD_NETWORKS=["127.0.0.0/8"])
    check(middleware, "http://news.sample.test/", proxy="http://127.0.0.1:8123")
    assert middleware.asked == []  # type: ignore[attr-defined]  # the proxy resolves the target's name
    with pytest.raises(AddressRefused, match="proxy.internal"):
        check(middleware, "http://news.example.org/", proxy="http://proxy.internal:3128")
    with pytest.raises(AddressRefused, match="10.0.0.1"):
        check(middleware, "http://10.0.0.1/", proxy="http://127.0.0.1:8123")


def test_a_name_that_does_not_resolve_is_left_to_the_download() -> None:
    check(guard(), "http://nowhere.example.org/")


def test_the_guard_can_be_turned_off() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(AddressGuardMiddleware, get_crawler(settings_dict={"ADDRESS_GUARD_ENABLED": False}))
