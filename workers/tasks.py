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

from common.contract import (
    CHECK_HEALTH,
    CRAWL_SOURCE,
    DELIVER_WEBHOOKS,
    PROCESS_PAGE,
    PROCESS_PAGES,
    PROCESS_QUEUE,
    RECONCILE,
)
from workers.alerts import CheckConfig, check_health
from workers.app import services
from workers.crawling import crawl_source
from workers.processing import process_page
from workers.reconcile import reconcile, record_failure, sweep_crawl_runs
from workers.webhooks import deliver_due

# A lost connection, a restarting database, or a concurrent insert of the same URL: all resolve on a retry.
TRANSIENT_ERRORS = (OperationalError, IntegrityError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class ProcessPageTask(Task):
    """Records pages whose processing failed for good, with the reason, for `unionfeed retry`."""

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        page_ids = args[0] if isinstance(args[0], list) else [args[0]]
        for page_id in page_ids:  # only pages still pending are marked: the others were done before the failure
            record_failure(services(self.app).session_factory, int(page_id), f"{type(exc).__name__}: {exc}")


PROCESSING_OPTIONS: dict[str, Any] = {
    "bind": True,
    "base": ProcessPageTask,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 12,
}


@shared_task(name=PROCESS_PAGE, **PROCESSING_OPTIONS)
def process_page_task(self: Any, page_id: int) -> dict[str, object]:
    context = services(self.app)
    threshold = context.settings.extraction_low_confidence
    return process_page(
        context.session_factory, context.sources, int(page_id), dedup=context.dedup, low_confidence_below=threshold
    ).as_dict()


@shared_task(name=PROCESS_PAGES, **PROCESSING_OPTIONS)
def process_pages_task(self: Any, page_ids: list[int]) -> dict[str, object]:
    # One message for many pages: the broker round trip is paid once. Each page is still its own transaction, so a
    # retried batch skips the pages it already finished.
    context = services(self.app)
    outcomes = [
        process_page(
            context.session_factory,
            context.sources,
            int(page_id),
            dedup=context.dedup,
            low_confidence_below=context.settings.extraction_low_confidence,
        )
        for page_id in page_ids
    ]
    return {"pages": len(outcomes), "outcomes": [outcome.outcome for outcome in outcomes]}


@shared_task(name=CRAWL_SOURCE, bind=True, acks_late=False)
def crawl_source_task(self: Any, source: str, trigger: str = "queue") -> dict[str, object]:
    # acks_late is off for crawls: a crawl killed with its worker is not replayed blindly; its stored pages are
    # safe, and the next scheduled run fetches whatever it missed.
    context = services(self.app)
    context.sources.get(source)  # unknown source: fail now with a clear message, not in the child
    return crawl_source(context.settings, context.session_factory, context.redis, source, trigger=trigger)


@shared_task(name=RECONCILE, bind=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, max_retries=5)
def reconcile_task(self: Any, grace_seconds: int | None = None) -> dict[str, object]:
    context = services(self.app)
    grace = timedelta(seconds=grace_seconds if grace_seconds is not None else context.settings.reconcile_grace_seconds)
    sent = reconcile(context.session_factory, lambda ids: enqueue_batch(self.app, ids), grace=grace)
    stale_after = timedelta(seconds=context.settings.crawl_stale_after_seconds)
    swept = sweep_crawl_runs(context.session_factory, stale_after=stale_after)
    return {"reenqueued": len(sent), "runs_interrupted": len(swept)}


def enqueue_batch(app: Any, page_ids: list[int]) -> None:
    app.send_task(PROCESS_PAGES, args=[page_ids], queue=PROCESS_QUEUE)


@shared_task(name=CHECK_HEALTH, bind=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, max_retries=3)
def check_health_task(self: Any) -> dict[str, object]:
    context = services(self.app)
    config = CheckConfig.from_settings(context.settings, context.sources)
    alerts = check_health(context.session_factory, context.sources, config)
    if alerts:  # deliver now rather than at the next beat
        self.app.send_task(DELIVER_WEBHOOKS, queue=PROCESS_QUEUE)
    return {"alerts": [(a["source"], a["state"]) for a in alerts]}


@shared_task(name=DELIVER_WEBHOOKS, bind=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, max_retries=3)
def deliver_webhooks_task(self: Any) -> dict[str, object]:
    context = services(self.app)
    return deliver_due(context.session_factory, context.settings).as_dict()
