"""Operations view: counters and hourly and daily counts kept on write, each source's ledger summary and drift findings,
per-page extraction observations, the alert webhook outbox and consumers' webhook subscriptions.

Revision ID: 0012_ops_health
Revises: 0011_raw_page_rendered
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.base import BigIntId, UTCDateTime

revision = "0012_ops_health"
down_revision = "0011_raw_page_rendered"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ops_counters",
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("source", "name", name=op.f("pk_ops_counters")),
    )
    op.create_table(
        "ops_hourly_counts",
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("source", "name", "hour", name=op.f("pk_ops_hourly_counts")),
    )
    op.create_index("ix_ops_hourly_counts_name_hour", "ops_hourly_counts", ["name", "hour"])
    op.create_table(
        "ops_daily_counts",
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("source", "name", "day", name=op.f("pk_ops_daily_counts")),
    )
    op.create_index("ix_ops_daily_counts_name_day", "ops_daily_counts", ["name", "day"])
    op.create_table(
        "ops_source_state",
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("first_run_at", UTCDateTime(), nullable=True),
        sa.Column("last_run_id", sa.BigInteger(), nullable=True),
        sa.Column("last_run_status", sa.String(length=20), nullable=True),
        sa.Column("last_run_finished_at", UTCDateTime(), nullable=True),
        sa.Column("last_success_at", UTCDateTime(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_run_stats", sa.JSON(), nullable=False),
        sa.Column("newest_article_at", UTCDateTime(), nullable=True),
        sa.Column("drift", sa.JSON(), nullable=False),
        sa.Column("extraction", sa.JSON(), nullable=False),
        sa.Column("drift_checked_at", UTCDateTime(), nullable=True),
        sa.Column("alerted_state", sa.String(length=20), nullable=True),
        sa.Column("alerted_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_ops_source_state")),
    )
    op.create_table(
        "ops_page_extractions",
        sa.Column("id", BigIntId, nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("raw_page_id", sa.BigInteger(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Boolean(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("author", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.Boolean(), nullable=False),
        sa.Column("editor", sa.Boolean(), nullable=False),
        sa.Column("body_length", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_page_extractions")),
    )
    op.create_index("ix_ops_page_extractions_source_id", "ops_page_extractions", ["source", "id"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", BigIntId, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    op.create_index("ix_webhook_deliveries_status_next", "webhook_deliveries", ["status", "next_attempt_at"])
    op.create_table(
        "webhook_subscriptions",
        sa.Column("id", BigIntId, nullable=False),
        sa.Column("api_key_id", BigIntId, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_delivered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["api_key_id"],
            ["api_keys.id"],
            name=op.f("fk_webhook_subscriptions_api_key_id_api_keys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_subscriptions")),
    )
    op.create_index("ix_webhook_subscriptions_api_key_id", "webhook_subscriptions", ["api_key_id"])


def downgrade() -> None:
    op.drop_table("webhook_subscriptions")
    op.drop_table("webhook_deliveries")
    op.drop_table("ops_page_extractions")
    op.drop_table("ops_source_state")
    op.drop_table("ops_daily_counts")
    op.drop_table("ops_hourly_counts")
    op.drop_table("ops_counters")
