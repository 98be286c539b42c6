"""The crawl frontier and crawl heartbeats: a list section stays open (`crawl_urls.frontier_since`) from the start of
a crawl that did not complete it until one does; a running crawl says where it runs and that it lives
(`crawl_runs.host`, `pid`, `heartbeat_at`), so a dead one is swept to `interrupted`; and the database says which
database it is (`database_identity`), so a cache of it (the crawler's seen set in Redis) knows what it mirrors.

Revision ID: 0013_crawl_frontier
Revises: 0012_ops_health
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from storage.base import UTCDateTime, utcnow

revision = "0013_crawl_frontier"
down_revision = "0012_ops_health"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_urls") as batch:
        batch.add_column(sa.Column("frontier_since", UTCDateTime(), nullable=True))
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("heartbeat_at", UTCDateTime(), nullable=True))
    op.create_index("ix_crawl_runs_status", "crawl_runs", ["status"])
    identity = op.create_table(
        "database_identity",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_database_identity")),
    )
    # Drawn once, when the schema is created: a restore keeps it (the cache's other checks catch a restore), a new
    # database gets its own.
    op.bulk_insert(identity, [{"id": 1, "stamp": uuid.uuid4().hex, "created_at": utcnow()}])


def downgrade() -> None:
    op.drop_table("database_identity")
    op.drop_index("ix_crawl_runs_status", table_name="crawl_runs")
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("pid")
        batch.drop_column("host")
    with op.batch_alter_table("crawl_urls") as batch:
        batch.drop_column("frontier_since")
