"""Hand each stored page to the workers by task name (`common.contract.PROCESS_PAGE`), after its commit.

The crawler never imports `workers`: it publishes through a producer-only Celery app built from REDIS_URL. In the
embedded mode (no REDIS_URL) this pipeline is off and the caller processes pending pages after the crawl.
"""

from __future__ import annotations

from celery import Celery
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from common.contract import PROCESS_PAGE, PROCESS_QUEUE
from crawler.failures import ENQUEUE_FAILED
from crawler.items import PageItem
from crawler.signals import page_failed

# A stored page is never lost when Redis hiccups (it stays `pending` for the sweep), so retry briefly, not long.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0}


def producer_app(redis_url: str) -> Celery:
    """A Celery app that only publishes: no task registry, no worker configuration."""
    app = Celery("unionfeed-crawler", broker=redis_url, set_as_current=False)
    app.conf.broker_connection_retry_on_startup = True
    return app


class EnqueuePagePipeline:
    def __init__(self, crawler: Crawler, app: Celery) -> None:
        self.crawler = crawler
        self.app = app

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EnqueuePagePipeline:
        redis_url = crawler.settings.get("REDIS_URL")
        if not redis_url or not crawler.settings.getbool("PAGE_ENQUEUE_ENABLED"):
            raise NotConfigured  # the embedded mode: normal, so no warning (a message would log one)
        return cls(crawler, producer_app(redis_url))

    def process_item(self, item: PageItem) -> PageItem:
        if item.page_id is None:  # not stored (persistence off): nothing a worker could load
            return item
        try:
            self.app.send_task(
                PROCESS_PAGE, args=[item.page_id], queue=PROCESS_QUEUE, retry=True, retry_policy=PUBLISH_RETRY_POLICY
            )
        except Exception as exc:  # noqa: BLE001 - any broker error: the page stays pending, the run records why
            self.crawler.stats.inc_value("page_enqueue/failed")
            reason = f"page {item.page_id} stored but not enqueued: {type(exc).__name__}: {exc}"
            self.crawler.signals.send_catch_log(page_failed, request_url=item.url, kind=ENQUEUE_FAILED, reason=reason)
            return item
        self.crawler.stats.inc_value("page_enqueue/sent")
        return item

    def close_spider(self) -> None:
        self.app.close()
