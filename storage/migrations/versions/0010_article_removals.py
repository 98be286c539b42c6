"""article removals and identity: articles.removed_at, articles.declared_canonical; the revisit order index

- `articles.removed_at`: when a recheck found the article's page gone (404/410); null while it is published.
- `articles.declared_canonical`: a rel=canonical (or og:url) the page declared outside its source's domains; the
  record keeps its own URL and only remembers this one.
- `ix_crawl_urls_source_kind_fetched`: the crawler takes each crawl's revisits in least-recently-verified order.
- Seen articles stored before the crawler kept body hashes get the hash of their last raw page, so they take part in
  the revisits like any other stored article.

Revision ID: 0010_article_removals
Revises: 0008_article_confidence
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = "0010_article_removals"
down_revision = "0008_article_confidence"
branch_labels = None
depends_on = None

BACKFILL_HASHES = """
UPDATE crawl_urls SET body_sha256 = (
    SELECT raw_pages.body_sha256 FROM raw_pages
    WHERE raw_pages.source = crawl_urls.source AND raw_pages.url = crawl_urls.url AND raw_pages.status_code = 200
    ORDER BY raw_pages.id DESC LIMIT 1
)
WHERE kind = 'article' AND body_sha256 IS NULL
"""


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("removed_at", storage.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("declared_canonical", sa.Text(), nullable=True))
    op.create_index("ix_crawl_urls_source_kind_fetched", "crawl_urls", ["source", "kind", "fetched_at"], unique=False)
    op.execute(BACKFILL_HASHES)


def downgrade() -> None:
    op.drop_index("ix_crawl_urls_source_kind_fetched", table_name="crawl_urls")
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("declared_canonical")
        batch_op.drop_column("removed_at")
