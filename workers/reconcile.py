"""Nothing lost: pages stored but never processed (a lost message, a flushed broker) are sent again, and crawl runs
whose process died (killed, its worker gone) are closed as `interrupted` instead of staying `running`.

Safe to overlap with normal delivery: processing a page that is already done does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from common.processes import process_alive
from storage.base import utcnow
from storage.repositories import pages, runs
from storage.session import session_scope

log = logging.getLogger(__name__)


BATCH_SIZE = 25


def reconcile(
    factory: sessionmaker[Session],
    enqueue: Callable[[list[int]], None],
    *,
    grace: timedelta,
    limit: int = 10_000,
) -> list[int]:
    """Enqueue, in batches, every page still pending `grace` after it was fetched; return their ids."""
    with session_scope(factory) as session:
        page_ids = pages.pending_page_ids(session, fetched_before=utcnow() - grace, limit=limit)
    for batch in batched(page_ids, BATCH_SIZE):
        enqueue(batch)
    if page_ids:
        log.info("re-enqueued %d pending pages older than %s", len(page_ids), grace)
    return page_ids


def sweep_crawl_runs(factory: sessionmaker[Session], *, stale_after: timedelta) -> list[int]:
    """Close the running crawl runs whose process is gone (`storage.repositories.runs.sweep_dead_runs`); their ids."""
    with session_scope(factory) as session:
        swept = [run.id for run in runs.sweep_dead_runs(session, stale_after=stale_after, alive=process_alive)]
    if swept:
        log.warning("crawl runs %s were left running by a dead process: interrupted", swept)
    return swept


def batched(items: list[int], size: int) -> list[list[int]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def record_failure(factory: sessionmaker[Session], page_id: int, reason: str) -> None:
    """Called when a processing task gave up: the page is marked failed with the reason, for `unionfeed retry`."""
    try:
        with session_scope(factory) as session:
            page = pages.get_raw_page(session, page_id)
            if page is not None and page.process_state == pages.PENDING:
                pages.mark_page(session, page, state=pages.FAILED, error=reason[:2000])
    except Exception:  # the database may be what failed; the reconciler will pick the page up again
        log.exception("could not record the failure of page %s", page_id)
