"""dedup: article fingerprints (MinHash signatures, how each article joined its cluster)

Revision ID: 0005_dedup_fingerprints
Revises: 0004_api_keys
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0005_dedup_fingerprints"
down_revision = "0004_api_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_fingerprints",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body_length", sa.Integer(), nullable=False),
        sa.Column("num_perm", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("indexed_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("match_kind", sa.String(length=8), nullable=True),
        sa.Column("matched_id", sa.String(length=32), nullable=True),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_fingerprints_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_fingerprints")),
        sa.UniqueConstraint("article_id", name=op.f("uq_article_fingerprints_article_id")),
        sqlite_autoincrement=True,  # ids never reused: readers catch up with "id > last seen"
    )
    op.create_index(op.f("ix_article_fingerprints_indexed_at"), "article_fingerprints", ["indexed_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_article_fingerprints_indexed_at"), table_name="article_fingerprints")
    op.drop_table("article_fingerprints")
