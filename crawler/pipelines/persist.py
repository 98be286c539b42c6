"""Store every accepted page as a raw page in its own committed transaction, before anything else sees it.

The same transaction adds the page's URLs (requested, final, rel=canonical) to the source's seen set, with the
validators and dates a later refetch needs: a page is stored exactly when its URLs are seen. The transaction runs in
a worker thread, so the crawl keeps downloading and parsing while the database commits; the item moves on to the
enqueue pipeline only once its commit is done.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import run_in_thread
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crawler.items import PageItem
from crawler.signals import page_stored
from storage.repositories.crawl_state import record_article
from storage.repositories.pages import add_raw_page
from storage.session import make_engine, make_session_factory, session_scope


class PersistRawPagePipeline:
    def __init__(self, crawler: Crawler, engine: Engine) -> None:
        self.crawler = crawler
        self.engine = engine
        self.sessions: sessionmaker[Session] = make_session_factory(engine)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PersistRawPagePipeline:
        database_url = crawler.settings.get("DATABASE_URL")
        if not database_url or not crawler.settings.getbool("PAGE_PERSIST_ENABLED", True):
            raise NotConfigured("PAGE_PERSIST_ENABLED is off or DATABASE_URL is not set")
        return cls(crawler, make_engine(database_url))

    async def process_item(self, item: PageItem) -> PageItem:
        item.page_id = await run_in_thread(self.store, item)
        stats = self.crawler.stats
        stats.inc_value("page_persist/stored")
        stats.inc_value("page_persist/refetched" if item.refetch else "page_persist/new")
        self.crawler.signals.send_catch_log(page_stored, item=item)
        return item

    def store(self, item: PageItem) -> int:
        """One transaction: the raw page and its seen URLs. Returns the page's id, once committed."""
        with session_scope(self.sessions) as session:
            page = add_raw_page(
                session,
                source=item.source,
                crawl_run_id=item.crawl_run_id,
                url=item.url,
                final_url=item.final_url,
                status_code=item.status,
                headers=item.headers,
                body=item.body,
                fetched_at=item.fetched_at,
            )
            record_article(
                session,
                source=item.source,
                url=item.url,
                aliases=item.aliases,
                fetched_at=item.fetched_at,
                status=item.status,
                published_at=item.published_at,
                etag=item.header("etag") or None,
                last_modified=item.header("last-modified") or None,
                body_sha256=page.body_sha256,
            )
        return page.id

    def close_spider(self) -> None:
        self.engine.dispose()
