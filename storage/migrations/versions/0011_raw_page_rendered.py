"""Raw pages say whether their body is the DOM a browser built (sources rendered by JavaScript).

Revision ID: 0011_raw_page_rendered
Revises: 0008_article_confidence
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_raw_page_rendered"
down_revision = "0010_article_removals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch_op:
        batch_op.add_column(sa.Column("rendered", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch_op:
        batch_op.drop_column("rendered")
