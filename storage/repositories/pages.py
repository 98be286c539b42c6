"""Queries on raw pages. Bodies are stored zlib-compressed; `page_body` gives the bytes back."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import RawPage
from storage.states import DONE, FAILED, PENDING, SKIPPED  # noqa: F401 - callers may say `pages.DONE`


@dataclass(frozen=True)
class FetchedPage:
    """A response to store as a raw page."""

    source: str
    crawl_run_id: int | None
    url: str
    final_url: str
    status_code: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime | None = None  # None: now
    rendered: bool = False  # the body is the DOM a browser built from the page, not the HTTP body


class StoredPage(NamedTuple):
    id: int
    body_sha256: str


def add_raw_page(
    session: Session,
    *,
    source: str,
    crawl_run_id: int | None,
    url: str,
    final_url: str,
    status_code: int,
    headers: dict[str, str],
    body: bytes,
    fetched_at: datetime | None = None,
) -> RawPage:
    """Add one raw page as an ORM object, flushed: it has its id."""
    fetched = FetchedPage(source, crawl_run_id, url, final_url, status_code, headers, body, fetched_at)
    page = RawPage(**_row(fetched, utcnow()))
    session.add(page)
    session.flush()
    return page


def add_raw_pages(session: Session, fetched: Sequence[FetchedPage]) -> list[StoredPage]:
    """Insert pages in one statement (a multi-row INSERT ... RETURNING), without the ORM's unit of work: the crawler
    stores every page it fetches, and building and flushing ORM objects cost it more than the INSERT itself."""
    if not fetched:
        return []
    now = utcnow()
    rows = [_row(page, now) for page in fetched]
    statement = insert(RawPage).returning(RawPage.id, sort_by_parameter_order=True)
    ids = session.scalars(statement, rows).all()
    return [StoredPage(page_id, row["body_sha256"]) for page_id, row in zip(ids, rows, strict=True)]


def _row(page: FetchedPage, now: datetime) -> dict[str, Any]:
    """The columns of a new raw page: the body compressed, its hash, not processed yet."""
    return {
        "source": page.source,
        "crawl_run_id": page.crawl_run_id,
        "url": page.url,
        "final_url": page.final_url,
        "status_code": page.status_code,
        "headers": page.headers,
        "body": zlib.compress(page.body, 6),
        "body_sha256": hashlib.sha256(page.body).hexdigest(),
        "fetched_at": page.fetched_at or now,
        "process_state": PENDING,
        "rendered": page.rendered,
    }


def page_body(page: RawPage) -> bytes:
    return zlib.decompress(page.body)


def get_raw_page(session: Session, page_id: int, *, for_update: bool = False) -> RawPage | None:
    """With `for_update`, concurrent processors of the same page wait for each other (PostgreSQL row lock)."""
    return session.get(RawPage, page_id, with_for_update=for_update or None)


def pending_page_ids(
    session: Session, *, source: str | None = None, fetched_before: datetime | None = None, limit: int | None = None
) -> list[int]:
    query = select(RawPage.id).where(RawPage.process_state == PENDING).order_by(RawPage.id)
    if source is not None:
        query = query.where(RawPage.source == source)
    if fetched_before is not None:
        query = query.where(RawPage.fetched_at < fetched_before)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def mark_page(
    session: Session, page: RawPage, *, state: str, article_id: str | None = None, error: str | None = None
) -> None:
    page.process_state = state
    page.article_id = article_id
    page.process_error = error
    page.processed_at = utcnow()


def failed_page_ids(session: Session, *, source: str | None = None, limit: int | None = None) -> list[int]:
    query = select(RawPage.id).where(RawPage.process_state == FAILED).order_by(RawPage.id)
    if source is not None:
        query = query.where(RawPage.source == source)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def reset_to_pending(session: Session, page_ids: list[int]) -> int:
    """Give failed pages another go: they become pending and are processed like new ones."""
    count = 0
    for page in session.scalars(select(RawPage).where(RawPage.id.in_(page_ids))):
        page.process_state = PENDING
        page.process_error = None
        count += 1
    return count


def recent_pages(session: Session, source: str, *, exclude_id: int, limit: int) -> list[RawPage]:
    """The source's most recently fetched raw pages other than one (pages, not the removals stored as 404/410)."""
    query = select(RawPage).where(RawPage.source == source, RawPage.id != exclude_id, RawPage.status_code < 400)
    return list(session.scalars(query.order_by(RawPage.id.desc()).limit(limit)))
