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
    return list(session.scalars(query.order_by(Article.published_at, Article.first_seen_at, Article.id)))


def articles_by_id(session: Session, ids: Collection[str]) -> list[Article]:
    if not ids:
        return []
    return list(session.scalars(select(Article).where(Article.id.in_(set(ids)))))


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
    session: Session, after_id: int, *, also_ids: Sequence[int] = (), since: datetime, num_perm: int, limit: int
) -> list[tuple[int, str, bytes, datetime]]:
    """(id, article_id, signature, indexed_at) of rows written after `after_id` (or among `also_ids`, ids an
    earlier read skipped because their transaction had not committed yet), indexed since `since`, in id order."""
    newer = ArticleFingerprint.id > after_id
    where = or_(newer, ArticleFingerprint.id.in_(list(also_ids))) if also_ids else newer
    query = (
        select(ArticleFingerprint.id, ArticleFingerprint.article_id, ArticleFingerprint.signature,
               ArticleFingerprint.indexed_at)
        .where(where, ArticleFingerprint.signature.is_not(None), ArticleFingerprint.num_perm == num_perm)
        .where(ArticleFingerprint.indexed_at >= since)
        .order_by(ArticleFingerprint.id)
        .limit(limit)
    )
    return [(row_id, article_id, bytes(sig), at) for row_id, article_id, sig, at in session.execute(query)]


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
