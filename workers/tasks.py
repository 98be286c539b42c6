"""Thin Celery tasks: decode arguments, call plain functions, return a small JSON-able result.

All are idempotent: processing skips pages already processed; a crawl fetches only what it has not stored;
reconciling re-sends pages that are still pending.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from sqlalchemy.exc import IntegrityError

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
from workers.batches import TRANSIENT_ERRORS as PAGE_TRANSIENT_ERRORS
from workers.batches import BatchResult, describe, fail_held, process_batch
from workers.crawling import crawl_source
from workers.processing import PageOutcome, process_page
from workers.reconcile import reconcile, record_failure, sweep_crawl_runs
from workers.webhooks import deliver_due

# A lost connection, a restarting database, or a concurrent insert of the same key: all resolve on a retry of these
# single-transaction tasks. Processing sorts errors per page instead (workers/batches.py).
TRANSIENT_ERRORS = (*PAGE_TRANSIENT_ERRORS, IntegrityError)


class ProcessPageTask(Task):
    """Records pages whose processing failed for good, with the reason, for `unionfeed retry`. Pages fail one by
    one in `process_batch`; this is for an error that escapes it."""

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        page_ids = args[0] if isinstance(args[0], list) else [args[0]]
        for page_id in page_ids:  # only pages still pending are marked: the others were done before the failure
            record_failure(services(self.app).session_factory, int(page_id), describe(exc))


@shared_task(name=PROCESS_PAGE, bind=True, base=ProcessPageTask)
def process_page_task(self: Any, page_id: int) -> dict[str, object]:
    result = _process_pages(self, [int(page_id)], retry_args=lambda held: [held[0]])
    return result.outcomes[0].as_dict() if result.outcomes else result.as_dict()


@shared_task(name=PROCESS_PAGES, bind=True, base=ProcessPageTask)
def process_pages_task(self: Any, page_ids: list[int]) -> dict[str, object]:
    # One message for many pages: the broker round trip is paid once. Each page is its own transaction and its
    # own outcome; only the pages held back by a transient error are sent again.
    return _process_pages(self, [int(page_id) for page_id in page_ids], retry_args=lambda held: [held]).as_dict()


def _process_pages(task: Any, page_ids: list[int], *, retry_args: Callable[[list[int]], list[Any]]) -> BatchResult:
    """Process the pages one by one; send the task again (its own arguments, from `retry_args`) for the pages held
    back by a transient error, or fail them once the retries are spent."""
    context = services(task.app)
    settings = context.settings

    def process(page_id: int) -> PageOutcome:
        return process_page(
            context.session_factory,
            context.sources,
            page_id,
            dedup=context.dedup,
            low_confidence_below=settings.extraction_low_confidence,
        )

    result = process_batch(context.session_factory, page_ids, process)
    if not result.held:
        return result
    if task.request.retries < settings.process_max_retries:
        countdown = get_exponential_backoff_interval(
            settings.process_retry_backoff_seconds,
            task.request.retries,
            settings.process_retry_backoff_max_seconds,
            full_jitter=True,
        )
        raise task.retry(
            args=retry_args(list(result.held)), countdown=countdown, max_retries=settings.process_max_retries
        )
    return fail_held(context.session_factory, result)


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
