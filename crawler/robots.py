"""RobotsRules: the robots.txt rules Scrapy's RobotsTxtMiddleware parsed, kept by host for the spider to ask.

The middleware drops a forbidden request after the spider made it; by then the spider has counted the link as an
unseen article, and a list page full of forbidden links looks as if it brought news (its next page is read, on every
crawl). So the spider asks first: a link robots.txt forbids is skipped (and counted as skipped), never requested.
The same parsed files give the `Sitemap:` lines (protego's `sitemaps`) for sources without other discovery.

Rules arrive with Scrapy's `robots_parsed` signal, sent when a host's robots.txt was read for the first request to
it: a host not asked yet has no rules here, and its first requests are left to the middleware. Off with
ROBOTSTXT_OBEY.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached


class RobotsRules:
    def __init__(self, user_agent: str) -> None:
        self.user_agent = user_agent
        self.parsers: dict[str, RobotParser] = {}  # netloc -> its parsed robots.txt

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsRules | None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            return None
        rules = cls(settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT"))
        crawler.signals.connect(rules.robots_parsed, signal=signals.robots_parsed)
        return rules

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        self.parsers[urlparse_cached(request).netloc] = robotparser

    def forbids(self, url: str) -> bool:
        parser = self.parsers.get(urlsplit(url).netloc)
        return parser is not None and not parser.allowed(url, self.user_agent)

    def sitemaps(self, netloc: str) -> list[str]:
        """The `Sitemap:` lines of a host's robots.txt (protego's parser reads them; others give none)."""
        parser = self.parsers.get(netloc)
        return list(getattr(getattr(parser, "rp", None), "sitemaps", ()) or ())

    def read(self, netloc: str) -> bool:
        return netloc in self.parsers
