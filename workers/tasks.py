"""Thin Celery tasks: decode arguments, call plain functions, return a small JSON-able result.

All are idempotent: processing skips pages already processed; a crawl fetches only what it has not stored;
reconciling re-sends pages that are still pending.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import redis.exceptions
from celery import Task, shared_task
from sqlalchemy.exc import IntegrityError, OperationalError

from common.contract import CRAWL_SOURCE, PROCESS_PAGE, PROCESS_QUEUE, RECONCILE
from workers.crawling import crawl_source
from workers.processing import process_page
from workers.reconcile import reconcile, record_failure

# A lost connection, a restarting database, or a concurrent insert of the same URL: all resolve on a retry.
TRANSIENT_ERRORS = (OperationalError, IntegrityError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class ProcessPageTask(Task):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        record_failure(self.app.unionfeed.session_factory, int(args[0]), f"{type(exc).__name__}: {exc}")


@shared_task(
    name=PROCESS_PAGE,
    bind=True,
    base=ProcessPageTask,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=12,
)
def process_page_task(self: Any, page_id: int) -> dict[str, object]:
    context = self.app.unionfeed
    return process_page(context.session_factory, context.sources, int(page_id)).as_dict()


@shared_task(name=CRAWL_SOURCE, bind=True, acks_late=False)
def crawl_source_task(self: Any, source: str, trigger: str = "queue") -> dict[str, object]:
    # acks_late is off for crawls: a crawl killed with its worker is not replayed blindly; its stored pages are
    # safe, and the next scheduled run fetches whatever it missed.
    context = self.app.unionfeed
    context.sources.get(source)  # unknown source: fail now with a clear message, not in the child
    return crawl_source(context.settings, context.session_factory, context.redis, source, trigger=trigger)


@shared_task(name=RECONCILE, bind=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, max_retries=5)
def reconcile_task(self: Any, grace_seconds: int | None = None) -> dict[str, object]:
    context = self.app.unionfeed
    grace = timedelta(seconds=grace_seconds if grace_seconds is not None else context.settings.reconcile_grace_seconds)
    sent = reconcile(context.session_factory, lambda page_id: enqueue_page(self.app, page_id), grace=grace)
    return {"reenqueued": len(sent)}


def enqueue_page(app: Any, page_id: int) -> None:
    app.send_task(PROCESS_PAGE, args=[page_id], queue=PROCESS_QUEUE)
