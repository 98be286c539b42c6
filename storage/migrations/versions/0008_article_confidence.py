"""Articles carry the extractor's confidence in their body (the main-content vote's agreement, 0-1).

Revision ID: 0008_article_confidence
Revises: 0007_key_roles
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_article_confidence"
down_revision = "0007_key_roles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable: records stored by an earlier extractor have none until `unionfeed reprocess` runs over them
    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("confidence")
