"""Back-fill: fingerprint the window's articles stored without one (before near-duplicate detection existed), so
the index holds them before it is first queried. A step of its own, in transactions of its own: never inside the
transaction of the page that happens to come first."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.base import utcnow
from storage.repositories import fingerprints
from storage.session import session_scope
from workers.stories.clusters import Deduplicator

log = logging.getLogger(__name__)

BATCH = 500  # articles fingerprinted per transaction
MAX_CLASHES = 10  # batches lost to another worker back-filling the same rows before giving up (the task retries)


def backfill_fingerprints(
    factory: sessionmaker[Session], dedup: Deduplicator, *, now: datetime | None = None, batch: int = BATCH
) -> int:
    """Fingerprint every article of the window that has none, `batch` per transaction; they join the index like any
    other. Returns how many. Another worker filling the same rows at once makes a batch fail on the unique
    fingerprint row: it is read again, without the rows the other worker wrote."""
    now = now or utcnow()
    since = now - timedelta(days=dedup.config.window_days)
    total, clashes = 0, 0
    while True:
        try:
            with session_scope(factory) as session:
                stored = fingerprints.articles_without_fingerprint(session, since=since, limit=batch)
                for article in stored:
                    dedup.record(session, article, dedup.fingerprint(article.body_text, article.language), None, now)
        except IntegrityError:
            clashes += 1
            if clashes > MAX_CLASHES:
                raise
            continue
        total += len(stored)
        if len(stored) < batch:
            break
    if total:
        log.info("near-duplicate index: back-filled %d fingerprints", total)
    return total


def backfill_once(factory: sessionmaker[Session], dedup: Deduplicator) -> None:
    """Back-fill once per `Deduplicator` (so once per worker process), before its first page is placed."""
    if not dedup.backfilled:
        backfill_fingerprints(factory, dedup)
        dedup.backfilled = True
