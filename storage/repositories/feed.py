"""Read queries behind the HTTP feed: canonical article pages, cluster members, revisions, runs, health.

Like every repository this never commits; the request owns the transaction. Pagination is keyset-only (no OFFSET):
a page is "the next `limit` rows after this key", so a page costs the same at row 10 and at row 1,000,000.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, String, any_, bindparam, func, select, text, tuple_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from storage.models import Article, ArticleRevision, CrawlRun
from storage.repositories import search

# The feed's order (docs/feed.md, "Order"): newest first by publication time; records whose page gives no date come
# after every dated one, newest first by when we first saw them; first-seen time then id break ties. A first-seen
# time is when we found the page, not when it was written, so it never competes with publication times (it would
# put every undated page, however old, above the news of the day). Migration 0014_article_order indexes both tiers
# (partial: canonical rows only), so a page is one or two index range scans at any depth.


@dataclass(frozen=True)
class FeedKey:
    """A record's place in the feed order; a page continues after the key of its predecessor's last row."""

    published_at: datetime | None
    first_seen_at: datetime
    id: str

    @classmethod
    def of(cls, article: Any) -> FeedKey:
        return cls(article.published_at, article.first_seen_at, article.id)


@dataclass(frozen=True)
class ArticleFilter:
    source: str | None = None
    category: str | None = None
    cluster_id: str | None = None
    published_since: datetime | None = None
    published_until: datetime | None = None
    q: str | None = None  # substring search, see storage.repositories.search
    min_confidence: float | None = None  # body confidence at least this (records without one are left out)
    low_confidence: bool | None = None  # True: only records flagged low_confidence; False: none of them


def ping(session: Session) -> None:
    """Raise if the database cannot answer."""
    session.execute(text("SELECT 1"))


def list_canonical(
    session: Session,
    *,
    limit: int,
    filters: ArticleFilter = ArticleFilter(),
    after: FeedKey | None = None,
    canonical_only: bool = True,
) -> list[Row[Any]]:
    """Canonical articles (`cluster_id == id`) not removed, in the feed order, the `limit` rows after `after`: dated
    records first, then (when the page is not full) undated ones.

    Rows, not ORM objects (read-only pages: about three times cheaper to load); they have the same attribute names."""
    rows: list[Row[Any]] = []
    if after is None or after.published_at is not None:
        rows = _tier(session, limit, filters, after, canonical_only, dated=True)
    if len(rows) < limit:
        undated_after = after if after is not None and after.published_at is None else None
        rows += _tier(session, limit - len(rows), filters, undated_after, canonical_only, dated=False)
    return rows


def _tier(
    session: Session,
    limit: int,
    filters: ArticleFilter,
    after: FeedKey | None,
    canonical_only: bool,
    *,
    dated: bool,
) -> list[Row[Any]]:
    """One tier of the order: dated records by (published_at, first_seen_at, id), or undated ones by
    (first_seen_at, id), newest first; `since`/`until` apply to the time the tier is ordered by."""
    query = select(Article.__table__).where(Article.removed_at.is_(None))  # taken down: readable by id only
    if canonical_only:
        query = query.where(Article.cluster_id == Article.id)
    query = _apply_filters(session, query, filters)
    if dated:
        columns: list[Any] = [Article.published_at, Article.first_seen_at, Article.id]
        query = query.where(Article.published_at.is_not(None))
        key: list[Any] = [after.published_at, after.first_seen_at, after.id] if after else []
    else:
        columns = [Article.first_seen_at, Article.id]
        query = query.where(Article.published_at.is_(None))
        key = [after.first_seen_at, after.id] if after else []
    if filters.published_since is not None:
        query = query.where(columns[0] >= filters.published_since)
    if filters.published_until is not None:
        query = query.where(columns[0] < filters.published_until)
    if after is not None:
        query = query.where(tuple_(*columns) < tuple_(*key))
    query = query.order_by(*(column.desc() for column in columns)).limit(limit)
    return list(session.execute(query))


def _apply_filters(session: Session, query, filters: ArticleFilter):  # type: ignore[no-untyped-def]
    if filters.source is not None:
        query = query.where(Article.source == filters.source)
    if filters.category is not None:
        query = query.where(Article.category == filters.category)
    if filters.cluster_id is not None:
        query = query.where(Article.cluster_id == filters.cluster_id)
    if filters.q is not None:
        query = query.where(search.matches(session, filters.q))
    if filters.min_confidence is not None:
        query = query.where(Article.confidence >= filters.min_confidence)
    if filters.low_confidence is not None:
        flagged = Article.flags.cast(String).contains('"low_confidence"')
        query = query.where(flagged if filters.low_confidence else ~flagged)
    return query


def other_members(session: Session, articles: Sequence[Any]) -> dict[str, list[Row[Any]]]:
    """For each article, the other members of its cluster not removed (one query for a whole page), oldest first.

    Members are light rows (id, canonical_url, source, published_at, cluster_id), not full records."""
    cluster_ids = {a.cluster_id for a in articles}
    if not cluster_ids:
        return {}
    query = (
        select(Article.id, Article.canonical_url, Article.source, Article.published_at, Article.cluster_id)
        .where(_one_of(session, Article.cluster_id, sorted(cluster_ids)), Article.removed_at.is_(None))
        .order_by(Article.published_at, Article.id)
    )
    by_cluster: dict[str, list[Row[Any]]] = defaultdict(list)
    for member in session.execute(query):
        by_cluster[member.cluster_id].append(member)
    return {a.id: [m for m in by_cluster.get(a.cluster_id, []) if m.id != a.id] for a in articles}


def _one_of(session: Session, column: Any, values: list[str]) -> ColumnElement[bool]:
    """`column IN values`; on PostgreSQL `= ANY(array)`, one statement text whatever the count (so it is prepared)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("one_of", values, type_=ARRAY(String)))
    return column.in_(values)


def revisions(session: Session, article_id: str) -> list[ArticleRevision]:
    query = select(ArticleRevision).where(ArticleRevision.article_id == article_id)
    return list(session.scalars(query.order_by(ArticleRevision.revision)))


def get_articles(session: Session, ids: Sequence[str]) -> dict[str, Article]:
    if not ids:
        return {}
    return {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(set(ids))))}


def list_runs(
    session: Session,
    *,
    limit: int,
    source: str | None = None,
    status: str | None = None,
    before_id: int | None = None,
) -> list[CrawlRun]:
    """Crawl runs, newest first, keyset-paginated on id."""
    query = select(CrawlRun)
    if source is not None:
        query = query.where(CrawlRun.source == source)
    if status is not None:
        query = query.where(CrawlRun.status == status)
    if before_id is not None:
        query = query.where(CrawlRun.id < before_id)
    return list(session.scalars(query.order_by(CrawlRun.id.desc()).limit(limit)))


def last_runs(session: Session, *, per_source: int = 5) -> dict[str, list[CrawlRun]]:
    """The latest `per_source` runs of every source, newest first."""
    ranked = select(
        CrawlRun.id, func.row_number().over(partition_by=CrawlRun.source, order_by=CrawlRun.id.desc()).label("rank")
    ).subquery()
    query = (
        select(CrawlRun)
        .join(ranked, ranked.c.id == CrawlRun.id)
        .where(ranked.c.rank <= per_source)
        .order_by(CrawlRun.source, CrawlRun.id.desc())
    )
    runs: dict[str, list[CrawlRun]] = defaultdict(list)
    for run in session.scalars(query):
        runs[run.source].append(run)
    return dict(runs)


def article_counts(session: Session) -> dict[str, tuple[int, int]]:
    """Per source: (articles stored, canonical articles)."""
    canonical = func.count().filter(Article.cluster_id == Article.id)
    rows = session.execute(select(Article.source, func.count(), canonical).group_by(Article.source))
    return {source: (int(total), int(canon or 0)) for source, total, canon in rows}
