"""Queries on what the crawler remembers between crawls (`crawl_urls`): the seen set, list validators, entry points,
refetch and revisit candidates. Never commits: the crawler's components own their transactions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Article, CrawlUrl, DatabaseIdentity, RawPage

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
        known.update(session.scalars(KNOWN_URLS, {"source": source, "urls": chunk}))
    return known


# Built once: the crawler asks for every list page, and building the statement cost more than running it.
KNOWN_URLS = select(CrawlUrl.url).where(
    CrawlUrl.source == bindparam("source"),
    CrawlUrl.kind == ARTICLE,
    CrawlUrl.url.in_(bindparam("urls", expanding=True)),
)


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


@dataclass(frozen=True)
class FetchedArticle:
    """An article page the crawler fetched and stored: `url` as requested, its `aliases` (final URL, rel=canonical),
    and what the fetch answered."""

    source: str
    url: str
    fetched_at: datetime
    status: int
    aliases: Sequence[str] = ()
    published_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    gone_at: datetime | None = None  # the page answered 404/410: stored as a removal, rechecked without validators


def record_article(session: Session, *, source: str, url: str, **fields: Any) -> None:
    """`record_articles` for one page."""
    record_articles(session, [FetchedArticle(source=source, url=url, **fields)])


def record_articles(session: Session, fetched: Sequence[FetchedArticle]) -> None:
    """The pages were stored: their URLs and aliases join the seen set. Only the requested URL carries the fetch's
    validators and dates, so a refetch requests it once; an alias already known is left as it is. On SQLite and
    PostgreSQL two INSERT ... ON CONFLICT statements for all the pages of a transaction (this runs for every page)."""
    dialect = session.get_bind().dialect.name
    if dialect not in UPSERTS or any(len(page.url) > MAX_URL_LENGTH for page in fetched):
        for page in fetched:
            _record_with_orm(session, page)
        return
    now = utcnow()
    mains = {page.url: _row(page, now) for page in fetched}
    aliases = {
        alias: _row(page, now, alias=alias)
        for page in fetched
        for alias in page.aliases
        if alias not in mains and len(alias) <= MAX_URL_LENGTH
    }
    upsert, insert_new = _article_statements(dialect)
    session.execute(upsert, list(mains.values()))
    if aliases:
        session.execute(insert_new, list(aliases.values()))


def _row(page: FetchedArticle, now: datetime, *, alias: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {"source": page.source, "kind": ARTICLE, "entry": False, "first_seen_at": now}
    if alias is not None:
        return {**row, "url": alias, "published_at": None, **dict.fromkeys(ARTICLE_FIELDS)}
    return {**row, "url": page.url, "published_at": page.published_at, **_fields(page)}


def _fields(page: FetchedArticle) -> dict[str, Any]:
    return {
        "fetched_at": page.fetched_at,
        "status": page.status,
        "etag": page.etag,
        "last_modified": page.last_modified,
        "body_sha256": page.body_sha256,
        "gone_at": page.gone_at,
    }


def _record_with_orm(session: Session, page: FetchedArticle) -> None:
    fields = _fields(page)
    if page.published_at is not None:
        fields["published_at"] = page.published_at
    others = {alias: {} for alias in page.aliases if alias != page.url}
    upsert_urls(session, page.source, {page.url: fields, **others}, kind=ARTICLE)


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


def revisit_candidates(session: Session, source: str, *, limit: int, exclude: Iterable[str] = ()) -> list[CrawlUrl]:
    """The `limit` stored articles of `source` verified longest ago (never verified first), gone ones included (a
    page taken down may come back), except the URLs in `exclude` (already rechecked this crawl)."""
    excluded = set(exclude)
    query = (
        select(CrawlUrl)
        .where(CrawlUrl.source == source, CrawlUrl.kind == ARTICLE, CrawlUrl.body_sha256.is_not(None))
        .order_by(CrawlUrl.fetched_at.asc().nulls_first(), CrawlUrl.id)
        .limit(limit + len(excluded))
    )
    return [row for row in session.scalars(query) if row.url not in excluded][:limit]


def answered_at(session: Session, source: str, urls: Sequence[str]) -> dict[str, str]:
    """For stored article URLs of `source`: the URL their latest stored page answered from (after redirects, as the
    site spells it), where it differs. A recheck requests that: the canonical spelling is for identity only."""
    found: dict[str, str] = {}
    for chunk in _chunks(list(urls)):
        latest = (
            select(func.max(RawPage.id))
            .where(RawPage.source == source, RawPage.url.in_(chunk), RawPage.status_code < 400)
            .group_by(RawPage.url)
        )
        query = select(RawPage.url, RawPage.final_url).where(RawPage.id.in_(latest))
        found.update({url: final for url, final in session.execute(query) if final != url})
    return found


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield list(items[start : start + CHUNK])


def database_stamp(session: Session) -> str:
    """The identity drawn when this database's schema was created (`database_identity`)."""
    return session.scalar(select(DatabaseIdentity.stamp).where(DatabaseIdentity.id == 1)) or ""


def seen_mark(session: Session, source: str) -> str:
    """What a copy of the seen set of `source` must match to be this database's: the database's identity, and the
    number and highest id of the source's seen rows (rows are only ever added: a restored or replaced database
    differs in one of them)."""
    query = select(func.count(), func.max(CrawlUrl.id)).where(CrawlUrl.source == source, CrawlUrl.kind == ARTICLE)
    count, highest = session.execute(query).one()
    return f"{database_stamp(session)}:{count}:{highest or 0}"


def seen_since(session: Session, source: str, urls: Iterable[str], since: datetime) -> set[str]:
    """Those of `urls` in the seen set of `source` that joined it at `since` or later."""
    found: set[str] = set()
    for chunk in _chunks(sorted(set(urls))):
        query = select(CrawlUrl.url).where(
            CrawlUrl.source == source,
            CrawlUrl.kind == ARTICLE,
            CrawlUrl.url.in_(chunk),
            CrawlUrl.first_seen_at >= since,
        )
        found.update(session.scalars(query))
    return found


def open_frontier(session: Session, source: str, sections: Mapping[str, str], since: datetime) -> dict[str, datetime]:
    """Mark the sections (entry URL -> kind) open since `since`, those open already staying open since when they
    were. Returns the sections that were open before, with their `frontier_since`."""
    wanted = [url for url in sections if len(url) <= MAX_URL_LENGTH]
    before: dict[str, datetime] = {}
    for chunk in _chunks(wanted):
        query = select(CrawlUrl).where(CrawlUrl.source == source, CrawlUrl.url.in_(chunk))
        rows = {row.url: row for row in session.scalars(query)}
        for url in chunk:
            row = rows.get(url)
            if row is None:
                session.add(CrawlUrl(source=source, url=url, kind=sections[url], entry=False, frontier_since=since))
            elif row.frontier_since is not None:
                before[url] = row.frontier_since
            else:
                row.frontier_since = since
    session.flush()
    return before
