"""Tables of the HTTP feed: the change log that `/changes` pages through, its commit-ordered counter, consumer keys.
(The expression indexes that serve feed pages and substring search live in migrations 0002 and 0003 only: Alembic
autogenerate skips expression indexes, so they need no model declaration.)

Imported at the end of `storage.models`, so these tables are on `Base.metadata` (Alembic autogenerate sees them) and
the automatic change recording (`storage.changelog`) is installed wherever articles can be written.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntId, UTCDateTime, utcnow

CREATED = "created"
UPDATED = "updated"
MERGED = "merged"
DELETED = "deleted"  # the page was taken down (articles.removed_at set); the record stays readable by id
CHANGE_KINDS = (CREATED, UPDATED, MERGED, DELETED)


class ArticleChange(Base):
    """One created/updated/merged/deleted record. `seq` is assigned at commit, in commit order (storage.changelog)."""

    __tablename__ = "article_changes"

    seq: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=False)
    article_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChangeCounter(Base):
    """A single row (id 1): the last change sequence number handed out. Its row lock orders the committers."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ApiKey(Base):
    """A consumer key. Only its SHA-256 is stored; the key itself is shown once, when it is created."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    # "reader": the feed's read routes; "operator": also triggers crawls (POST /crawls).
    role: Mapped[str] = mapped_column(String(10), default="reader", server_default="reader")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

