"""Queries on what the crawler remembers between crawls (`crawl_urls`): the seen set, list validators, entry points,
refetch candidates. Never commits: the crawler's components own their transactions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Article, CrawlUrl, RawPage

ARTICLE, LIST, FEED, SITEMAP = "article", "list", "feed", "sitemap"
LIST_KINDS = (LIST, FEED, SITEMAP)
MAX_URL_LENGTH = 2048  # the column's size; the crawler never requests a longer URL
# Keep each IN (...) list well under SQLite's bound-parameter limit.
CHUNK = 400


def known_urls(session: Session, source: str, urls: Iterable[str]) -> set[str]:
    """Those of `urls` that are in the seen set of `source` (stored pages' requested, final and canonical URLs)."""
    wanted = sorted(set(urls))
    known: set[str] = set()
    for chunk in _chunks(wanted):
        query = select(CrawlUrl.url).where(
            CrawlUrl.source == source, CrawlUrl.kind == ARTICLE, CrawlUrl.url.in_(chunk)
        )
        known.update(session.scalars(query))
    return known


def seen_urls(session: Session, source: str, *, after_id: int = 0, limit: int = 5000) -> list[tuple[int, str]]:
    """(id, url) of seen article URLs of `source` in id order, from `after_id` on: to fill a cache in pages."""
    query = (
        select(CrawlUrl.id, CrawlUrl.url)
        .where(CrawlUrl.source == source, CrawlUrl.kind == ARTICLE, CrawlUrl.id > after_id)
        .order_by(CrawlUrl.id)
        .limit(limit)
    )
    return [(row_id, url) for row_id, url in session.execute(query)]


def list_states(session: Session, source: str) -> list[CrawlUrl]:
    """Every list, feed and sitemap URL remembered for `source` (validators, entry flags)."""
    query = select(CrawlUrl).where(CrawlUrl.source == source, CrawlUrl.kind.in_(LIST_KINDS)).order_by(CrawlUrl.id)
    return list(session.scalars(query))


def record_article(
    session: Session,
    *,
    source: str,
    url: str,
    aliases: Sequence[str] = (),
    fetched_at: datetime,
    status: int,
    published_at: datetime | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    body_sha256: str | None = None,
) -> None:
    """`url` was fetched and stored: it and its `aliases` (final URL, rel=canonical) join the seen set. Only `url`
    carries the fetch's validators and dates, so a refetch requests it once. One INSERT ... ON CONFLICT per kind of
    row on SQLite and PostgreSQL: this runs once per stored page."""
    fields: dict[str, Any] = {
        "fetched_at": fetched_at,
        "status": status,
        "etag": etag,
        "last_modified": last_modified,
        "body_sha256": body_sha256,
        "gone_at": None,
    }
    others = [alias for alias in dict.fromkeys(aliases) if alias != url and len(alias) <= MAX_URL_LENGTH]
    dialect = session.get_bind().dialect.name
    if dialect not in UPSERTS or len(url) > MAX_URL_LENGTH:
        with_date = {**fields, "published_at": published_at} if published_at is not None else fields
        upsert_urls(session, source, {url: with_date, **{alias: {} for alias in others}}, kind=ARTICLE)
        return
    upsert, insert_new = _article_statements(dialect)
    new_row = {"source": source, "kind": ARTICLE, "entry": False, "first_seen_at": utcnow()}
    session.execute(upsert, {"url": url, "published_at": published_at, **new_row, **fields})
    if others:
        blank = dict.fromkeys(ARTICLE_FIELDS)
        session.execute(insert_new, [{"url": alias, "published_at": None, **new_row, **blank} for alias in others])


UPSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}
ARTICLE_FIELDS = ("fetched_at", "status", "etag", "last_modified", "body_sha256", "gone_at")


@cache
def _article_statements(dialect: str) -> tuple[Any, Any]:
    """(insert-or-update a fetched article, insert-if-new an alias): built once per dialect, so SQLAlchemy compiles
    them once (`record_article` runs for every stored page)."""
    table = CrawlUrl.__table__
    insert = UPSERTS[dialect](table)
    kept_date = func.coalesce(insert.excluded.published_at, table.c.published_at)
    updated = {name: insert.excluded[name] for name in ("kind", *ARTICLE_FIELDS)} | {"published_at": kept_date}
    upsert = insert.on_conflict_do_update(index_elements=["source", "url"], set_=updated)
    return upsert, UPSERTS[dialect](table).on_conflict_do_nothing(index_elements=["source", "url"])


def upsert_urls(
    session: Session, source: str, updates: Mapping[str, Mapping[str, Any]], *, kind: str | None = None
) -> None:
    """Create or update one row per URL of `updates` (url -> column values). New rows get `kind` (required then)."""
    wanted = [url for url in updates if len(url) <= MAX_URL_LENGTH]
    now = utcnow()
    for chunk in _chunks(wanted):
        query = select(CrawlUrl).where(CrawlUrl.source == source, CrawlUrl.url.in_(chunk))
        rows = {row.url: row for row in session.scalars(query)}
        for url in chunk:
            values = dict(updates[url])
            row = rows.get(url)
            if row is None:
                if kind is None and "kind" not in values:
                    raise ValueError(f"new crawl URL {url!r} needs a kind")
                values.setdefault("kind", kind)
                values.setdefault("entry", False)
                session.add(CrawlUrl(source=source, url=url, first_seen_at=now, **values))
            else:
                if kind == ARTICLE:  # a URL stored as an article is an article from now on
                    values.setdefault("kind", ARTICLE)
                for name, value in values.items():
                    setattr(row, name, value)
    session.flush()


def announce_published(session: Session, source: str, dates: Mapping[str, datetime]) -> int:
    """Publication dates a feed or sitemap announced, for seen articles that have none yet. Returns how many."""
    count = 0
    for chunk in _chunks(sorted(dates)):
        query = select(CrawlUrl).where(
            CrawlUrl.source == source,
            CrawlUrl.kind == ARTICLE,
            CrawlUrl.published_at.is_(None),
            CrawlUrl.body_sha256.is_not(None),
            CrawlUrl.url.in_(chunk),
        )
        for row in session.scalars(query):
            row.published_at = dates[row.url]
            count += 1
    return count


def refetch_candidates(
    session: Session, source: str, *, published_since: datetime, fetched_before: datetime, limit: int = 500
) -> list[CrawlUrl]:
    """Seen articles of `source` published since `published_since` and not fetched since `fetched_before`, newest
    first. The publication date is the one a feed or sitemap announced, else the one processing extracted."""
    due = (
        CrawlUrl.source == source,
        CrawlUrl.kind == ARTICLE,
        CrawlUrl.gone_at.is_(None),
        CrawlUrl.body_sha256.is_not(None),  # fetched and stored by the crawler, not an alias
        or_(CrawlUrl.fetched_at.is_(None), CrawlUrl.fetched_at < fetched_before),
    )
    announced = select(CrawlUrl).where(*due, CrawlUrl.published_at >= published_since)
    processed_urls = (
        select(RawPage.url)
        .join(Article, Article.id == RawPage.article_id)
        .where(Article.source == source, Article.published_at >= published_since, RawPage.source == source)
    )
    extracted = select(CrawlUrl).where(*due, CrawlUrl.published_at.is_(None), CrawlUrl.url.in_(processed_urls))
    rows = {row.id: row for query in (announced, extracted) for row in session.scalars(query.limit(limit))}
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(rows.values(), key=lambda row: (row.published_at or oldest, row.id), reverse=True)[:limit]


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield list(items[start : start + CHUNK])
