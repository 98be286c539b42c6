"""Queries on article fingerprints: the near-duplicate state of each article (its MinHash signature and how it joined
its cluster), which the near-duplicate indexes are filled from. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleFingerprint


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
        select(
            ArticleFingerprint.id,
            ArticleFingerprint.article_id,
            ArticleFingerprint.signature,
            ArticleFingerprint.indexed_at,
        )
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
        select(
            ArticleFingerprint.id,
            ArticleFingerprint.article_id,
            ArticleFingerprint.signature,
            ArticleFingerprint.num_perm,
            ArticleFingerprint.indexed_at,
        )
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
