"""A hosts table in place of DNS for crawls under test: names resolve without a packet leaving the machine.

`HostsResolver` is Scrapy's caching resolver (TWISTED_DNS_RESOLVER) whose lookups read TESTKIT_HOSTS (name ->
address, or a list of addresses handed out one per lookup, the way a rebinding DNS server answers) instead of asking
DNS; a name not in the table does not resolve. Address literals resolve to themselves, as with getaddrinfo.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver, dnscache
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from common.addresses import as_address


class HostsResolver(CachingThreadedResolver):
    hosts: dict[str, list[str]]

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> HostsResolver:
        resolver = super().from_crawler(crawler, reactor)
        table = crawler.settings.getdict("TESTKIT_HOSTS")
        resolver.hosts = {name: [answer] if isinstance(answer, str) else list(answer) for name, answer in table.items()}
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802 - Twisted
        if name in dnscache:
            return defer.succeed(dnscache[name])
        if as_address(name) is not None:
            return defer.succeed(name)
        answers = self.hosts.get(name)
        if not answers:
            return defer.fail(DNSLookupError(f"{name} is not in the test hosts table"))
        address = answers.pop(0) if len(answers) > 1 else answers[0]
        if dnscache.limit:
            dnscache[name] = address
        return defer.succeed(address)
