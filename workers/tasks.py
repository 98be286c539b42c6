"""Thin Celery tasks: decode arguments, call plain functions, return a small JSON-able result.

Both are idempotent: processing skips pages already processed; a crawl fetches only what it has not stored.
"""

from __future__ import annotations

import logging
from typing import Any

import redis.exceptions
from celery import shared_task
from sqlalchemy.exc import IntegrityError, OperationalError

from common.contract import CRAWL_SOURCE, PROCESS_PAGE
from workers.crawling import crawl_in_child_process
from workers.processing import process_page

log = logging.getLogger(__name__)

# A lost connection, a restarting database, or a concurrent insert of the same URL: all resolve on a retry.
TRANSIENT_ERRORS = (OperationalError, IntegrityError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


@shared_task(
    name=PROCESS_PAGE,
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
)
def process_page_task(self: Any, page_id: int) -> dict[str, object]:
    context = self.app.unionfeed
    return process_page(context.session_factory, context.sources, int(page_id)).as_dict()


@shared_task(name=CRAWL_SOURCE, bind=True, acks_late=False)
def crawl_source_task(self: Any, source: str, trigger: str = "queue") -> dict[str, object]:
    # acks_late is off for crawls: a crawl killed with its worker is not worth replaying blindly; the next
    # scheduled run picks up whatever it missed.
    context = self.app.unionfeed
    context.sources.get(source)  # unknown source: fail now with a clear message, not in the child
    return crawl_in_child_process(context.settings, source, trigger=trigger)
