"""robots.txt's `Crawl-delay`, applied: Scrapy's robot parsers read it, but nothing in Scrapy waits for it.

Small sites often state their rate limit only there. When a host's robots.txt names a delay for our user agent,
requests to that host start at least that many seconds apart (at most ROBOTSTXT_CRAWL_DELAY_MAX, so one line in
a robots.txt cannot stall a crawl for hours). It comes on top of the source's own delay and AutoThrottle's, which
pace Scrapy's download slots: this waits before a request reaches its slot, so the longer of them holds.

Runs after Scrapy's RobotsTxtMiddleware (100), which has fetched and parsed the host's robots.txt by then and sent
`robots_parsed`. Off with ROBOTSTXT_OBEY, or with ROBOTSTXT_CRAWL_DELAY_ENABLED = False.
"""

from __future__ import annotations

import time

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.robotstxt import RobotParser
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached


class CrawlDelayMiddleware:
    def __init__(self, crawler: Crawler, *, user_agent: str, max_delay: float) -> None:
        self.crawler = crawler
        self.user_agent = user_agent
        self.max_delay = max_delay
        self.delays: dict[str, float] = {}  # netloc -> seconds between request starts
        self.next_start: dict[str, float] = {}  # netloc -> the monotonic time the next request may start

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off")
        if not settings.getbool("ROBOTSTXT_CRAWL_DELAY_ENABLED", True):
            raise NotConfigured("ROBOTSTXT_CRAWL_DELAY_ENABLED is off")
        user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        middleware = cls(crawler, user_agent=user_agent, max_delay=settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX", 30.0))
        crawler.signals.connect(middleware.robots_parsed, signal=signals.robots_parsed)
        return middleware

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if not delay or delay <= 0:
            return
        applied = min(float(delay), self.max_delay)
        self.delays[urlparse_cached(request).netloc] = applied
        self.crawler.stats.max_value("robotstxt/crawl_delay", applied)  # type: ignore[union-attr]

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return  # robots.txt itself
        netloc = urlparse_cached(request).netloc
        delay = self.delays.get(netloc)
        if delay is None:
            return
        now = time.monotonic()
        # Reserve a start time before waiting, so requests that arrive together are spaced, not released together.
        start = max(now, self.next_start.get(netloc, now))
        self.next_start[netloc] = start + delay
        if start > now:
            self.crawler.stats.inc_value("robotstxt/crawl_delay_waits")  # type: ignore[union-attr]
            await sleep(start - now)
