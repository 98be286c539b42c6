"""crawl state: crawl_urls (seen set, list validators, entry points, refetch bookkeeping), filled from raw_pages

Revision ID: 0006_crawl_urls
Revises: 0005_dedup_fingerprints
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0006_crawl_urls"
down_revision = "0005_dedup_fingerprints"
branch_labels = None
depends_on = None

# Every URL a stored page was requested as or ended up at is seen (what `known_urls` answered from raw_pages before).
BACKFILL = """
INSERT INTO crawl_urls (source, url, kind, entry, first_seen_at, fetched_at, status)
SELECT source, url, 'article', false, MIN(fetched_at), MAX(fetched_at), MAX(status_code)
FROM (
    SELECT source, url, fetched_at, status_code FROM raw_pages
    UNION ALL
    SELECT source, final_url, fetched_at, status_code FROM raw_pages
) AS fetched
WHERE length(url) <= 2048
GROUP BY source, url
"""


def upgrade() -> None:
    op.create_table(
        "crawl_urls",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("entry", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.String(length=256), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("body_sha256", sa.String(length=64), nullable=True),
        sa.Column("published_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_seen_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("gone_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_urls")),
        sa.UniqueConstraint("source", "url", name=op.f("uq_crawl_urls_source")),
    )
    op.create_index(
        "ix_crawl_urls_source_kind_published", "crawl_urls", ["source", "kind", "published_at"], unique=False
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_index("ix_crawl_urls_source_kind_published", table_name="crawl_urls")
    op.drop_table("crawl_urls")
