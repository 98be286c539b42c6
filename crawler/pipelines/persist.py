"""Store every accepted page as a raw page, committed before anything else sees it.

The page's transaction also adds its URLs (requested, final, rel=canonical) to the source's seen set, with the
validators and dates a later refetch needs: a page is stored exactly when its URLs are seen. The item moves on to
the enqueue pipeline only once its commit is done, so a worker never gets the id of an uncommitted page.

On PostgreSQL, group commit: the transactions run in a worker thread, one at a time, and the pages that arrive
while one commits go together into the next (at most PAGE_PERSIST_BATCH_MAX). An idle crawl commits each page at
once; a busy one pays one commit (a network round trip and a WAL flush) for many pages and keeps downloading and
parsing meanwhile. A transaction that fails is retried page by page, so one bad page fails alone.

On SQLite, one transaction per page in the reactor's thread: with synchronous=NORMAL (crawler/database.py) a commit
does not wait for the disk, and the ORM work would hold the GIL in a thread anyway, stalling the reactor
(bench/crawl_overhead.py measures both).
"""

from __future__ import annotations

import asyncio

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import is_asyncio_available, run_in_thread
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crawler.database import crawler_engine
from crawler.items import PageItem
from storage.models import RawPage
from storage.repositories.crawl_state import record_article
from storage.repositories.pages import add_raw_page
from storage.session import make_session_factory, session_scope


class PersistRawPagePipeline:
    def __init__(self, crawler: Crawler, engine: Engine, *, batch_max: int = 50) -> None:
        self.crawler = crawler
        self.engine = engine
        self.sessions: sessionmaker[Session] = make_session_factory(engine)
        self.batch_max = max(1, batch_max)
        self.grouped = engine.dialect.name != "sqlite"
        self.waiting: list[tuple[PageItem, asyncio.Future[int]]] = []
        self.writer: asyncio.Task[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PersistRawPagePipeline:
        if not crawler.settings.getbool("PAGE_PERSIST_ENABLED", True):
            raise NotConfigured("PAGE_PERSIST_ENABLED is off")
        if (engine := crawler_engine(crawler)) is None:
            raise NotConfigured("DATABASE_URL is not set")
        return cls(crawler, engine, batch_max=crawler.settings.getint("PAGE_PERSIST_BATCH_MAX", 50))

    async def process_item(self, item: PageItem) -> PageItem:
        if self.grouped and is_asyncio_available():
            item.page_id = await self.queued(item)
        else:
            [item.page_id] = self.store([item])
        stats = self.crawler.stats
        stats.inc_value("page_persist/stored")
        stats.inc_value("page_persist/refetched" if item.refetch else "page_persist/new")
        return item

    async def queued(self, item: PageItem) -> int:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.waiting.append((item, future))
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self.write())
        return await future

    async def write(self) -> None:
        """Commit what is waiting, batch after batch, until nothing is."""
        while self.waiting:
            batch, self.waiting = self.waiting[: self.batch_max], self.waiting[self.batch_max :]
            try:
                ids = await run_in_thread(self.store, [item for item, _ in batch])
            except Exception:  # noqa: BLE001 - isolate the page that fails: the others are stored one by one
                self.crawler.stats.inc_value("page_persist/batch_failed")
                for item, future in batch:
                    try:
                        [page_id] = await run_in_thread(self.store, [item])
                    except Exception as exc:  # noqa: BLE001 - this page's own failure, for its item_error
                        _settle(future, exception=exc)
                    else:
                        _settle(future, page_id)
                continue
            self.crawler.stats.inc_value("page_persist/transactions")
            for (_, future), page_id in zip(batch, ids, strict=True):
                _settle(future, page_id)

    def store(self, items: list[PageItem]) -> list[int]:
        """One transaction: the raw pages and their seen URLs. Returns the pages' ids, once committed."""
        with session_scope(self.sessions) as session:
            pages = [self._store(session, item) for item in items]
        return [page.id for page in pages]

    @staticmethod
    def _store(session: Session, item: PageItem) -> RawPage:
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
        return page


def _settle(future: asyncio.Future[int], result: int | None = None, *, exception: BaseException | None = None) -> None:
    if future.done():  # cancelled: the crawl is shutting down
        return
    if exception is not None:
        future.set_exception(exception)
    else:
        future.set_result(result)  # type: ignore[arg-type]
