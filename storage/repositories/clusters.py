"""Queries behind story clusters: per-key transaction locks and cluster members (fingerprint rows:
`storage.repositories.fingerprints`).

A cluster is every article sharing one `cluster_id`, the id of its canonical member. Like every repository this never
commits: the task owns the transaction, and the locks taken here are released by its COMMIT or ROLLBACK.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.orm import Session

from storage.models import Article

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
