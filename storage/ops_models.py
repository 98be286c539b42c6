"""Tables of the operations view (status page, /metrics, alerts, webhooks): small figures maintained on write, so
reading them never scans articles or raw pages.

- `ops_counters`: per source, monotonic totals (requests, 304s, new articles, pages processed, latency histogram
  buckets, ...), what /metrics exposes as counters;
- `ops_hourly_counts` and `ops_daily_counts`: some of those figures per source and hour (for "last 24 h", kept
  `HOURLY_KEEP_DAYS`) and per source and UTC day (for "last 7 days", the sparkline and the dedup window, kept
  `DAILY_KEEP_DAYS`), so a page reads at most a few rows per source, not one per hour;
- `ops_source_state`: one row per source: its crawl-run ledger summary (last run, last success, failures in a row),
  its newest article, its extraction drift findings and the state its alerts last announced;
- `ops_page_extractions`: per processed page, which fields came out and how long the body is (the rolling window
  the drift check reads; pruned to the newest `EXTRACTIONS_KEEP` per source);
- `webhook_deliveries`: the alert outbox (one row per alert and URL, retried with backoff);
- `webhook_subscriptions`: consumer-registered URLs that receive new articles, each with its change-log cursor.

Imported at the end of `storage.models`, so the tables are on `Base.metadata`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntId, UTCDateTime, utcnow

HOURLY_KEEP_DAYS = 2  # "last 24 h"
DAILY_KEEP_DAYS = 400  # "last 7 days", the sparkline, the dedup window (90 days by default)
EXTRACTIONS_KEEP = 400
ALL_SOURCES = "*"  # the key of figures that belong to no one source (the dedup index size)


class OpsCounter(Base):
    __tablename__ = "ops_counters"

    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[float] = mapped_column(Float, default=0.0)


class _SourceCount:
    """A count per source and name in one time bucket (the bucket column is the subclass's)."""

    source: Mapped[str] = mapped_column(String(100), primary_key=True, sort_order=-2)  # the key: source, name, bucket
    name: Mapped[str] = mapped_column(String(64), primary_key=True, sort_order=-1)
    value: Mapped[int] = mapped_column(BigInteger, default=0, sort_order=1)


class OpsHourlyCount(_SourceCount, Base):
    __tablename__ = "ops_hourly_counts"
    __table_args__ = (Index("ix_ops_hourly_counts_name_hour", "name", "hour"),)

    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # hours since the epoch


class OpsDailyCount(_SourceCount, Base):
    __tablename__ = "ops_daily_counts"
    __table_args__ = (Index("ix_ops_daily_counts_name_day", "name", "day"),)

    day: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # UTC days since the epoch


class OpsSourceState(Base):
    __tablename__ = "ops_source_state"

    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    first_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_run_id: Mapped[int | None] = mapped_column(BigInteger)
    last_run_status: Mapped[str | None] = mapped_column(String(20))
    last_run_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_run_stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    newest_article_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    drift: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    extraction: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # fill rates, recent vs baseline
    drift_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alerted_state: Mapped[str | None] = mapped_column(String(20))
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OpsPageExtraction(Base):
    __tablename__ = "ops_page_extractions"
    __table_args__ = (Index("ix_ops_page_extractions_source_id", "source", "id"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    raw_page_id: Mapped[int | None] = mapped_column(BigInteger)
    url: Mapped[str] = mapped_column(Text)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16))
    title: Mapped[bool] = mapped_column(Boolean)
    published: Mapped[bool] = mapped_column(Boolean)
    author: Mapped[bool] = mapped_column(Boolean)
    origin: Mapped[bool] = mapped_column(Boolean)
    editor: Mapped[bool] = mapped_column(Boolean)
    body_length: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending, delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WebhookSubscription(Base):
    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(String(64))  # HMAC key: must be kept to sign; shown once at registration
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # change-log cursor: delivered up to here
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
