"""The stored data: crawl runs, raw pages as fetched, the normalized article records, and the feed's tables (the
change log, its commit-ordered counter, consumer keys).

(The expression indexes that serve feed pages and substring search live in migrations 0002 and 0003 only: Alembic
autogenerate skips expression indexes, so they need no model declaration.) Change recording is not installed here:
`storage.session.make_session_factory` installs it on the sessionmakers that write articles.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntId, UTCDateTime, utcnow
from storage.states import PENDING, RUNNING


class CrawlRun(Base):
    """One crawl of one source: who started it, when, and what it met (stats and errors by kind)."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    trigger: Mapped[str] = mapped_column(String(20))  # cli, schedule, queue, api, demo
    status: Mapped[str] = mapped_column(String(20), default=RUNNING, index=True)  # storage.states: RUN_STATUSES
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Where the crawl runs and when it last said it lives: a running run whose process is gone is swept to
    # `interrupted` (storage.repositories.runs.sweep_dead_runs).
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RawPage(Base):
    """A response exactly as fetched (zlib-compressed body). Stored before any processing is queued."""

    __tablename__ = "raw_pages"
    __table_args__ = (
        Index("ix_raw_pages_state_fetched", "process_state", "fetched_at"),
        Index("ix_raw_pages_source_url", "source", "url"),
        Index("ix_raw_pages_source_final_url", "source", "final_url"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    status_code: Mapped[int] = mapped_column(Integer)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    body_sha256: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    process_state: Mapped[str] = mapped_column(String(12), default=PENDING)  # storage.states: PAGE_STATES
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    process_error: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(32), index=True)
    # The body is the DOM a browser built from the page (sources with `render: browser` or `auto`), not the bytes
    # the server sent.
    rendered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


# Columns that say when and from which fetch a record was last seen, not what it says: writing only these is not a
# change of the record (docs/feed.md).
BOOKKEEPING = frozenset({"last_seen_at", "updated_at", "crawl_run_id", "raw_page_id"})


class Article(Base):
    """A normalized record, one per canonical URL. `cluster_id` is the id of the story's canonical member."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_feed_order", "published_at", "id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_precision: Mapped[str | None] = mapped_column(String(10))  # "datetime" | "date"
    origin: Mapped[str | None] = mapped_column(Text)  # the source the page itself names (来源)
    author: Mapped[str | None] = mapped_column(Text)
    editor: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    site_name: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # agreement of the main-content vote on the body (0-1); null for records from before extractor 2.0
    confidence: Mapped[float | None] = mapped_column(Float)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    extractor_version: Mapped[str] = mapped_column(String(32))
    cluster_id: Mapped[str] = mapped_column(String(32), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_pages.id", ondelete="SET NULL"))
    # When a recheck found the page gone (404/410): the record leaves the feed but stays readable by id.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A rel=canonical (or og:url) the page declared outside its source's domains: remembered, never the record's URL.
    declared_canonical: Mapped[str | None] = mapped_column(Text)

    @property
    def is_canonical(self) -> bool:
        return self.cluster_id == self.id


class ArticleRevision(Base):
    """An earlier text of an article whose body changed at the same URL."""

    __tablename__ = "article_revisions"
    __table_args__ = (UniqueConstraint("article_id", "revision"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_pages.id", ondelete="SET NULL"))


class ArticleFingerprint(Base):
    """Near-duplicate state of one article: its MinHash signature and how it joined its cluster.

    The signature (uint32 little-endian values) is what the in-process LSH index is rebuilt from when a process
    starts (embedded mode), and what a flushed Redis index is refilled from (distributed mode). `id` increases with
    every (re)write, so a process catches up on rows written by others with `id > last seen`. Rows stay after
    their article leaves the near-duplicate window; only the index forgets them. `signature` is null for bodies too
    short to take part (they deduplicate on the exact hash only).
    """

    __tablename__ = "article_fingerprints"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused, even after the newest row is rewritten

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), unique=True)
    language: Mapped[str] = mapped_column(String(8))  # the shingling used: "zh" characters, "en" words
    body_length: Mapped[int] = mapped_column(Integer)
    num_perm: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # How the article joined its cluster when it was stored: "hash" (same normalized body as `matched_id`),
    # "near" (near-duplicate of `matched_id`, `match_score` = passage containment), or null (it started the cluster).
    match_kind: Mapped[str | None] = mapped_column(String(8))
    matched_id: Mapped[str | None] = mapped_column(String(32))
    match_score: Mapped[float | None] = mapped_column(Float)


class CrawlUrl(Base):
    """What the crawler remembers about one URL of a source between crawls.

    `kind = "article"` rows are the source's seen set: every URL a stored page was requested as, ended up at, or
    named as its `rel=canonical` (written in the raw page's own transaction). List, feed and sitemap rows keep the
    validators of the last complete fetch (conditional GET), and `entry` marks the ones every crawl starts from
    besides the configured start URLs (sibling columns and announced feeds found earlier). `published_at` and
    `fetched_at` decide which recent articles are fetched again for corrections, and `fetched_at` (the last time the
    page was verified) the order in which all the others are revisited.
    """

    __tablename__ = "crawl_urls"
    __table_args__ = (
        UniqueConstraint("source", "url"),
        Index("ix_crawl_urls_source_kind_published", "source", "kind", "published_at"),
        Index("ix_crawl_urls_source_kind_fetched", "source", "kind", "fetched_at"),  # the revisit order
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2048))  # canonical (common.urls); longer URLs are never requested
    kind: Mapped[str] = mapped_column(String(10))  # article, list, feed, sitemap
    entry: Mapped[bool] = mapped_column(Boolean, default=False)
    etag: Mapped[str | None] = mapped_column(String(256))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    body_sha256: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last complete fetch (200 or 304)
    status: Mapped[int | None] = mapped_column(Integer)  # HTTP status of that fetch
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a recheck answered 404/410 (null again at a 200)
    # An entry point's section is open since then: a crawl started then and did not complete it. Until one does,
    # crawls read its pages past the first that brings nothing new (crawler.state: the frontier).
    frontier_since: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DatabaseIdentity(Base):
    """One row, drawn when the schema was created: which database this is, for the caches that mirror it."""

    __tablename__ = "database_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    stamp: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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


# The operations view's tables (status page, /metrics, alerts, webhooks) live in their own module; imported here so
# they are on `Base.metadata` wherever the models are.
from storage import ops_models as _ops_models  # noqa: E402,F401
