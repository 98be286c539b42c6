"""Skip article requests whose canonical URL already has a stored raw page for this source.

The simple incremental rule: list pages are always fetched, articles once. It is a spider middleware so that all
the article links of one list page are looked up in a single query.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from sqlalchemy import Engine

from crawler.items import ARTICLE_PAGE, PAGE_KIND
from storage.repositories.crawl_state import known_urls
from storage.session import make_engine, make_session_factory, session_scope


class KnownPagesMiddleware:
    def __init__(self, crawler: Crawler, engine: Engine) -> None:
        self.crawler = crawler
        self.engine = engine
        self.sessions = make_session_factory(engine)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownPagesMiddleware:
        database_url = crawler.settings.get("DATABASE_URL")
        if not database_url or not crawler.settings.getbool("KNOWN_PAGES_ENABLED", True):
            raise NotConfigured("KNOWN_PAGES_ENABLED is off or DATABASE_URL is not set")
        middleware = cls(crawler, make_engine(database_url))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        self.engine.dispose()

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        yield from self.drop_known(list(result))

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        for output in self.drop_known([output async for output in result]):
            yield output

    def drop_known(self, outputs: list[Any]) -> list[Any]:
        articles = [o.url for o in outputs if isinstance(o, Request) and o.meta.get(PAGE_KIND) == ARTICLE_PAGE]
        if not articles:
            return outputs
        with session_scope(self.sessions) as session:
            known = known_urls(session, self.crawler.spider.name, articles)
        if known:
            self.crawler.stats.inc_value("known_pages/skipped", len(known))
        return [o for o in outputs if not (isinstance(o, Request) and o.url in known)]
