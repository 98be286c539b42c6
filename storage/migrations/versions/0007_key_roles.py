"""API key roles: read-only consumer keys and operator keys that may trigger crawls.

Revision ID: 0007_key_roles
Revises: 0006_crawl_urls
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_key_roles"
down_revision = "0006_crawl_urls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=10), nullable=False, server_default="reader"))


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch_op:
        batch_op.drop_column("role")
