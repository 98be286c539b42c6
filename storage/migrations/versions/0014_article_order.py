"""feed order: dated records by publication time, then undated ones by first-seen time (two index tiers)

The feed ordered by coalesce(published_at, first_seen_at): an undated page took the time we found it, and so sorted
above the dated news of the same days however old it was. The order is now publication time first, undated records
after every dated one (storage/repositories/feed.py); each tier gets a partial index on canonical rows, for all
sources and per source, replacing the coalesce indexes of 0002_feed_changes.

Revision ID: 0014_article_order
Revises: 0012_ops_health
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_article_order"
down_revision = "0013_crawl_frontier"
branch_labels = None
depends_on = None

CANONICAL = "cluster_id = id"
DATED = sa.text(f"{CANONICAL} AND published_at IS NOT NULL")
UNDATED = sa.text(f"{CANONICAL} AND published_at IS NULL")
TIERS = {
    "ix_articles_canonical_dated": (["published_at", "first_seen_at", "id"], DATED),
    "ix_articles_canonical_undated": (["first_seen_at", "id"], UNDATED),
    "ix_articles_canonical_source_dated": (["source", "published_at", "first_seen_at", "id"], DATED),
    "ix_articles_canonical_source_undated": (["source", "first_seen_at", "id"], UNDATED),
}
SORT_KEY = sa.text("coalesce(published_at, first_seen_at)")


def upgrade() -> None:
    for name, (columns, where) in TIERS.items():
        op.create_index(name, "articles", columns, postgresql_where=where, sqlite_where=where)
    op.drop_index("ix_articles_canonical_source_feed", table_name="articles")
    op.drop_index("ix_articles_canonical_feed", table_name="articles")


def downgrade() -> None:
    where = sa.text(CANONICAL)
    op.create_index(
        "ix_articles_canonical_feed", "articles", [SORT_KEY, "id"], postgresql_where=where, sqlite_where=where
    )
    op.create_index(
        "ix_articles_canonical_source_feed",
        "articles",
        ["source", SORT_KEY, "id"],
        postgresql_where=where,
        sqlite_where=where,
    )
    for name in TIERS:
        op.drop_index(name, table_name="articles")
