"""feed: commit-ordered change log, its counter, feed-order indexes

Revision ID: 0002_feed_changes
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0002_feed_changes"
down_revision = "0001"
branch_labels = None
depends_on = None

SORT_KEY = sa.text("coalesce(published_at, first_seen_at)")
CANONICAL = sa.text("cluster_id = id")


def upgrade() -> None:
    op.create_table(
        "article_changes",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("changed_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_article_changes")),
    )
    op.create_index(op.f("ix_article_changes_article_id"), "article_changes", ["article_id"], unique=False)
    op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
    )
    # Articles stored before the change log existed become its first changes, oldest first.
    op.execute(
        "INSERT INTO article_changes (seq, article_id, kind, changed_at) "
        "SELECT row_number() OVER (ORDER BY first_seen_at, id), id, 'created', first_seen_at FROM articles"
    )
    op.execute("INSERT INTO change_counter (id, value) SELECT 1, count(*) FROM articles")
    op.create_index(
        "ix_articles_canonical_feed",
        "articles",
        [SORT_KEY, "id"],
        postgresql_where=CANONICAL,
        sqlite_where=CANONICAL,
    )
    op.create_index(
        "ix_articles_canonical_source_feed",
        "articles",
        ["source", SORT_KEY, "id"],
        postgresql_where=CANONICAL,
        sqlite_where=CANONICAL,
    )


def downgrade() -> None:
    op.drop_index("ix_articles_canonical_source_feed", table_name="articles")
    op.drop_index("ix_articles_canonical_feed", table_name="articles")
    op.drop_table("change_counter")
    op.drop_index(op.f("ix_article_changes_article_id"), table_name="article_changes")
    op.drop_table("article_changes")
