"""The change log behind `GET /changes`: every created, updated, merged or deleted (taken down) article, numbered in
commit order.

Writers never number changes themselves. They write articles as usual; `storage.changelog` notes each article a
flush inserted or changed (`record_change` is the explicit form, for writes the ORM cannot see), and just before the
transaction commits, `assign_sequence` numbers the notes from the one-row `change_counter` with
`UPDATE ... RETURNING`. That row lock is held until COMMIT, so a transaction can only take numbers after every
earlier holder has committed or rolled back: numbers are handed out in commit order, without gaps. A reader that
sees change N therefore already sees every change below N, and a consumer that keeps its cursor (the last `seq` it
read) receives each change exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Article, ArticleChange, ChangeCounter
from storage.states import CHANGE_KINDS, CREATED, DELETED, MERGED, UPDATED

PENDING_KEY = "unionfeed.changes.pending"  # session.info: {article_id: kind} noted in this transaction
COMMITTED_KEY = "unionfeed.changes.committed"  # session.info: [Change] numbered by the commit in progress

# Precedence when one transaction touches an article several times: it is reported once, as the strongest kind.
# A removal outranks the cluster rewrite it causes: the consumer must learn to delete its copy.
_RANK = {UPDATED: 1, MERGED: 2, CREATED: 3, DELETED: 4}


@dataclass(frozen=True)
class Change:
    seq: int
    article_id: str
    kind: str
    changed_at: datetime


def record_change(session: Session, article_id: str, kind: str) -> None:
    """Note that `article_id` was created, updated, merged or deleted in this transaction; it is numbered at commit.

    Flushed ORM writes on `Article` are noted automatically; call this for writes made with plain SQL."""
    if kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change kind {kind!r}; expected one of {', '.join(CHANGE_KINDS)}")
    pending: dict[str, str] = session.info.setdefault(PENDING_KEY, {})
    current = pending.get(article_id)
    if current is None or _RANK[kind] > _RANK[current]:
        pending[article_id] = kind


def assign_sequence(session: Session) -> list[Change]:
    """Number this transaction's noted changes and store them. Called right before COMMIT (storage.changelog)."""
    pending: dict[str, str] = session.info.pop(PENDING_KEY, None) or {}
    if not pending:
        return []
    existing = set(session.scalars(select(Article.id).where(Article.id.in_(list(pending)))))
    notes = [(article_id, kind) for article_id, kind in pending.items() if article_id in existing]
    if not notes:
        return []
    counter = ChangeCounter.__table__
    # The row lock taken here is what orders committers; keep this the last thing before COMMIT.
    top = session.execute(
        update(counter).where(counter.c.id == 1).values(value=counter.c.value + len(notes)).returning(counter.c.value)
    ).scalar_one()
    now = utcnow()
    first = top - len(notes) + 1
    changes = [Change(first + i, article_id, kind, now) for i, (article_id, kind) in enumerate(notes)]
    session.execute(
        insert(ArticleChange.__table__),
        [{"seq": c.seq, "article_id": c.article_id, "kind": c.kind, "changed_at": c.changed_at} for c in changes],
    )
    return changes


def list_changes(session: Session, *, after: int, limit: int, source: str | None = None) -> list[ArticleChange]:
    """Changes with `seq > after`, oldest first."""
    query = select(ArticleChange).where(ArticleChange.seq > after)
    if source is not None:
        query = query.join(Article, Article.id == ArticleChange.article_id).where(Article.source == source)
    return list(session.scalars(query.order_by(ArticleChange.seq).limit(limit)))


def list_changes_with_articles(
    session: Session, *, after: int, limit: int, source: str | None = None
) -> list[Row[Any]]:
    """Like `list_changes`, each row also carrying its article's columns as they are now (all None when the article
    no longer exists): one query, rows not ORM objects (read-only and about three times cheaper to load)."""
    changes_table, articles = ArticleChange.__table__, Article.__table__
    query = (
        select(changes_table, articles)
        .select_from(changes_table.outerjoin(articles, articles.c.id == changes_table.c.article_id))
        .where(changes_table.c.seq > after)
    )
    if source is not None:
        query = query.where(articles.c.source == source)
    return list(session.execute(query.order_by(changes_table.c.seq).limit(limit)))


def head(session: Session) -> int:
    """The newest committed change number (0 when there is none): a cursor that means "from now on"."""
    return int(session.scalar(select(func.coalesce(func.max(ArticleChange.seq), 0))) or 0)


def last_changed_at(session: Session) -> datetime | None:
    """When the newest committed change was made (None when there is none): what any feed answer is as old as."""
    return session.scalar(select(ArticleChange.changed_at).order_by(ArticleChange.seq.desc()).limit(1))


def iter_changed_articles(
    session: Session,
    *,
    after: int,
    upto: int,
    source: str | None = None,
    batch: int = 1000,
    include_removed: bool = False,
) -> Iterator[tuple[int, Article]]:
    """Each article changed in (after, upto], once, at its latest change, in change order (for exports). Removed
    articles (taken down by their publisher) only with `include_removed`."""
    latest = (
        select(ArticleChange.article_id, func.max(ArticleChange.seq).label("seq"))
        .where(ArticleChange.seq > after, ArticleChange.seq <= upto)
        .group_by(ArticleChange.article_id)
        .subquery()
    )
    query = select(latest.c.seq, Article).join(Article, Article.id == latest.c.article_id)
    if source is not None:
        query = query.where(Article.source == source)
    if not include_removed:
        query = query.where(Article.removed_at.is_(None))
    query = query.order_by(latest.c.seq).execution_options(yield_per=batch)
    yield from session.execute(query)  # each Row unpacks as its (seq, article) tuple


def count_changed_articles(
    session: Session, *, after: int, upto: int, source: str | None = None, include_removed: bool = False
) -> int:
    query = select(func.count(func.distinct(ArticleChange.article_id))).where(
        ArticleChange.seq > after, ArticleChange.seq <= upto
    )
    query = query.join(Article, Article.id == ArticleChange.article_id)
    if source is not None:
        query = query.where(Article.source == source)
    if not include_removed:
        query = query.where(Article.removed_at.is_(None))
    return int(session.scalar(query) or 0)
