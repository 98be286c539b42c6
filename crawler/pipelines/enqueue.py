"""Hand stored pages to the workers by task name, after their commit: in batches of PAGE_ENQUEUE_BATCH_SIZE as
`common.contract.PROCESS_PAGES` (one broker round trip for many pages), or one `PROCESS_PAGE` per page when the
batch size is 1.

A batch is sent when it is full, when it has waited PAGE_ENQUEUE_MAX_WAIT seconds, when the spider goes idle, and
when it closes, so nothing stored is left unsent. Every id in a batch belongs to a page already committed (the
persist pipeline commits before this one runs). The crawler never imports `workers`: it publishes through a
producer-only Celery app built from REDIS_URL. In the embedded mode (no REDIS_URL) this pipeline is off and the
caller processes pending pages after the crawl.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import AsyncioLoopingCall, create_looping_call
from twisted.internet.task import LoopingCall

from common.contract import PROCESS_PAGE, PROCESS_PAGES, PROCESS_QUEUE
from crawler.failures import ENQUEUE_FAILED
from crawler.items import PageItem
from crawler.signals import page_failed

if TYPE_CHECKING:
    from celery import Celery

# A stored page is never lost when Redis hiccups (it stays `pending` for the sweep), so retry briefly, not long.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0}


def producer_app(redis_url: str) -> Celery:
    """A Celery app that only publishes: no task registry, no worker configuration."""
    from celery import Celery  # here: the embedded mode (no broker) need not load Celery at all

    app = Celery("unionfeed-crawler", broker=redis_url, set_as_current=False)
    app.conf.broker_connection_retry_on_startup = True
    return app


class EnqueuePagePipeline:
    def __init__(self, crawler: Crawler, app: Celery, *, batch_size: int = 10, max_wait: float = 5.0) -> None:
        self.crawler = crawler
        self.app = app
        self.batch_size = max(1, batch_size)
        self.max_wait = max_wait
        self.pending: list[PageItem] = []
        self.oldest = 0.0
        self.timer: AsyncioLoopingCall | LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EnqueuePagePipeline:
        settings = crawler.settings
        redis_url = settings.get("REDIS_URL")
        if not redis_url or not settings.getbool("PAGE_ENQUEUE_ENABLED"):
            raise NotConfigured  # the embedded mode: normal, so no warning (a message would log one)
        pipeline = cls(
            crawler,
            producer_app(redis_url),
            batch_size=settings.getint("PAGE_ENQUEUE_BATCH_SIZE", 10),
            max_wait=settings.getfloat("PAGE_ENQUEUE_MAX_WAIT", 5.0),
        )
        crawler.signals.connect(pipeline.flush, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        if self.batch_size > 1 and self.max_wait > 0:
            self.timer = create_looping_call(self.flush_stale)
            self.timer.start(min(1.0, self.max_wait), now=False)

    def process_item(self, item: PageItem) -> PageItem:
        if item.page_id is None:  # not stored (persistence off): nothing a worker could load
            return item
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def flush_stale(self) -> None:
        if self.pending and time.monotonic() - self.oldest >= self.max_wait:
            self.flush()

    def flush(self) -> None:
        """Send every page waiting; on a broker error the pages stay pending in the database and the run says so."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        ids = [item.page_id for item in batch]
        if self.batch_size == 1:
            name, args = PROCESS_PAGE, [ids[0]]
        else:
            name, args = PROCESS_PAGES, [ids]
        try:
            self.app.send_task(name, args=args, queue=PROCESS_QUEUE, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        except Exception as exc:  # noqa: BLE001 - any broker error: the pages stay pending, the run records why
            self.crawler.stats.inc_value("page_enqueue/failed", len(batch))
            for item in batch:
                reason = f"page {item.page_id} stored but not enqueued: {type(exc).__name__}: {exc}"
                self.crawler.signals.send_catch_log(
                    page_failed, request_url=item.url, kind=ENQUEUE_FAILED, reason=reason
                )
            return
        self.crawler.stats.inc_value("page_enqueue/sent", len(batch))
        self.crawler.stats.inc_value("page_enqueue/messages")

    def close_spider(self) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        try:
            self.flush()
        finally:
            self.app.close()
