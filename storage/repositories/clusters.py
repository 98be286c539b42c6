"""Queries behind story clusters: per-key transaction locks, cluster members, fingerprint rows.

A cluster is every article sharing one `cluster_id`, the id of its canonical member. Like every repository this never
commits: the task owns the transaction, and the locks taken here are released by its COMMIT or ROLLBACK.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.orm import Session

from storage.models import Article, ArticleFingerprint

_PG_LOCKS = text(
    "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest(:keys) AS k ORDER BY 1) AS ordered"
).bindparams(bindparam("keys", type_=ARRAY(BIGINT)))


def lock_keys(session: Session, keys: Iterable[int]) -> None:
    """Hold a lock on each 64-bit key until the transaction ends; two transactions sharing a key run one at a time.

    PostgreSQL: transaction-level advisory locks, taken in ascending order (no lock-order deadlocks between two
    callers). SQLite has one writer at a time: a no-op write takes the database's write lock now, and with it every
    key (the lock is coarser, never weaker).
    """
    wanted = sorted(set(keys))
    if not wanted:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_PG_LOCKS, {"keys": wanted})
    else:
        session.execute(text("UPDATE article_fingerprints SET id = id WHERE 0 = 1"))


def members(session: Session, cluster_ids: Collection[str]) -> list[Article]:
    """Every article of these clusters, oldest first."""
    if not cluster_ids:
        return []
    query = select(Article).where(Article.cluster_id.in_(set(cluster_ids)))
    query = query.order_by(Article.published_at, Article.first_seen_at, Article.id)
    return list(session.scalars(query.execution_options(populate_existing=True)))


def articles_by_id(session: Session, ids: Collection[str]) -> list[Article]:
    """The stored articles among `ids` (an index may name one whose transaction rolled back), freshly read."""
    if not ids:
        return []
    query = select(Article).where(Article.id.in_(set(ids))).order_by(Article.id)
    return list(session.scalars(query.execution_options(populate_existing=True)))


def cluster_of(session: Session, article_ids: Collection[str]) -> dict[str, str]:
    """article id -> its cluster id as committed now (not as this session last loaded it)."""
    if not article_ids:
        return {}
    query = select(Article.id, Article.cluster_id).where(Article.id.in_(set(article_ids)))
    return {article_id: cluster_id for article_id, cluster_id in session.execute(query)}


def also_published_at(session: Session, cluster_ids: Collection[str]) -> dict[str, list[Article]]:
    """Per cluster, its members other than the canonical one, earliest published first (the feed's list)."""
    out: dict[str, list[Article]] = {cluster_id: [] for cluster_id in cluster_ids}
    for article in members(session, cluster_ids):
        if article.id != article.cluster_id:
            out[article.cluster_id].append(article)
    return out


def get_fingerprint(session: Session, article_id: str) -> ArticleFingerprint | None:
    return session.scalar(select(ArticleFingerprint).where(ArticleFingerprint.article_id == article_id))


def put_fingerprint(session: Session, article_id: str, **fields: object) -> ArticleFingerprint:
    """Write an article's fingerprint as a new row (a new `id`), so that other processes catch up on it."""
    session.execute(delete(ArticleFingerprint).where(ArticleFingerprint.article_id == article_id))
    row = ArticleFingerprint(article_id=article_id, **fields)
    session.add(row)
    session.flush()
    return row


def signatures_after(
    session: Session, after_id: int, *, since: datetime, num_perm: int, limit: int
) -> list[tuple[int, str, bytes, datetime]]:
    """(id, article_id, signature, indexed_at) of signed rows after `after_id` indexed since `since`, in id order."""
    query = (
        select(ArticleFingerprint.id, ArticleFingerprint.article_id, ArticleFingerprint.signature,
               ArticleFingerprint.indexed_at)
        .where(ArticleFingerprint.id > after_id, ArticleFingerprint.indexed_at >= since)
        .where(ArticleFingerprint.signature.is_not(None), ArticleFingerprint.num_perm == num_perm)
        .order_by(ArticleFingerprint.id)
        .limit(limit)
    )
    return [(row_id, article_id, bytes(sig), at) for row_id, article_id, sig, at in session.execute(query)]


def fingerprints_after(
    session: Session, after_id: int, *, also_ids: Sequence[int] = (), limit: int
) -> list[tuple[int, str, bytes | None, int, datetime]]:
    """(id, article_id, signature, num_perm, indexed_at) of every row written after `after_id`, plus the rows
    `also_ids` (ids an earlier read did not see: their transaction may have committed since), in id order."""
    newer = ArticleFingerprint.id > after_id
    where = or_(newer, ArticleFingerprint.id.in_(list(also_ids))) if also_ids else newer
    query = (
        select(ArticleFingerprint.id, ArticleFingerprint.article_id, ArticleFingerprint.signature,
               ArticleFingerprint.num_perm, ArticleFingerprint.indexed_at)
        .where(where)
        .order_by(ArticleFingerprint.id)
        .limit(limit)
    )
    return [
        (row_id, article_id, None if sig is None else bytes(sig), num_perm, at)
        for row_id, article_id, sig, num_perm, at in session.execute(query)
    ]


def fingerprint_ids_between(session: Session, low: int, high: int) -> list[int]:
    """Ids of the fingerprint rows with `low < id <= high`."""
    query = select(ArticleFingerprint.id).where(ArticleFingerprint.id > low, ArticleFingerprint.id <= high)
    return list(session.scalars(query))


def max_fingerprint_id(session: Session) -> int:
    return int(session.scalar(select(ArticleFingerprint.id).order_by(ArticleFingerprint.id.desc()).limit(1)) or 0)


def articles_without_fingerprint(session: Session, *, since: datetime, limit: int) -> list[Article]:
    """Articles first seen since `since` that have no fingerprint row (stored before near-duplicate detection)."""
    query = (
        select(Article)
        .outerjoin(ArticleFingerprint, ArticleFingerprint.article_id == Article.id)
        .where(ArticleFingerprint.id.is_(None), Article.first_seen_at >= since)
        .order_by(Article.first_seen_at, Article.id)
        .limit(limit)
    )
    return list(session.scalars(query))
