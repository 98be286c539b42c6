"""Store every accepted page as a raw page, committed before anything else sees it.

The page's transaction also adds its URLs (requested, final, rel=canonical) to the source's seen set, with the
validators and dates a later refetch needs: a page is stored exactly when its URLs are seen. The item moves on to
the enqueue pipeline only once its commit is done, so a worker never gets the id of an uncommitted page.

Group commit: one writer takes the pages waiting, stores them in one transaction (at most PAGE_PERSIST_BATCH_MAX),
hands each item its page id, and goes on with what arrived meanwhile. An idle crawl commits a page as soon as it is
parsed; a busy one pays one commit for several pages (bench/crawl_overhead.py: the largest share of the crawler's
own cost was one transaction per page). A transaction that fails is retried page by page, so a bad page fails alone.
- PostgreSQL: the writer's transactions run in a worker thread (a commit waits for the network and the server's WAL
  flush; the crawl downloads and parses meanwhile).
- SQLite: they run in the reactor's thread, after letting the pages of the current loop turn join the batch: the
  ORM work would hold the GIL in a thread anyway, and with synchronous=NORMAL (crawler/database.py) a commit does
  not wait for the disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import is_asyncio_available, run_in_thread
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crawler.database import crawler_engine
from crawler.items import PageItem
from storage.repositories.crawl_state import FetchedArticle, record_articles
from storage.repositories.pages import FetchedPage, StoredPage, add_raw_pages
from storage.session import make_session_factory, session_scope


class PersistRawPagePipeline:
    def __init__(self, crawler: Crawler, engine: Engine, *, batch_max: int = 50) -> None:
        self.crawler = crawler
        self.engine = engine
        self.sessions: sessionmaker[Session] = make_session_factory(engine, record_changes=False)  # writes no articles
        self.batch_max = max(1, batch_max)
        self.threaded = engine.dialect.name != "sqlite"
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
        if is_asyncio_available():
            item.page_id = await self.queued(item)
        else:
            [item.page_id] = self.store([item])
        stats = self.crawler.stats
        stats.inc_value("page_persist/stored")
        kind = "gone" if item.gone else "refetched" if item.refetch else "new"  # removal, changed page, new article
        stats.inc_value(f"page_persist/{kind}")
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
            if not self.threaded:
                await asyncio.sleep(0)  # the pages parsed in this loop turn join the batch
            batch, self.waiting = self.waiting[: self.batch_max], self.waiting[self.batch_max :]
            self.crawler.stats.max_value("page_persist/largest_transaction", len(batch))
            try:
                ids = await self.run(self.store, [item for item, _ in batch])
            except Exception:  # noqa: BLE001 - isolate the page that fails: the others are stored one by one
                self.crawler.stats.inc_value("page_persist/transactions_retried")
                for item, future in batch:
                    try:
                        [page_id] = await self.run(self.store, [item])
                    except Exception as exc:  # noqa: BLE001 - this page's own failure, for its item_error
                        _settle(future, exception=exc)
                    else:
                        _settle(future, page_id)
                continue
            self.crawler.stats.inc_value("page_persist/transactions")
            for (_, future), page_id in zip(batch, ids, strict=True):
                _settle(future, page_id)

    async def run(self, store: Callable[[list[PageItem]], list[int]], items: list[PageItem]) -> list[int]:
        return await run_in_thread(store, items) if self.threaded else store(items)

    def store(self, items: list[PageItem]) -> list[int]:
        """One transaction: the raw pages and their seen URLs. Returns the pages' ids, once committed."""
        with session_scope(self.sessions) as session:
            pages = add_raw_pages(session, [fetched(item) for item in items])
            record_articles(session, [seen(item, page) for item, page in zip(items, pages, strict=True)])
        return [page.id for page in pages]


def fetched(item: PageItem) -> FetchedPage:
    return FetchedPage(
        source=item.source,
        crawl_run_id=item.crawl_run_id,
        url=item.url,
        final_url=item.final_url,
        status_code=item.status,
        headers=item.headers,
        body=item.body,
        fetched_at=item.fetched_at,
        rendered=item.rendered,
    )


def seen(item: PageItem, page: StoredPage) -> FetchedArticle:
    return FetchedArticle(
        source=item.source,
        url=item.url,
        aliases=item.aliases,
        fetched_at=item.fetched_at,
        status=item.status,
        published_at=item.published_at,
        etag=None if item.gone else item.header("etag") or None,
        last_modified=None if item.gone else item.header("last-modified") or None,
        body_sha256=page.body_sha256,
        gone_at=item.fetched_at if item.gone else None,
    )


def _settle(future: asyncio.Future[int], result: int | None = None, *, exception: BaseException | None = None) -> None:
    if future.done():  # cancelled: the crawl is shutting down
        return
    if exception is not None:
        future.set_exception(exception)
    else:
        future.set_result(result)  # type: ignore[arg-type]
